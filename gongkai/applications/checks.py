"""System checks of the applications settings (ids gongkai_applications.E00x)."""

from typing import Any

from django.conf import settings
from django.core import checks

from . import conf

POSITIVE_SETTINGS = {
    "GONGKAI_APPLICATIONS_DESCRIPTION_MAX_LENGTH": conf.description_max_length,
    "GONGKAI_APPLICATIONS_CORRECTION_WORKING_DAYS": conf.correction_working_days,
    "GONGKAI_APPLICATIONS_DUE_SOON_WORKING_DAYS": conf.due_soon_working_days,
}


@checks.register()
def check_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for name, read in POSITIVE_SETTINGS.items():
        try:
            valid = read() > 0
        except (TypeError, ValueError):
            valid = False
        if not valid:
            errors.append(
                checks.Error(
                    f"{name} must be a positive integer.",
                    id="gongkai_applications.E001",
                )
            )
    clock = getattr(settings, "GONGKAI_TRANSFER_CLOCK", "restart")
    if clock not in ("restart", "keep"):
        # conf.transfer_clock() falls back to "restart"; say so instead of guessing.
        errors.append(
            checks.Error(
                'GONGKAI_TRANSFER_CLOCK must be "restart" or "keep".',
                id="gongkai_applications.E002",
            )
        )
    return errors
