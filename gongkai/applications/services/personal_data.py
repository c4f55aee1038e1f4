"""Re-encryption of applicants' personal data (key rotation) and the office's export.

Rotation: with GONGKAI_PII_KEYS="NEW,OLD", reading a row decrypts with whichever key
opens it and saving encrypts with NEW, so re-saving every row leaves none under OLD;
the hashes are recomputed at the same time (which also rotates GONGKAI_PII_HASH_KEY).
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import ApplicantKind
from ..models import PII_FIELDS, PII_HASH_FIELDS, Application, PersonalDataAccess
from ..permissions import can_see_personal_data
from ..selectors import get_application_for_officer

BATCH = 500


def record_personal_data_access(
    *, application: Application, user: Any, purpose: str
) -> PersonalDataAccess:
    """Log that `user` was shown `application`'s full personal data, and why."""
    return PersonalDataAccess.objects.create(
        application=application, user=user, purpose=purpose
    )


def open_application_for_officer(
    user: Any,
    pk: int,
    *,
    purpose: str = "查看详情",
    log: bool | None = None,
    read_only_ok: bool = False,
) -> tuple[Application, bool]:
    """The application and whether `user` may see its full personal data, logging
    each showing of the full data (PersonalDataAccess): `log` True logs in any case (a
    notice download), False never (an action form), None when the data is full.
    Raises Application.DoesNotExist outside the user's departments."""
    application, full = get_application_for_officer(user, pk, read_only_ok=read_only_ok)
    if full if log is None else log:
        record_personal_data_access(application=application, user=user, purpose=purpose)
    return application, full


def reencrypt_all(*, batch: int = BATCH) -> int:
    """Re-encrypt every application's personal data with the first key; the count."""
    done = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(
                Application.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "tracking_code", *PII_FIELDS)[:batch]
            )
            for application in rows:
                application.save(update_fields=[*PII_FIELDS, *PII_HASH_FIELDS])
        if not rows:
            return done
        done += len(rows)
        last_pk = rows[-1].pk


EXPORT_COLUMNS = (
    ("display_tracking_code", gettext_lazy("查询码")),
    ("department", gettext_lazy("办理机构")),
    ("applicant_name", gettext_lazy("姓名/名称")),
    ("get_id_type_display", gettext_lazy("证件类型")),
    ("id_number", gettext_lazy("证件号码")),
    ("phone", gettext_lazy("联系电话")),
    ("email", gettext_lazy("电子邮箱")),
    ("address", gettext_lazy("通信地址")),
    ("title", gettext_lazy("所需政府信息名称")),
    ("get_status_display", gettext_lazy("状态")),
    ("received_on", gettext_lazy("收到申请日期")),
    ("due_on", gettext_lazy("答复期限")),
)
MASKED = "（已隐去）"


def export_csv(
    applications: Iterable[Application], *, user: Any, clear_purpose: str = ""
) -> str:
    """The applications as CSV (UTF-8 with BOM, for Excel).

    Personal data is masked unless the office asks for it in clear with a purpose
    (`clear_purpose`); then every application whose full data `user` may see is
    exported in clear and one PersonalDataAccess row per application records it.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([str(label) for _name, label in EXPORT_COLUMNS])
    logged = []
    for application in applications:
        clear = bool(clear_purpose) and can_see_personal_data(user, application)
        if clear:
            logged.append(
                PersonalDataAccess(
                    application=application,
                    user=user,
                    purpose=(_("导出：") + clear_purpose)[:50],
                )
            )
        writer.writerow(
            [_cell(application, name, clear) for name, _l in EXPORT_COLUMNS]
        )
    PersonalDataAccess.objects.bulk_create(logged)
    return out.getvalue()


def _cell(application: Application, name: str, clear: bool) -> str:
    if name == "id_number":
        value = application.id_number if clear else application.masked_id_number
    elif name == "phone":
        value = application.phone if clear else application.masked_phone
    elif name in ("email", "address"):
        value = getattr(application, name)
        value = value if clear or not value else MASKED
    elif name == "applicant_name" and not clear:
        value = _mask_name(application)
    else:
        value = getattr(application, name)
        value = value() if callable(value) else value
    return _safe("" if value is None else str(value))


def _mask_name(application: Application) -> str:
    """张三丰 -> 张**; an organisation's name is not personal data and stays."""
    name = application.applicant_name
    if application.applicant_kind != ApplicantKind.NATURAL_PERSON:
        return name
    return name[:1] + "*" * (len(name) - 1)


def _safe(text: str) -> str:
    # CSV injection: a cell starting with = + - @ is a formula to Excel.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
