"""Applicants' identity numbers and phone numbers: validation and masking.

- 居民身份证号码 (GB 11643-1999): 17 digits (6 area, 8 birth date, 3 sequence) and an
  ISO 7064 MOD 11-2 check character.
- 统一社会信用代码: validated by gongkai.core.organisation_codes.validate_uscc.
Pure module: no ORM, no clock.
"""

import re
from datetime import date

from django.utils.translation import gettext as _

from gongkai.core.organisation_codes import OrganisationCodeError, validate_uscc

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK_CHARS = "10X98765432"
MOBILE_PATTERN = re.compile(r"1[3-9][0-9]{9}")
LANDLINE_PATTERN = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?")
OTHER_ID_PATTERN = re.compile(r"[0-9A-Z()（）-]{5,30}")


class IdentifierError(ValueError):
    """The number is not valid; the message is user-facing Chinese."""


def resident_id_check_char(body: str) -> str:
    total = sum(int(ch) * w for ch, w in zip(body, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK_CHARS[total % 11]


def validate_resident_id(number: str) -> None:
    # [0-9], not \d: \d also matches full-width digits typed with a Chinese IME.
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise IdentifierError(_("居民身份证号码应为18位（17位数字加1位数字或X）。"))
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentifierError(_("居民身份证号码中的出生日期不正确。")) from None
    if resident_id_check_char(number[:17]) != number[17]:
        raise IdentifierError(_("居民身份证号码的校验码不正确，请核对后重新填写。"))


def validate_id_number(id_type: str, number: str) -> None:
    """Check `number` against the format of `id_type` (an IdType value)."""
    if id_type == "resident_id":
        validate_resident_id(number)
    elif id_type == "uscc":
        try:
            validate_uscc(number)
        except OrganisationCodeError as exc:
            raise IdentifierError(str(exc)) from None
    elif not OTHER_ID_PATTERN.fullmatch(number):
        raise IdentifierError(_("证件号码应为5至30位数字或大写字母。"))


def normalise_id_number(number: str) -> str:
    return number.strip().replace(" ", "").upper()


def validate_phone(phone: str) -> None:
    if not (MOBILE_PATTERN.fullmatch(phone) or LANDLINE_PATTERN.fullmatch(phone)):
        raise IdentifierError(
            _("联系电话应为11位手机号码或带区号的固定电话（如 0579-82345678）。")
        )


def normalise_phone(phone: str) -> str:
    return re.sub(r"[\s()（）]", "", phone.strip())


def phone_tail(phone: str) -> str:
    """The last four digits of a phone number: the second factor of the status page."""
    return "".join(ch for ch in phone if ch.isdigit())[-4:]


def mask_id_number(number: str) -> str:
    """330702199001011234 -> 330702********1234; short numbers keep only the last 2."""
    if len(number) > 10:
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return "*" * max(len(number) - 2, 0) + number[-2:]


def mask_phone(phone: str) -> str:
    """13812345678 -> 138****5678; landlines keep the first 3 and last 4 characters."""
    if len(phone) > 7:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * len(phone)
