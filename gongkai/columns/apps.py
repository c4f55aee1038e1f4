from django.apps import AppConfig


class ColumnsConfig(AppConfig):
    name = "gongkai.columns"
    label = "columns"
    verbose_name = "栏目"
