"""Hanweb JCMS lists loaded by JavaScript (the `jpage` pager).

A column page embeds only the first group of its list (usually 3 pages of 15 records) in
`<script type="text/xml"><datastore>…`; the browser loads the rest by POSTing the
column's ids (columnid, unitid, webid, taken from the store's `<nextgroup>` link or the
`jpage({...})` call) to `/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15`,
which answers `<datastore><totalrecord>N</totalrecord><recordset><record><![CDATA[<li><a
href=…>…]]></record>…`. We write such a request as one site path with the form fields
appended to the query (a unique key per column and range for the crawler), and split
it again when fetching: a live site gets a POST, a mirror folder the file wget or
HTTrack saved (with or without the form fields in its name).

Parsed with regular expressions, not an XML parser: the answers are often not
well-formed (unescaped `&` in attributes, GBK declared as UTF-8).
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

DATAPROXY = "/module/web/jpage/dataproxy.jsp"
FORM_FIELDS = ("columnid", "unitid", "webid")
RANGE_FIELDS = ("startrecord", "endrecord", "perpage")
PER_PAGE = 15  # the jpage defaults, when the page does not say
GROUP_SIZE = 3
MAX_RECORDS = 1_000_000  # a column claiming more is broken; do not queue its pages

RECORD = re.compile(r"<record>(.*?)</record>", re.IGNORECASE | re.DOTALL)
TOTAL = re.compile(
    r"""(?:<totalrecord>\s*|totalRecord["']?\s*[:=]\s*["']?)(\d+)""", re.IGNORECASE
)
PER_PAGE_SETTING = re.compile(r"""perPage["']?\s*[:=]\s*["']?(\d+)""", re.IGNORECASE)
GROUP_SETTING = re.compile(r"""groupSize["']?\s*[:=]\s*["']?(\d+)""", re.IGNORECASE)
NEXT_GROUP = re.compile(
    r"<nextgroup>.*?href\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE | re.DOTALL
)
ID_SETTING = re.compile(
    r"""\b(columnid|unitid|webid)["']?\s*[:=]\s*["']?(\d+)""", re.IGNORECASE
)


def is_dataproxy(path: str) -> bool:
    return urlsplit(path).path == DATAPROXY


def split_request(path: str) -> tuple[str, dict[str, str] | None]:
    """(the URL path with only the range in its query, the POST form) of a request
    path made by `requests_for`; other paths unchanged with no form."""
    if not is_dataproxy(path):
        return path, None
    fields = dict(parse_qsl(urlsplit(path).query))
    url_query = {name: fields[name] for name in RANGE_FIELDS if name in fields}
    form = {name: fields[name] for name in FORM_FIELDS if name in fields}
    return f"{DATAPROXY}?{urlencode(url_query)}", form


def records(text: str) -> list[str]:
    """The HTML fragments of a data store's records, in order."""
    return [
        record.replace("<![CDATA[", "").replace("]]>", "")
        for record in RECORD.findall(text)
    ]


def _setting(pattern: re.Pattern[str], text: str, default: int) -> int:
    match = pattern.search(text)
    return int(match.group(1)) if match else default


def column_requests(text: str, embedded: int) -> list[str]:
    """The dataproxy requests that load the records of a column page after the
    `embedded` ones it carries ([] when it is not a jpage list, or shows them all)."""
    ids = _column_ids(text)
    if "columnid" not in ids:
        return []
    per_page = max(_setting(PER_PAGE_SETTING, text, PER_PAGE), 1)
    group = per_page * max(_setting(GROUP_SETTING, text, GROUP_SIZE), 1)
    total = _setting(TOTAL, text, -1)
    if total == -1:
        # The total is unknown until the first answer: ask for the next group; the
        # answer's <totalrecord> queues the rest (`following_requests`).
        return [_request(embedded + 1, embedded + group, per_page, ids)]
    return _range_requests(embedded + 1, min(total, MAX_RECORDS), group, per_page, ids)


def following_requests(path: str, text: str) -> list[str]:
    """After the answer `text` to the request `path`: the requests for the rest."""
    fields = dict(parse_qsl(urlsplit(path).query))
    try:
        start, end = int(fields["startrecord"]), int(fields["endrecord"])
        per_page = int(fields.get("perpage") or PER_PAGE)
    except (KeyError, ValueError):
        return []
    total = _setting(TOTAL, text, -1)
    if total <= end or per_page <= 0 or end < start:
        return []
    ids = {name: fields[name] for name in FORM_FIELDS if name in fields}
    return _range_requests(
        end + 1, min(total, MAX_RECORDS), end - start + 1, per_page, ids
    )


def _column_ids(text: str) -> dict[str, str]:
    """columnid, unitid, webid of the list: from the <nextgroup> link, else from the
    script that sets up the pager."""
    ids: dict[str, str] = {}
    link = NEXT_GROUP.search(text)
    if link is not None:
        query = urlsplit(link.group(1).replace("&amp;", "&")).query
        for name, value in parse_qsl(query):
            if name.lower() in FORM_FIELDS and value.isdigit():
                ids.setdefault(name.lower(), value)
    for name, value in ID_SETTING.findall(text):
        ids.setdefault(name.lower(), value)
    return {name: ids[name] for name in FORM_FIELDS if name in ids}


def _range_requests(
    first: int, total: int, group: int, per_page: int, ids: dict[str, str]
) -> list[str]:
    return [
        _request(start, min(start + group - 1, total), per_page, ids)
        for start in range(first, total + 1, group)
    ]


def _request(start: int, end: int, per_page: int, ids: dict[str, str]) -> str:
    query = {"startrecord": start, "endrecord": end, "perpage": per_page, **ids}
    return f"{DATAPROXY}?{urlencode(query)}"
