from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """The public record taken out again: open data API and bulk files, web archive."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.opendata"
    label = "opendata"
    verbose_name = "开放数据与网页归档"
