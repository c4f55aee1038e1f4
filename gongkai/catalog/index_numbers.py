"""The index-number (索引号) format: pure rules, no ORM.

National scheme: 前段码/后段码 = organisation code / year-serial, e.g. 000014349/2017-00110;
Zhejiang's area-code variant uses a 6-digit serial, e.g. 330703000000/2023-153702.
See shared/reference/rules.md §5.1.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class IndexNumberParts:
    code: str
    year: int
    serial: int


def format_index_number(
    template: str, *, code: str, year: int, serial: int, width: int
) -> str:
    """Render `template` ({code}, {year}, {serial}) with the serial zero-padded to `width`."""
    return template.format(code=code, year=f"{year:04d}", serial=f"{serial:0{width}d}")


def parse_index_number(template: str, number: str) -> IndexNumberParts | None:
    """Return the parts of `number` if it was written in `template`'s format, else None.

    The serial may be wider than the configured width (a counter past 99999 keeps counting).
    """
    pattern = re.escape(template)
    for name, regex in (
        ("code", r"(?P<code>[0-9A-Z]{9,18})"),
        ("year", r"(?P<year>\d{4})"),
        ("serial", r"(?P<serial>\d{3,})"),
    ):
        pattern = pattern.replace(re.escape("{" + name + "}"), regex, 1)
    match = re.fullmatch(pattern, number.strip())
    if match is None:
        return None
    return IndexNumberParts(
        code=match["code"], year=int(match["year"]), serial=int(match["serial"])
    )
