from django.apps import AppConfig


class InteractionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.interaction"
    verbose_name = "互动交流"
