from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_links  # noqa: F401 - registers the search page's admin entry points
from .models import HotTermRule, SynonymSet, UserTerm


class UserTermViewSet(SnippetViewSet):
    model = UserTerm
    icon = "doc-full"
    list_display = ["word", "note"]
    search_fields = ["word", "note"]


class SynonymSetViewSet(SnippetViewSet):
    model = SynonymSet
    icon = "list-ul"
    list_display = ["__str__"]
    search_fields = ["terms"]


class HotTermRuleViewSet(SnippetViewSet):
    """热门检索: pin or hide phrases; only users given the model's permissions see it."""

    model = HotTermRule
    icon = "pick"
    list_display = ["phrase", "action", "sort_order"]
    list_filter = ["action"]
    search_fields = ["phrase"]


class SearchDictionaryGroup(SnippetViewSetGroup):
    items = (UserTermViewSet, SynonymSetViewSet, HotTermRuleViewSet)
    menu_icon = "search"
    menu_label = "检索词库"
    menu_name = "search-dictionary"
    menu_order = 260


register_snippet(SearchDictionaryGroup)
