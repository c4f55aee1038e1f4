from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Genre, IndexNumber, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["__str__", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]


class GenreViewSet(SnippetViewSet):
    model = Genre
    icon = "list-ul"
    list_display = ["name", "group", "sort_order"]
    list_filter = ["group"]


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Index numbers are issued by the system and never typed, edited or deleted."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(
        self, user: Any, action: str, instance: Any
    ) -> bool:
        return self.user_has_permission(user, action)


class IndexNumberViewSet(SnippetViewSet):
    model = IndexNumber
    icon = "key"
    list_display = [
        "number",
        "organisation",
        "year",
        "serial",
        "page",
        BooleanColumn("is_imported", label=_("导入")),  # 是/否, not raw True/False
        "issued_at",
    ]
    list_filter = ["organisation", "year", "is_imported"]
    search_fields = ["number"]
    add_to_admin_menu = False
    inspect_view_enabled = True


register_permission_policy(IndexNumber, ReadOnlyPermissionPolicy(IndexNumber))


class CatalogGroup(SnippetViewSetGroup):
    items = (TopicViewSet, GenreViewSet, IndexNumberViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "公开目录"
    menu_name = "catalog"
    menu_order = 210


register_snippet(CatalogGroup)


@hooks.register("register_log_actions")
def register_catalog_log_actions(actions: Any) -> None:
    actions.register_action(
        "gongkai.index_number.allocate", _("分配索引号"), _("分配索引号")
    )
