"""`gongkai import` refuses bad input with one Chinese line (exit status 1) and writes
nothing; a mirror folder never yields a file outside itself."""

import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from gongkai.catalog.models import DisclosurePage
from gongkai.columns.models import ColumnPage
from gongkai.portal_import.fixture_sites import write_site
from gongkai.portal_import.models import LegacyColumn, LegacyItem
from gongkai.portal_import.sources import FolderSource

from .sites import create_publishers, create_site_home, fixture_site


class ImportCommandInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        create_publishers()
        cls.site = create_site_home().get_site()

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="gk-import-cmd-"))
        self.columns_before = ColumnPage.objects.count()

    def refused(self, *args, **options) -> str:
        with self.assertRaises(CommandError) as raised:
            call_command("import", *args, stdout=StringIO(), **options)
        message = str(raised.exception)
        self.assertNotIn("\n", message)
        self.assertFalse(LegacyItem.objects.exists() or LegacyColumn.objects.exists())
        self.assertEqual(DisclosurePage.objects.count(), 0)
        self.assertEqual(ColumnPage.objects.count(), self.columns_before)
        return message

    def test_bad_input_gets_one_chinese_line(self):
        mapping = self.folder / "map.json"
        cases = [
            ((str(self.folder / "missing"),), {"layout": "hanweb"}, "镜像文件夹"),
            (
                (str(self.folder),),
                {"layout": "wordpress"},
                "不支持的网站系统“wordpress”",
            ),
            (("ftp://example.org/",), {"layout": "hanweb"}, "不是有效的网址"),
            (("http://127.0.0.1:9/",), {"layout": "hanweb"}, "无法连接"),
            (
                (str(self.folder),),
                {"layout": "hanweb", "site": "nowhere.invalid"},
                "站点“nowhere.invalid”不存在",
            ),
            (
                (str(self.folder),),
                {"layout": "hanweb", "column_map": str(mapping)},
                "栏目对应文件",
            ),
            (
                (str(self.folder),),
                {"layout": "hanweb"},
                "没有找到 hanweb 网站的栏目或信息",
            ),
        ]
        for args, options, expected in cases:
            with self.subTest(expected=expected):
                options.setdefault("site", self.site.hostname)
                self.assertIn(expected, self.refused(*args, **options))
        for content, expected in (
            ("{not json", "不是有效的 JSON"),
            ('["a"]', "JSON 对象"),
            ('{"1": "no/such/column"}', "新栏目“no/such/column”在站点中不存在"),
        ):
            with self.subTest(content=content):
                mapping.write_text(content, encoding="utf-8")
                message = self.refused(
                    str(self.folder),
                    layout="hanweb",
                    site=self.site.hostname,
                    column_map=str(mapping),
                )
                self.assertIn(expected, message)

    def test_a_trs_mirror_read_as_hanweb_finds_nothing(self):
        write_site(fixture_site("trs", 3, bad=False), self.folder)
        self.assertIn(
            "没有找到",
            self.refused(str(self.folder), layout="hanweb", site=self.site.hostname),
        )

    def test_mirror_paths_never_leave_the_folder(self):
        inside = self.folder / "site"
        inside.mkdir()
        (self.folder / "secret.txt").write_text("secret", encoding="utf-8")
        (inside / "index.html").write_text("<html></html>", encoding="utf-8")
        (inside / "link.html").symlink_to(self.folder / "secret.txt")
        source = FolderSource(str(inside))
        self.assertIsNotNone(source.fetch("/"))
        for path in (
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/link.html",
            "http://other.invalid/index.html",
            "/" + "a/" * 300,
            "/\x00",
        ):
            with self.subTest(path=path[:40]):
                self.assertIsNone(source.fetch(path))

    def test_report_csv_is_written(self):
        write_site(fixture_site("hanweb", 2, bad=False), self.folder)
        report = self.folder / "report.csv"
        out = StringIO()
        call_command(
            "import",
            str(self.folder),
            layout="hanweb",
            site=self.site.hostname,
            report=str(report),
            stdout=out,
        )
        rows = report.read_text(encoding="utf-8-sig").splitlines()
        self.assertEqual(rows[0], "原地址,状态,新地址,原因")
        self.assertEqual(len(rows), 3)
        self.assertIn("已导入", rows[1])
        self.assertIn("新建 2，", out.getvalue())
        self.assertTrue(json.dumps(rows))
