from io import StringIO
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import TestCase

from gongkai.demo.builder import PASSWORD_ENV


class DemoCommandTests(TestCase):
    def test_prints_the_public_and_admin_urls_with_the_login(self):
        """The command builds the site and prints where to look and how to log in."""
        out = StringIO()
        with mock.patch.dict("os.environ", {PASSWORD_ENV: ""}):
            call_command("demo", items=2, stdout=out)
        text = out.getvalue()
        for expected in (
            "首页：http://127.0.0.1:8000/",
            "栏目（政务公开）：http://127.0.0.1:8000/zwgk/",
            "种子页面：http://127.0.0.1:8000/zwgk/zfhy/qtqh/art-59328304/",
            "图解：http://127.0.0.1:8000/zcwj/zcjd/tujie-59328304/",
            "管理后台：http://127.0.0.1:8000/admin/",
            "用户名：admin",
        ):
            with self.subTest(line=expected):
                self.assertIn(expected, text)
        self.assertRegex(text, r"密码：\S{16}")

    def test_serve_address_is_checked_before_building(self):
        """A malformed --serve address fails with a one-line Chinese error."""
        with self.assertRaisesMessage(CommandError, "地址:端口"):
            call_command("demo", items=0, serve="localhost", stdout=StringIO())

    def test_negative_item_count_is_refused(self):
        """--items below zero is a one-line error, not a traceback."""
        with self.assertRaisesMessage(CommandError, "信息条数不能为负数"):
            call_command("demo", items=-1, stdout=StringIO())
