"""The portal frame of issue #16 in the published files: header emblem, footer marks and
links, 网站地图 and 联系我们 pages, column tree, page-number labels, 上一篇/下一篇, 主题分类."""

from gongkai.catalog.models import Topic
from gongkai.core.models import SiteIdentity
from gongkai.core.tests.factories import create_column
from gongkai.publishing.services import get_site_tree, publish_site

from .factories import PublishRootTestCase

IDENTITY = {
    "sponsor": "金华市金东区人民政府办公室",
    "site_code": "3307030001",
    "icp_number": "浙ICP备00000000号-1",
    "police_number": "浙公网安备 33070302000000号",
    "phone": "0579-80000000",
    "address": "浙江省金华市金东区",
    "conac_url": "https://bszs.conac.cn/sitename?method=show&id=1",
    "error_report_url": "https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?websiteid=3307030001",
}


class PortalFrameFilesTests(PublishRootTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        identity = SiteIdentity.for_site(cls.site)
        for field, value in IDENTITY.items():
            setattr(identity, field, value)
        identity.save()
        cls.deep = create_column(parent=cls.leaf, title="常务会议", slug="cw")
        parent = Topic.objects.create(name="财政、金融、审计")
        cls.topic = Topic.objects.create(name="财政", parent=parent)
        cls.items[1].topic = cls.topic
        cls.items[1].save_revision().publish()

    def setUp(self):
        super().setUp()
        self.report = publish_site(site=self.site)

    @property
    def tree(self):
        return get_site_tree(self.site)  # a full publish switches to a new tree

    def read(self, path):
        return (self.tree / path).read_text()

    def test_publishes_without_failures_or_broken_links(self):
        """The footer's 网站地图 and 联系我们 links resolve to published files."""
        self.assertEqual(self.report.failures, [])
        for path in (
            "wzdt/index.html",
            "lxwm/index.html",
            "static/gongkai/img/emblem.svg",
            "static/gongkai/img/conac.svg",
            "static/gongkai/img/police-record.svg",
        ):
            with self.subTest(path=path):
                self.assertTrue((self.tree / path).is_file())

    def test_every_page_has_the_emblem_and_the_footer_marks(self):
        for path in (
            "index.html",
            "zwgk/index.html",
            "zwgk/hy/item-0/index.html",
            "wzdt/index.html",
            "404.html",
        ):
            with self.subTest(path=path):
                html = self.read(path)
                self.assertIn(
                    'class="site-logo" src="/static/gongkai/img/emblem.svg"', html
                )
                self.assertIn('href="/wzdt/">网站地图</a>', html)
                self.assertIn('href="/lxwm/">联系我们</a>', html)
                self.assertIn(
                    f'href="{IDENTITY["error_report_url"].replace("&", "&amp;")}" rel="noopener">我为政府网站找错</a>',
                    html,
                )
                self.assertIn(
                    f'href="{IDENTITY["conac_url"].replace("&", "&amp;")}"', html
                )
                self.assertIn('alt="党政机关网站标识"', html)
                self.assertIn("网站标识码：3307030001", html)
                self.assertIn(
                    'href="https://beian.miit.gov.cn/" rel="noopener">浙ICP备00000000号-1</a>',
                    html,
                )
                self.assertIn("recordcode=33070302000000", html)
                self.assertIn("police-record.svg", html)

    def test_marks_without_a_value_are_left_out(self):
        identity = SiteIdentity.for_site(self.site)
        identity.conac_url = identity.error_report_url = ""
        identity.save()
        publish_site(site=self.site)
        html = (get_site_tree(self.site) / "index.html").read_text()
        self.assertNotIn("我为政府网站找错", html)
        self.assertNotIn("党政机关网站标识", html)
        self.assertIn("网站地图", html)

    def test_site_map_lists_the_column_tree(self):
        html = self.read("wzdt/index.html")
        self.assertIn("<h1>网站地图</h1>", html)
        for column in (self.column, self.leaf, self.deep, self.other):
            self.assertIn(
                f'<a href="{column.relative_url(self.site)}">{column.title}</a>', html
            )
        # Nested: 常务会议 sits inside 政府会议's list, which sits inside 政务公开's section.
        section = html[
            html.index(f'id="site-map-{self.column.pk}"') : html.index(
                f'id="site-map-{self.other.pk}"'
            )
        ]
        self.assertRegex(
            section, r"政府会议</a>\s*<ul>\s*<li><a href=\"/zwgk/hy/cw/\">常务会议"
        )

    def test_contact_page_shows_the_identity(self):
        html = self.read("lxwm/index.html")
        self.assertIn("<h1>联系我们</h1>", html)
        self.assertIn("0579-80000000", html)
        self.assertIn("浙江省金华市金东区", html)

    def test_column_pages_show_the_section_tree_with_the_current_column(self):
        html = self.read("zwgk/hy/index.html")
        tree = html[html.index('class="column-tree"') :]
        self.assertIn('<a href="/zwgk/">政务公开</a>', tree)
        self.assertIn('<a href="/zwgk/hy/" aria-current="page">政府会议</a>', tree)
        self.assertIn('<a href="/zwgk/hy/cw/">常务会议</a>', tree)
        self.assertNotIn("通知公告", tree)  # another section

    def test_page_number_labels_count_from_the_newest(self):
        """3 items, 2 a page: the front page is 第1页, numbered page 1 (the oldest) is
        第2页 and 尾页; page 2 repeats the newest items and is labelled 第1页."""
        front = self.read("zwgk/hy/index.html")
        self.assertIn("共 3 条，共 2 页", front)
        self.assertIn('aria-current="page" aria-label="第1页">1</a>', front)
        self.assertIn('<a href="/zwgk/hy/page/1/" aria-label="第2页">2</a>', front)
        self.assertIn('<a href="/zwgk/hy/page/1/">尾页</a>', front)
        oldest = self.read("zwgk/hy/page/1/index.html")
        self.assertIn("第 2 页，共 2 页", oldest)
        self.assertIn('<a href="/zwgk/hy/" rel="prev">上一页</a>', oldest)
        self.assertNotIn("尾页", oldest)
        self.assertIn("第 1 页，共 2 页", self.read("zwgk/hy/page/2/index.html"))
        self.assertNotRegex(front + oldest, r"第 ?[3-9]\d* ?页")

    def test_item_pages_link_their_neighbours_in_the_column(self):
        """Newest first: item 2 above item 1 above item 0."""
        middle = self.read("zwgk/hy/item-1/index.html")
        self.assertIn(
            '上一篇：</span><a href="/zwgk/hy/item-2/" rel="prev">会议信息2</a>', middle
        )
        self.assertIn(
            '下一篇：</span><a href="/zwgk/hy/item-0/" rel="next">会议信息0</a>', middle
        )
        self.assertIn("上一篇：</span>没有了", self.read("zwgk/hy/item-2/index.html"))
        self.assertIn("下一篇：</span>没有了", self.read("zwgk/hy/item-0/index.html"))
        self.assertIn('data-action="print">打印本页</button>', middle)
        self.assertIn('data-action="close">关闭窗口</button>', middle)

    def test_topic_shows_its_parent_without_a_backslash(self):
        html = self.read("zwgk/hy/item-1/index.html")
        self.assertIn("<dd>财政、金融、审计 &gt; 财政</dd>", html)
        self.assertNotIn("\\财政", html)

    def test_saving_the_identity_republishes_the_site(self):
        identity = SiteIdentity.for_site(self.site)
        identity.phone = "0579-81111111"
        with self.captureOnCommitCallbacks(execute=True):
            identity.save()
        self.assertIn("0579-81111111", self.read("lxwm/index.html"))
        self.assertIn("0579-81111111", self.read("zwgk/hy/item-0/index.html"))
