from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "机构"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "kind", "code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]


register_snippet(OrganisationViewSet)


@hooks.register("register_admin_viewset")
def register_login_lockouts():
    from .login_lockout_admin import LoginLockoutViewSet

    return LoginLockoutViewSet()
