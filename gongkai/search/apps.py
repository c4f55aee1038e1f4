from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        # Lazy on purpose: apps.py is imported before the app registry is ready, and
        # these modules import models (tests/test_import_direction.py allows ready()).
        from gongkai.core import changes
        from gongkai.interaction.selectors import register_letter_search

        from . import result_cache, signal_handlers
        from .indexing import index_items
        from .letter_search import search_letters

        # Indexed before anyone else consumes the batch; publishing renders catalog
        # columns from the index and asks for it to be current (changes.prepare).
        changes.register("search", signal_handlers.index_changes, order=10)
        changes.register_preparer("search", index_items)
        # The correction's language model is rebuilt by the worker after each commit
        # that changed the index generation (lm_store.py), never inside a request.
        result_cache.on_bump_committed(signal_handlers.build_language_model_later)

        # /hudong/ searches published letters with the site's Chinese analysis; see
        # letter_search.py for why this goes through a hook.
        register_letter_search(search_letters)
