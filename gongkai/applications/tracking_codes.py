"""Tracking codes (查询码) of applications: unguessable, easy to read aloud and type.

12 characters from a 30-character alphabet without the look-alikes 0/O, 1/I/L and U
(about 59 bits), shown grouped as GK-XXXX-XXXX-XXXX. Pure module: no ORM, no clock.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 12
PREFIX = "GK"


def new_tracking_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def format_tracking_code(code: str) -> str:
    """ABCD2345EFGH -> GK-ABCD-2345-EFGH."""
    groups = [code[i : i + 4] for i in range(0, len(code), 4)]
    return "-".join([PREFIX, *groups])


def normalise_tracking_code(text: str) -> str | None:
    """Return the bare code from what an applicant typed, or None if it cannot be one.

    Accepts any case, spaces and dashes, with or without the GK prefix.
    """
    cleaned = re.sub(r"[\s\-－—_]", "", text).upper()
    if cleaned.startswith(PREFIX) and len(cleaned) == LENGTH + len(PREFIX):
        cleaned = cleaned[len(PREFIX) :]
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned
