"""The seed page (shared/seed) rendered by the demo site: every element, exact values, seed order."""

import json
from pathlib import Path

from bs4 import BeautifulSoup
from django.test import TestCase

import gongkai.demo
from gongkai.demo.builder import build_demo_site

SEED = json.loads(
    (Path(gongkai.demo.__file__).parent / "fixtures" / "seed-page.json").read_text(
        "utf-8"
    )
)


def text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


class SeedPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.demo = build_demo_site(item_count=4)

    def setUp(self):
        response = self.client.get(self.demo.seed_page.url)
        self.assertEqual(response.status_code, 200)
        self.html = response.content.decode()
        self.soup = BeautifulSoup(self.html, "html.parser")

    def test_breadcrumb_is_home_to_the_column(self):
        """首页 >> 政务公开 >> 政府会议 >> 全体会议, each a link into the tree."""
        crumbs = [text(li) for li in self.soup.select("nav.breadcrumb li")]
        self.assertEqual(crumbs, SEED["breadcrumb"])
        links = [a["href"] for a in self.soup.select("nav.breadcrumb a")]
        self.assertEqual(links[0], "/")
        self.assertEqual(links[-1], self.demo.seed_page.get_parent().url)

    def test_metadata_block_has_the_seed_values_in_order(self):
        """信息索引号, 体裁分类, 发布机构, 主题分类, 发布日期, 公开方式 with the original values."""
        rows = [
            (text(div.dt).rstrip("：:"), text(div.dd))
            for div in self.soup.select("section.metadata dl > div")
        ]
        meta = SEED["metadata"]
        self.assertEqual(
            rows,
            [
                ("信息索引号", meta["index_no"]),
                ("体裁分类", meta["genre"]),
                ("发布机构", meta["publisher"]),
                ("主题分类", meta["topic"]),
                ("发布日期", meta["publish_date"]),
                ("公开方式", meta["disclosure_mode"]),
            ],
        )
        self.assertEqual(meta["index_no"], "330703000000/2023-153702")

    def test_title_time_source_counter_and_font_switch(self):
        """The title, 发布时间 to the minute, 信息来源, 访问次数 and 字体[大 中 小]."""
        self.assertEqual(text(self.soup.select_one("h1.item-title")), SEED["title"])
        info = text(self.soup.select_one(".info-line")).replace("： ", "：")
        self.assertIn(f"发布时间：{SEED['published_at']}", info)
        self.assertIn(f"信息来源：{SEED['source']}", info)
        self.assertIn(SEED["hits_label"], info)
        counter = self.soup.select_one("[data-hits-page]")
        self.assertEqual(counter["data-hits-page"], str(self.demo.seed_page.pk))
        buttons = [text(b) for b in self.soup.select(".font-switch button")]
        self.assertEqual(buttons, SEED["font_sizes"])

    def test_graphic_interpretation_link(self):
        """The 图解 link points at the graphic interpretation of this page."""
        link = self.soup.select_one(".interpretation-links a")
        self.assertEqual(text(link), SEED["interpretation_link_label"])
        self.assertEqual(link["href"], self.demo.graphic_interpretation.url)

    def test_headline_lines(self):
        """引题, 主题 and both 副题 as published (the second keeps the original's error)."""
        headline = SEED["headline"]
        self.assertEqual(
            text(self.soup.select_one(".headline .kicker")), headline["kicker"]
        )
        self.assertEqual(
            text(self.soup.select_one(".headline .headline-main")), headline["main"]
        )
        self.assertEqual(
            [text(p) for p in self.soup.select(".headline .subtitle")],
            headline["subtitles"],
        )

    def test_all_body_paragraphs_and_byline(self):
        """The 13 body paragraphs in order, then the byline."""
        body = self.soup.select_one(".article-body")
        paragraphs = [
            text(p)
            for p in body.find_all("p", recursive=True)
            if not p.find_parent(class_="headline")
            and "byline" not in p.get("class", [])
        ]
        self.assertEqual(len(SEED["body_paragraphs"]), 13)
        self.assertEqual(
            paragraphs, [" ".join(p.split()) for p in SEED["body_paragraphs"]]
        )
        self.assertEqual(text(body.select_one("p.byline")), SEED["byline"])

    def test_qr_code_with_caption(self):
        """An inline SVG QR code (made on the server) captioned 扫一扫手机查看当前页面."""
        figure = self.soup.select_one("figure.qr")
        self.assertIsNotNone(figure.find("svg"))
        self.assertEqual(text(figure.figcaption), SEED["qr_caption"])

    def test_elements_appear_in_the_seed_order(self):
        """breadcrumb, metadata, title, info line, 图解, headline, body, byline, QR code."""
        markers = [
            'class="breadcrumb"',
            'class="metadata"',
            'class="item-title"',
            'class="info-line"',
            'class="interpretation-links"',
            'class="headline"',
            SEED["body_paragraphs"][0],
            SEED["body_paragraphs"][-1],
            'class="byline"',
            'class="qr"',
        ]
        positions = [self.html.index(marker) for marker in markers]
        self.assertEqual(positions, sorted(positions))

    def test_interpretation_links_back_to_the_seed_page(self):
        """The 图解 page names the page it interprets, with a link."""
        response = self.client.get(self.demo.graphic_interpretation.url)
        soup = BeautifulSoup(response.content, "html.parser")
        links = {a["href"]: text(a) for a in soup.select(".interprets a")}
        self.assertEqual(links, {self.demo.seed_page.url: SEED["title"]})
