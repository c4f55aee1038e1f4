from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "gongkai.editorial"
    label = "editorial"
    verbose_name = "编审管理"
