"""Hanweb columns whose lists are loaded by JavaScript from the data proxy
(/module/web/jpage/dataproxy.jsp): the crawler follows them in a mirror folder, whether
the answers were saved with the column's form fields in their names or (wget
--post-data) without; over HTTP the importer POSTs them (test_import.py)."""

import shutil
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from gongkai.portal_import.crawler import crawl
from gongkai.portal_import.fixture_sites import (
    JPAGE_GROUP,
    Publisher,
    plan_site,
    write_site,
)
from gongkai.portal_import.layouts.hanweb import HanwebLayout
from gongkai.portal_import.layouts.hanweb_jpage import column_requests
from gongkai.portal_import.sources import FolderSource

ITEMS = 100  # one column: 45 records in the page, 46-90 and 91-100 from the proxy


class DataProxyMirrorTests(SimpleTestCase):
    def setUp(self):
        self.site = plan_site(
            layout="hanweb",
            count=ITEMS,
            publishers=[Publisher("金东区人民政府", "330703000000")],
            genres=[],
            topics=[],
            column_count=1,
        )
        self.folder = Path(tempfile.mkdtemp(prefix="gk-jpage-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        write_site(self.site, self.folder, jpage=True)
        self.proxy = self.folder / "module/web/jpage"
        self.column_page = (
            self.folder / self.site.columns[-1].path.lstrip("/")
        ).read_text()

    def crawled_items(self) -> set[str]:
        return set(crawl(FolderSource(str(self.folder)), HanwebLayout()).items)

    def test_column_page_shows_only_the_first_group(self):
        self.assertEqual(self.column_page.count("<record>"), JPAGE_GROUP)
        self.assertEqual(
            sorted(path.name for path in self.proxy.iterdir()),
            [
                "dataproxy.jsp?startrecord=46&endrecord=90&perpage=15"
                "&columnid=1229398300&unitid=7245869&webid=3",
                "dataproxy.jsp?startrecord=91&endrecord=100&perpage=15"
                "&columnid=1229398300&unitid=7245869&webid=3",
            ],
        )

    def test_answers_saved_with_the_form_in_their_names_are_followed(self):
        self.assertEqual(self.crawled_items(), {item.path for item in self.site.items})

    def test_answers_saved_by_wget_post_data_are_followed(self):
        for path in list(self.proxy.iterdir()):
            path.rename(path.with_name(path.name.split("&columnid=")[0]))
        self.assertEqual(self.crawled_items(), {item.path for item in self.site.items})

    def test_without_the_answers_only_the_embedded_records_are_found(self):
        shutil.rmtree(self.proxy)
        self.assertEqual(
            self.crawled_items(),
            {item.path for item in self.site.items[:JPAGE_GROUP]},
        )


class ColumnRequestTests(SimpleTestCase):
    def test_an_unknown_total_asks_for_the_next_group_and_the_answer_for_the_rest(
        self,
    ):
        store = (
            '<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1'
            '&amp;webid=3&amp;columnid=42&amp;unitid=7"></a>]]></nextgroup>'
        )
        first = column_requests(store, 45)
        self.assertEqual(
            first,
            [
                "/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90"
                "&perpage=15&columnid=42&unitid=7&webid=3"
            ],
        )
        layout = HanwebLayout()
        answer = (
            "<datastore><totalrecord>200</totalrecord><recordset><record><![CDATA["
            '<li><a href="/art/2020/1/2/art_42_9.html">标题</a></li>]]></record>'
            "</recordset></datastore>"
        ).encode()
        links = layout.list_links(first[0], "http://old.invalid" + first[0], answer)
        self.assertEqual(
            links,
            [
                "/art/2020/1/2/art_42_9.html",
                "/module/web/jpage/dataproxy.jsp?startrecord=91&endrecord=135"
                "&perpage=15&columnid=42&unitid=7&webid=3",
                "/module/web/jpage/dataproxy.jsp?startrecord=136&endrecord=180"
                "&perpage=15&columnid=42&unitid=7&webid=3",
                "/module/web/jpage/dataproxy.jsp?startrecord=181&endrecord=200"
                "&perpage=15&columnid=42&unitid=7&webid=3",
            ],
        )
        self.assertEqual(
            layout.request(links[1]),
            (
                "/module/web/jpage/dataproxy.jsp?startrecord=91&endrecord=135&perpage=15",
                {"columnid": "42", "unitid": "7", "webid": "3"},
            ),
        )

    def test_a_page_without_a_pager_asks_for_nothing(self):
        self.assertEqual(column_requests("<recordset></recordset>", 3), [])
