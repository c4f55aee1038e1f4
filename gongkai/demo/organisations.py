"""The demo's publishing organisations (发布机构) of 金东区.

The district government and its office carry their real codes (the area code of the
index numbers on jindong.gov.cn and the office's 统一社会信用代码). The other codes are
demo values: made-up bodies completed with the real check characters, so they pass the
validators in gongkai.core.organisation_codes but identify no real organisation.
"""

from dataclasses import dataclass

from gongkai.core.enums import OrganisationKind
from gongkai.core.models import DEFAULT_INDEX_NUMBER_FORMAT, Organisation
from gongkai.core.organisation_codes import (
    organisation_code_check_char,
    uscc_check_char,
)

GOVERNMENT = "gov"
OFFICE = "office"
# 统一社会信用代码 prefix of a state organ (机关 11) registered in 金东区 (330703).
ORGAN_USCC_PREFIX = "11330703"


def demo_organisation_code(body: str) -> str:
    """A 9-char 组织机构代码 from an 8-char body, with its check character."""
    return body + organisation_code_check_char(body)


def demo_uscc(body: str) -> str:
    """An 18-char 统一社会信用代码 of a 金东区 state organ around a demo 组织机构代码."""
    head = ORGAN_USCC_PREFIX + demo_organisation_code(body)
    return head + uscc_check_char(head)


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    short_name: str
    kind: str
    code: str
    serial_width: int = 5
    # 发文字号 prefix, e.g. 金东政发 in 金东政发〔2023〕12号.
    document_prefix: str = ""
    parent_key: str | None = GOVERNMENT


ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        GOVERNMENT,
        "金东区人民政府",
        "区政府",
        OrganisationKind.GOVERNMENT,
        "330703000000",
        serial_width=6,
        document_prefix="金东政发",
        parent_key=None,
    ),
    OrganisationSpec(
        OFFICE,
        "金东区人民政府办公室",
        "区府办",
        OrganisationKind.DEPARTMENT,
        "11330703728895273B",
        serial_width=6,
        document_prefix="金东政办发",
    ),
    OrganisationSpec(
        "ndrc",
        "金东区发展和改革局",
        "区发改局",
        OrganisationKind.DEPARTMENT,
        demo_uscc("00262301"),
        document_prefix="金东发改",
    ),
    OrganisationSpec(
        "education",
        "金东区教育局",
        "区教育局",
        OrganisationKind.DEPARTMENT,
        demo_organisation_code("00262302"),
        document_prefix="金东教",
    ),
    OrganisationSpec(
        "finance",
        "金东区财政局",
        "区财政局",
        OrganisationKind.DEPARTMENT,
        demo_organisation_code("00262305"),
        document_prefix="金东财",
    ),
    OrganisationSpec(
        "health",
        "金东区卫生健康局",
        "区卫生健康局",
        OrganisationKind.DEPARTMENT,
        demo_uscc("00262308"),
        document_prefix="金东卫健",
    ),
    OrganisationSpec(
        "hrss",
        "金东区人力资源和社会保障局",
        "区人力社保局",
        OrganisationKind.DEPARTMENT,
        demo_organisation_code("00262309"),
        document_prefix="金东人社",
    ),
    OrganisationSpec(
        "emergency",
        "金东区应急管理局",
        "区应急管理局",
        OrganisationKind.DEPARTMENT,
        demo_organisation_code("00262311"),
        document_prefix="金东应急",
    ),
    # Township area codes: the county code 330703 plus a demo township level.
    OrganisationSpec(
        "duohu",
        "金东区多湖街道办事处",
        "多湖街道",
        OrganisationKind.TOWNSHIP,
        "330703001000",
        serial_width=6,
        document_prefix="多湖街道",
    ),
    OrganisationSpec(
        "xiaoshun",
        "金东区孝顺镇人民政府",
        "孝顺镇",
        OrganisationKind.TOWNSHIP,
        "330703101000",
        serial_width=6,
        document_prefix="孝顺镇政",
    ),
)

ORGANISATIONS_BY_KEY = {spec.key: spec for spec in ORGANISATIONS}
DEPARTMENT_KEYS = tuple(
    spec.key for spec in ORGANISATIONS if spec.kind == OrganisationKind.DEPARTMENT
)
TOWNSHIP_KEYS = tuple(
    spec.key for spec in ORGANISATIONS if spec.kind == OrganisationKind.TOWNSHIP
)


def ensure_organisations() -> dict[str, Organisation]:
    """Create the demo organisations that are missing (looked up by name); return all by key.

    Existing rows are left as they are: an administrator may have edited them.
    """
    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:  # parents come first
        organisation = Organisation.objects.filter(name=spec.name).first()
        if organisation is None:
            organisation = Organisation(
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                parent=organisations.get(spec.parent_key) if spec.parent_key else None,
                code=spec.code,
                index_number_format=DEFAULT_INDEX_NUMBER_FORMAT,
                serial_width=spec.serial_width,
            )
            organisation.full_clean()
            organisation.save()
        organisations[spec.key] = organisation
    return organisations
