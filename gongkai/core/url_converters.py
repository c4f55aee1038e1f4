"""URL converters shared by the apps' urls.py.

`dbid` replaces Django's `int` for database ids in URLs: `int` matches any number of
digits, and 99999999999999999999 then overflows the database's 64-bit integer
(OverflowError on SQLite, DataError on PostgreSQL: a 500). At most 18 digits always
fits in a signed 64-bit integer, so longer ids simply do not match (404).
"""

from django.urls import register_converter


class DatabaseIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DatabaseIdConverter, "dbid")
