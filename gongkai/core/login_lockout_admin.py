"""登录锁定 in the Wagtail admin: the failed-login records of django-axes, which a
superuser deletes to unlock a user name + address before the cool-off ends.

Wagtail's ModelViewSet gives the list, filters and the delete confirmation with model
permissions; nobody but superusers holds axes' permissions, so only they see the menu.
No add or edit: records are written by axes alone.
"""

from axes.models import AccessAttempt
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


class ReadAndDeletePolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody adds or edits a record by hand."""

    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)


class LoginLockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = "登录锁定"
    menu_order = 900
    add_to_admin_menu = True
    name = "login_lockouts"
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["ip_address"]
    search_fields = ["username", "ip_address"]
    form_fields = [
        "username"
    ]  # required by ModelViewSet; editing is refused by the policy
    inspect_view_enabled = True


register_permission_policy(AccessAttempt, ReadAndDeletePolicy(AccessAttempt))
