"""System checks of the deployment settings."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register


@register()
def mail_configured(app_configs, **kwargs):
    if settings.DEBUG or getattr(settings, "EMAIL_CONFIGURED", True):
        return []
    if settings.EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend":
        return []
    return [
        CheckWarning(
            "Mail is not configured: no notice or password-reset mail will be sent.",
            hint="Set GONGKAI_EMAIL_URL (e.g. smtp+tls://user:pass@host:587) "
            "and GONGKAI_EMAIL_FROM.",
            id="gongkai.W001",
        )
    ]
