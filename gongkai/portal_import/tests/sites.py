"""Fixture portals for the tests: generated in the real layouts, written to a temporary
folder and served by a local HTTP server, plus the organisations and site they import into."""

import functools
import shutil
import tempfile
import threading
from dataclasses import replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from gongkai.catalog.models import Genre, Topic
from gongkai.core.models import Organisation
from gongkai.core.tests.factories import create_home_page, create_organisation
from gongkai.portal_import.fixture_sites import (
    FixtureSite,
    Publisher,
    plan_site,
    write_site,
)
from gongkai.portal_import.layouts.hanweb_jpage import DATAPROXY

GOVERNMENT = Publisher("金东区人民政府", "330703000000", 6)
OFFICE = Publisher("多湖街道办事处", "330703001000", 6)


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files, and Hanweb's list data proxy the way JCMS answers it: only to a
    POST of the column's ids (a GET gets 405, so a test proves the POST was made)."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if urlsplit(self.path).path == DATAPROXY:
            self.send_error(405)
            return
        super().do_GET()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qsl(self.rfile.read(min(length, 65536)).decode())
        parts = urlsplit(self.path)
        name = (
            Path(self.directory)
            / f"{parts.path.lstrip('/')}?{parts.query}&{urlencode(form)}"
        )
        if parts.path != DATAPROXY or not name.is_file():
            self.send_error(404)
            return
        data = name.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class ServedSite:
    """A fixture site written to a temporary folder and served over HTTP on 127.0.0.1."""

    def __init__(self, site: FixtureSite, *, jpage: bool = False) -> None:
        self.site = site
        self.folder = Path(tempfile.mkdtemp(prefix=f"gk-{site.layout}-"))
        write_site(site, self.folder, jpage=jpage)
        handler = functools.partial(QuietHandler, directory=str(self.folder))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)


def taxonomy_names() -> tuple[list[str], list[str]]:
    genres = list(Genre.objects.values_list("name", flat=True)[:6])
    topics = [
        str(topic)
        for topic in Topic.objects.filter(parent__isnull=False).select_related(
            "parent"
        )[:6]
    ]
    return genres, topics


def create_publishers() -> dict[str, Organisation]:
    return {
        publisher.name: create_organisation(
            name=publisher.name,
            code=publisher.code,
            serial_width=publisher.width,
            kind="government" if publisher is GOVERNMENT else "township",
        )
        for publisher in (GOVERNMENT, OFFICE)
    }


def create_site_home():
    """A site home page owned by the district government (created first)."""
    home = create_home_page()
    Organisation.objects.filter(name=GOVERNMENT.name).update(root_page=home)
    return home


def fixture_site(
    layout: str, count: int, *, start_id: int = 5_000_000, bad: bool = True
) -> FixtureSite:
    """`count` good items, and with `bad` three that need attention: an 索引号 in another
    scheme, an unknown 发布机构, and an 索引号 under another organisation's code."""
    genres, topics = taxonomy_names()
    site = plan_site(
        layout=layout,
        count=count + (3 if bad else 0),
        publishers=[GOVERNMENT, OFFICE],
        genres=genres,
        topics=topics,
        start_id=start_id,
        first_serial=start_id // 10 % 1_000_000,
    )  # distinct numbers per fixture site
    if bad:
        site.items[-3] = replace(site.items[-3], index_number="330703-0100-2015-0001")
        site.items[-2] = replace(site.items[-2], publisher="金东区不存在局")
        site.items[-1] = replace(site.items[-1], index_number="000014349/2017-00110")
    return site
