from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "机构与站点"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .page_forms import use_checked_form_everywhere

        use_checked_form_everywhere()
