from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from gongkai.interaction.selectors import register_letter_search

        from . import signal_handlers  # noqa: F401
        from .letter_search import search_letters

        # /hudong/ searches published letters with the site's Chinese analysis; see
        # letter_search.py for why this goes through a hook.
        register_letter_search(search_letters)
