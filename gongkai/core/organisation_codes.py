"""Codes that identify an organisation in index numbers (索引号), with their checksums.

- 行政区划代码 (12 digits, e.g. 330703000000): the area code of a government or township,
  the 6-digit GB/T 2260 county code padded with the 3+3 digit township/village levels.
- 组织机构代码 (9 chars, GB 11714-1997): 8 body characters and a check character.
- 统一社会信用代码 (18 chars, GB 32100-2015): it embeds the 组织机构代码 at positions 9-17.
See shared/reference/rules.md §5.1. Pure module: no ORM.
"""

import re

from django.utils.translation import gettext as _

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# GB/T 2260 province-level prefixes (11 北京 … 82 澳门).
PROVINCE_PREFIXES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)


class OrganisationCodeError(ValueError):
    """The code is not valid; the message is user-facing Chinese."""


def organisation_code_check_char(body: str) -> str:
    total = sum(int(ch, 36) * w for ch, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check_char(body: str) -> str:
    total = sum(
        USCC_ALPHABET.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True)
    )
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_area_code(code: str) -> None:
    # [0-9], not \d: \d also matches full-width digits typed with a Chinese IME.
    if not re.fullmatch(r"[0-9]{12}", code):
        raise OrganisationCodeError(
            _("行政区划代码应为12位数字（如 330703000000），当前为“%(code)s”。")
            % {"code": code}
        )
    if code[:2] not in PROVINCE_PREFIXES or code[2:6] == "0000":
        raise OrganisationCodeError(
            _("“%(code)s”不是有效的县级以下行政区划代码：前6位应为区县代码。")
            % {"code": code}
        )


def validate_organisation_code(code: str) -> None:
    if not re.fullmatch(r"[0-9A-Z]{8}[0-9X]", code):
        raise OrganisationCodeError(
            _(
                "组织机构代码应为9位（8位数字或大写字母加1位校验码，不含连字符），当前为“%(code)s”。"
            )
            % {"code": code}
        )
    if organisation_code_check_char(code[:8]) != code[8]:
        raise OrganisationCodeError(
            _("组织机构代码“%(code)s”的校验码不正确。") % {"code": code}
        )


def validate_uscc(code: str) -> None:
    if len(code) != 18 or any(ch not in USCC_ALPHABET for ch in code):
        raise OrganisationCodeError(
            _(
                "统一社会信用代码应为18位数字或大写字母（不含 I、O、Z、S、V），当前为“%(code)s”。"
            )
            % {"code": code}
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise OrganisationCodeError(
            _("统一社会信用代码“%(code)s”的校验码不正确。") % {"code": code}
        )


def validate_code_for_kind(code: str, kind: str) -> None:
    """Governments and townships are coded by area code or USCC; others by 组织机构代码 or USCC."""
    if len(code) == 18:
        validate_uscc(code)
    elif kind in ("government", "township"):
        validate_area_code(code)
    else:
        validate_organisation_code(code)
