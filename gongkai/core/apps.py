from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "机构与站点"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .page_forms import use_checked_form_everywhere

        use_checked_form_everywhere()
        self._collect_page_changes()

    @staticmethod
    def _collect_page_changes() -> None:
        """Pages published, unpublished or moved go into the transaction's change batch
        (changes.py); Wagtail sends these signals for pages only, with the specific page
        class as sender, hence no sender here."""
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .changes import record_moved, record_published

        page_published.connect(record_published, dispatch_uid="gongkai-changes-pub")
        page_unpublished.connect(record_published, dispatch_uid="gongkai-changes-unpub")
        post_page_move.connect(record_moved, dispatch_uid="gongkai-changes-move")
