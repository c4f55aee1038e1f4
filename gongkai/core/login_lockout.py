"""The page a locked-out admin login gets: Wagtail's own login page with a Chinese error.

django-axes (settings: AXES_*) counts the failures and decides the lockout; by default
it answers a bare English 429 page. This callable (AXES_LOCKOUT_CALLABLE) shows the
login form again instead, with the user name kept and the reason in Chinese.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from wagtail.admin.views.account import LoginView

from .client_address import UNKNOWN, client_address

LOCKED_STATUS = 429


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"登录失败次数过多，此账号在当前网络地址已被暂时锁定，请在 {minutes} 分钟后再试，"
        "或请系统管理员解锁。"
    )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    view = LoginView()
    view.setup(request)
    username = str(
        (credentials or {}).get("username") or request.POST.get("username", "")
    )
    # An unbound form: validating the posted one would try the password again.
    form = view.get_form_class()(request, initial={"username": username})
    form.cleaned_data = {}  # add_error on an unbound form expects it
    form.add_error(None, lockout_message())
    response = view.render_to_response(view.get_context_data(form=form))
    response.status_code = LOCKED_STATUS
    return response.render()  # axes' middleware runs after the template-response phase


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' backend, except that a call without a request is let through.

    Axes refuses authenticate() without a request; only web logins have one, and every
    web login here (Wagtail's login view, password reset) passes it. The calls without
    one are Django's test client and the shell, which have no client address to lock,
    so refusing them would only break tests, not stop an attacker.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


def lockout_client_address(request: HttpRequest) -> str | None:
    """The client address for axes (AXES_CLIENT_IP_CALLABLE): None rather than
    "unknown" when there is none (e.g. Django's test client force_login), since axes
    stores it in an IP address column, which PostgreSQL checks."""
    address = client_address(request)
    return None if address == UNKNOWN else address
