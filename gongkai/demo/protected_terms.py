"""A demo 保护词 of the district government (inspection.ProtectedTerm): a fictitious district
head's name with two wrong forms, so 设置 › 保护词 is not empty. No demo text holds the wrong
forms: the demo's inspection findings do not change."""

from gongkai.core.models import Organisation
from gongkai.inspection.models import ProtectedTerm

DEMO_TERM = "陈志远"
DEMO_WRONG_FORMS = ("陈志元", "陈智远")


def ensure_demo_protected_terms(*, organisation: Organisation) -> None:
    ProtectedTerm.objects.get_or_create(
        organisation=organisation,
        term=DEMO_TERM,
        defaults={
            "wrong_forms": "\n".join(DEMO_WRONG_FORMS),
            "note": "演示数据：区长姓名（虚构）",
        },
    )
