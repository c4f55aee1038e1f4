from io import StringIO

from django.core.management import CommandError, call_command

from gongkai.publishing.services import get_site_tree

from .factories import PublishRootTestCase


class PublishCommandTests(PublishRootTestCase):
    def test_publishes_with_progress_and_a_summary(self):
        out = StringIO()
        call_command("publish", site=self.site.hostname, processes=1, stdout=out)
        self.assertIn("进度", out.getvalue())
        # 3 pages, 2 columns × (front + page/1/ + page/2/), 2 other, 网站地图 and 联系我们.
        self.assertIn("完成：页面 13 个", out.getvalue())
        self.assertTrue((get_site_tree(self.site) / "index.html").is_file())

    def test_an_unknown_site_is_one_clear_error(self):
        with self.assertRaisesMessage(
            CommandError, "没有主机名为“nowhere.test”的站点。"
        ):
            call_command("publish", site="nowhere.test", stdout=StringIO())


class VerifyCommandTests(PublishRootTestCase):
    def test_fails_on_a_changed_file_and_repair_restores_it(self):
        call_command("publish", site=self.site.hostname, processes=1, stdout=StringIO())
        (get_site_tree(self.site) / "zwgk/index.html").write_text(
            "篡改", encoding="utf-8"
        )
        out = StringIO()
        with self.assertRaisesMessage(
            CommandError, "1 个站点的发布目录与发布记录不一致"
        ):
            call_command("verify", site=self.site.hostname, stdout=out)
        self.assertIn("被修改 1 个", out.getvalue())
        self.assertIn("zwgk/index.html", out.getvalue())
        call_command("verify", site=self.site.hostname, repair=True, stdout=StringIO())
        out = StringIO()
        call_command("verify", site=self.site.hostname, stdout=out)
        self.assertIn("全部文件与发布记录一致", out.getvalue())

    def test_an_unpublished_site_is_one_clear_error(self):
        with self.assertRaisesMessage(CommandError, "尚未发布"):
            call_command("verify", site=self.site.hostname, stdout=StringIO())
