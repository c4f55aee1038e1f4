"""Permission names in Chinese, stored so (issue #16 item 3).

Django creates every permission with an English name ("Can add 文章", built from
"Can %(action)s %(verbose_name)s" without translation, on purpose: the name is data).
Wagtail shows these names in the group editor (the checkbox labels, the 自定义权限 and
其他权限 columns), so a Chinese admin needs them in Chinese. Translating at display would
mean copying Wagtail's group-permission templates; renaming the stored rows after every
migrate covers every screen that shows a permission, and new models too.
"""

import re
from typing import Any

from django.apps import AppConfig
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Django's default actions and the custom verbs of Wagtail's own permissions.
ACTIONS = {
    "add": gettext_lazy("添加"),
    "change": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
    "view": gettext_lazy("查看"),
    "choose": gettext_lazy("选择"),
    "lock": gettext_lazy("锁定"),
    "unlock": gettext_lazy("解锁"),
    "publish": gettext_lazy("发布"),
}
DEFAULT_NAME = re.compile(r"^Can (\w+) ")
ZH_HANS = "zh-hans"


def chinese_name(permission: Permission) -> str:
    """The Chinese name for a permission: its translation, else 可<动作><对象>."""
    translated = _(permission.name)
    if translated != permission.name:
        return translated
    match = DEFAULT_NAME.match(permission.name)
    model = permission.content_type.model_class()
    if match and match.group(1) in ACTIONS and model is not None:
        return _("可%(action)s%(object)s") % {
            "action": ACTIONS[match.group(1)],
            "object": model._meta.verbose_name,
        }
    return permission.name


def rename_permissions(app_config: AppConfig, **kwargs: Any) -> None:
    """post_migrate: give the app's permissions Chinese names (idempotent)."""
    from django.contrib.auth.management import create_permissions

    # Our receiver is connected before django.contrib.auth's (gongkai apps come first in
    # INSTALLED_APPS), so the app's permissions may not exist yet: create them first,
    # as auth's own receiver would (it skips existing rows afterwards).
    create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    permissions = Permission.objects.using(kwargs.get("using", "default")).filter(
        content_type__app_label=app_config.label
    )
    with translation.override(ZH_HANS):
        for permission in permissions.select_related("content_type"):
            name = chinese_name(permission)[:255]
            if name != permission.name:
                permission.name = name
                permission.save(update_fields=["name"])
