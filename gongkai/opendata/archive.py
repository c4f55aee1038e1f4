"""网页归档: the published site as a WARC file with its CDXJ index.

A run archives what the publisher wrote, as the manifest records it: every file of the
site's manifest is read from the live tree and checked against its SHA-256 first, so a
file changed on the web server behind the publisher's back is reported and never
archived as if it were the public record. Each file becomes a WARC `response` record
(the HTTP headers `gongkai serve` would send), or a `revisit` record when the same bytes
were archived under the same URL by an earlier run in the same folder — a monthly
archive then costs only what changed. The CDXJ index beside the WARC (Webrecorder's
cdxj-indexer, the format pywb and ReplayWeb.page read) lets a replayer seek straight to a
record.

Why our own writer loop rather than crawling the site with a capture tool (wget
--warc-file, browsertrix): the files are on disk with a manifest that says which are
public; crawling would archive only what links reach and would need the site running.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from cdxj_indexer.main import CDXJIndexer
from wagtail.models import Site
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from gongkai.publishing.models import PublishedFile
from gongkai.publishing.paths import file_to_url_path
from gongkai.publishing.services import get_site_folder, get_site_tree
from gongkai.publishing.serving import contained_regular_file, content_type_for

WARC_SUFFIX = ".warc.gz"
INDEX_SUFFIX = ".cdxj"


class ArchiveError(Exception):
    """A run that cannot start; the message is one line for the operator."""


@dataclass
class ArchiveReport:
    warc: Path
    index: Path
    responses: int = 0
    revisits: int = 0
    payload_bytes: int = 0
    # Manifest paths whose file is missing or differs from what was published.
    refused: list[str] = field(default_factory=list)


def payload_digest(data: bytes) -> str:
    """The WARC-Payload-Digest form warcio writes and cdxj-indexer reads: base32 SHA-1."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")  # noqa: S324 -- WARC's digest format, not a security use


def archive_site(*, site: Site, output: Path, now: datetime) -> ArchiveReport:
    tree = get_site_tree(site)
    if tree is None:
        raise ArchiveError(
            f"站点“{site.hostname}”尚未发布，无法归档：请先运行 gongkai publish。"
        )
    output.mkdir(parents=True, exist_ok=True)
    stem = f"{get_site_folder(site)}-{now:%Y%m%d%H%M%S}"
    report = ArchiveReport(
        warc=output / (stem + WARC_SUFFIX), index=output / (stem + INDEX_SUFFIX)
    )
    earlier = _earlier_captures(output, exclude=report.index)
    warc_date = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    # "xb": a second run in the same second must not overwrite the first archive.
    try:
        handle = open(report.warc, "xb")  # noqa: SIM115 -- closed below, removed on failure
    except FileExistsError as exc:
        raise ArchiveError(f"归档文件已存在：{report.warc}") from exc
    with handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(_warcinfo(writer, report.warc.name, site))
        for row in PublishedFile.objects.filter(site=site).order_by("path"):
            data = _published_bytes(tree, row)
            if data is None:
                report.refused.append(row.path)
                continue
            url = site.root_url + quote(file_to_url_path(row.path))
            _write_capture(writer, report, url, data, warc_date, earlier.get(url))
    CDXJIndexer(
        output=str(report.index), inputs=[str(report.warc)], sort=True
    ).process_all()
    return report


def _published_bytes(tree: Path, row: PublishedFile) -> bytes | None:
    file = contained_regular_file(tree, row.path)
    if file is None:
        return None
    data = file.read_bytes()
    return data if hashlib.sha256(data).hexdigest() == row.sha256 else None


def _warcinfo(writer: WARCWriter, filename: str, site: Site):  # type: ignore[no-untyped-def]
    info = {
        "software": "gongkai archive",
        "format": "WARC File Format 1.1",
        "isPartOf": site.root_url,
        "description": "政府网站网页归档：发布系统写出的公开页面与附件",
    }
    return writer.create_warcinfo_record(filename, info)


def _write_capture(
    writer: WARCWriter,
    report: ArchiveReport,
    url: str,
    data: bytes,
    warc_date: str,
    earlier: tuple[str, str] | None,
) -> None:
    digest = payload_digest(data)
    http_headers = StatusAndHeaders(
        "200 OK",
        [
            ("Content-Type", content_type_for(url.rsplit("/", 1)[-1] or "index.html")),
            ("Content-Length", str(len(data))),
        ],
        protocol="HTTP/1.1",
    )
    if earlier is not None and earlier[0] == digest:
        record = writer.create_revisit_record(
            url,
            digest=digest,
            refers_to_uri=url,
            refers_to_date=earlier[1],
            http_headers=http_headers,
        )
        record.rec_headers.replace_header("WARC-Date", warc_date)
        report.revisits += 1
    else:
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(data),
            length=len(data),
            http_headers=http_headers,
            warc_headers_dict={"WARC-Date": warc_date},
        )
        report.responses += 1
        report.payload_bytes += len(data)
    writer.write_record(record)


def _earlier_captures(output: Path, *, exclude: Path) -> dict[str, tuple[str, str]]:
    """URL -> (payload digest, WARC-Date) of the newest full capture in earlier indexes."""
    captures: dict[str, tuple[str, str]] = {}
    for index in sorted(output.glob("*" + INDEX_SUFFIX)):
        if index == exclude:
            continue
        for line in index.read_text(encoding="utf-8").splitlines():
            _key, timestamp, body = line.split(" ", 2)
            fields = json.loads(body)
            if fields.get("mime") == "warc/revisit" or "digest" not in fields:
                continue
            digest = (
                fields["digest"]
                if ":" in fields["digest"]
                else "sha1:" + fields["digest"]
            )
            captures[fields["url"]] = (digest, _iso(timestamp))
    return captures


def _iso(timestamp: str) -> str:
    """CDXJ's 14-digit timestamp as a WARC-Date."""
    moment = datetime.strptime(timestamp[:14], "%Y%m%d%H%M%S")  # noqa: DTZ007 -- UTC by WARC convention
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
