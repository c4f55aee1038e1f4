"""System checks of the deployment settings that Django does not check itself."""

from django.conf import settings
from django.core.checks import Warning as CheckWarning
from django.core.checks import register

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


@register()
def shared_cache_check(app_configs, **kwargs):
    """Production runs several processes: a per-process cache lets abuse limits leak."""
    if not getattr(settings, "GONGKAI_SHARED_CACHE_REQUIRED", False):
        return []
    if settings.CACHES["default"]["BACKEND"] != LOCAL_MEMORY:
        return []
    return [
        CheckWarning(
            "生产环境使用的是进程内存缓存：限流和登录锁定在多个进程之间不共享。",
            hint="设置 GONGKAI_CACHE_URL，例如 redis://127.0.0.1:6379/0。",
            id="gongkai_core.W001",
        )
    ]


@register()
def mail_configured(app_configs, **kwargs):
    """Production without GONGKAI_EMAIL_URL sends nothing; say so once at start."""
    if settings.DEBUG or getattr(settings, "EMAIL_CONFIGURED", True):
        return []
    if settings.EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend":
        return []
    return [
        CheckWarning(
            "未配置邮件发送：通知和重置密码邮件都不会发出。",
            hint="设置 GONGKAI_EMAIL_URL（如 smtp+tls://user:pass@host:587）和 GONGKAI_EMAIL_FROM。",
            id="gongkai_core.W002",
        )
    ]
