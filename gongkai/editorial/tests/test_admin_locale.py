"""The admin's Chinese (issue #16 B): the project catalog, branding and Wagtail's stock data.

The browser crawl (tests/browser/test_admin_chinese.py) checks every admin page; these
tests pin the parts one by one and run on both databases in seconds.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from gongkai.core.tests.factories import create_home_page

from ..workflows import (
    ROOT_TITLE,
    WAGTAIL_DEFAULT_GROUPS,
    WAGTAIL_DEFAULT_WORKFLOW,
    ensure_default_workflows,
)
from .factories import create_user

LOCALE = Path(settings.PACKAGE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


class CatalogTests(TestCase):
    def test_committed_mo_files_match_their_po(self):
        """The .mo is committed (a fresh clone needs no msgfmt); it must be the .po compiled."""
        for domain in ("django", "djangojs"):
            po = polib.pofile(str(LOCALE / f"{domain}.po"))
            mo = polib.mofile(str(LOCALE / f"{domain}.mo"))
            self.assertEqual(po.percent_translated(), 100, domain)
            compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
            for entry in po:
                got = compiled.get((entry.msgctxt, entry.msgid))
                self.assertIsNotNone(
                    got,
                    f"{domain}: {entry.msgid!r} missing from the .mo (make messages)",
                )
                if entry.msgid_plural:
                    self.assertEqual(got[1][0], entry.msgstr_plural[0], entry.msgid)
                else:
                    self.assertEqual(got[0], entry.msgstr, entry.msgid)

    def test_wagtail_strings_the_issue_saw_are_chinese(self):
        with translation.override("zh-hans"):
            for english, chinese in (
                ("Search all pages…", "搜索全部页面……"),
                ("Privacy and access", "隐私与访问"),
                ("Page types usage", "页面类型使用情况"),
                ("Search terms", "检索词"),
                ("Shortcuts", "快捷方式"),
                ("Exploring", "浏览"),
                ("Autosave is paused", "自动保存已暂停"),
                ("Content metrics", "内容统计"),
                ("Reading time", "阅读时间"),
                (
                    "There are validation errors, click save to highlight them.",
                    "存在校验错误，请点击保存以标出。",
                ),
                ("IP Address", "IP 地址"),
            ):
                self.assertEqual(gettext(english), chinese)


class AdminChromeTests(TestCase):
    def test_login_page_is_chinese_and_branded(self):
        create_home_page()  # the default site, whose name titles the admin
        response = self.client.get("/admin/login/")
        self.assertContains(response, "密码<span")
        self.assertNotContains(response, ">Password<")
        self.assertNotContains(response, "Wagtail</title>")
        self.assertContains(response, "政务公开管理后台</h1>")
        self.assertContains(response, "editorial/admin-logo.svg")

    def test_sites_listing_headers_use_the_verbose_names(self):
        create_home_page()
        self.client.force_login(create_user(is_superuser=True, is_staff=True))
        response = self.client.get("/admin/sites/")
        self.assertContains(response, "端口号")
        self.assertContains(response, "站点名称")
        self.assertNotContains(response, ">Port<")

    def test_no_gravatar_url_on_admin_pages(self):
        create_home_page()
        self.client.force_login(
            create_user(is_superuser=True, is_staff=True, email="a@example.gov.cn")
        )
        response = self.client.get("/admin/account/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "gravatar.com")


class WagtailStockDataTests(TestCase):
    def make_stock(self):
        workflow = Workflow.objects.create(name=WAGTAIL_DEFAULT_WORKFLOW)
        task = GroupApprovalTask.objects.create(name=WAGTAIL_DEFAULT_WORKFLOW)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(
            page=Page.get_first_root_node(), defaults={"workflow": workflow}
        )
        groups = [
            Group.objects.get_or_create(name=name)[0] for name in WAGTAIL_DEFAULT_GROUPS
        ]
        Page.objects.filter(depth=1).update(title="Root")
        return workflow, task, groups

    def test_unused_stock_workflow_task_groups_are_removed_and_root_renamed(self):
        self.make_stock()
        ensure_default_workflows()
        self.assertFalse(
            Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exists()
        )
        self.assertFalse(
            GroupApprovalTask.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exists()
        )
        self.assertFalse(Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).exists())
        self.assertEqual(Page.get_first_root_node().title, ROOT_TITLE)
        root_workflow = WorkflowPage.objects.get(
            page=Page.get_first_root_node()
        ).workflow
        self.assertTrue(root_workflow.name.startswith("三审"))

    def test_used_stock_data_is_kept_but_disabled(self):
        workflow, task, groups = self.make_stock()
        member = create_user()
        member.groups.add(groups[0])
        home = create_home_page()
        WorkflowState.objects.create(
            base_content_type=ContentType.objects.get_for_model(Page),
            content_type=home.content_type,
            object_id=str(home.pk),
            workflow=workflow,
            status=WorkflowState.STATUS_CANCELLED,
            requested_by=member,
        )
        ensure_default_workflows()
        workflow.refresh_from_db()
        self.assertFalse(workflow.active)  # history kept, not offered any more
        task.refresh_from_db()
        self.assertFalse(task.active)
        self.assertTrue(
            Group.objects.filter(name=groups[0].name).exists()
        )  # has a member
        self.assertFalse(Group.objects.filter(name=groups[1].name).exists())


class StoredNamesTests(TestCase):
    """Names stored by Django and Wagtail that the admin shows (issue #16 item 3)."""

    def test_every_permission_has_a_chinese_name_after_migrate(self):
        from django.contrib.auth.models import Permission

        english = [
            f"{p.content_type.app_label}.{p.codename}: {p.name}"
            for p in Permission.objects.select_related("content_type")
            if p.name.startswith("Can ") or p.name.isascii()
        ]
        self.assertEqual(english, [])
        self.assertEqual(
            Permission.objects.get(codename="add_articlepage").name, "可添加文章"
        )
        self.assertEqual(
            Permission.objects.get(codename="publish_page").name, "发布任意页面"
        )
        self.assertEqual(
            Permission.objects.get(codename="access_admin").name, "可访问管理后台"
        )

    def test_renaming_is_idempotent_and_keeps_ids(self):
        from django.apps import apps
        from django.contrib.auth.models import Permission

        from ..permission_names import rename_permissions

        before = dict(Permission.objects.values_list("pk", "name"))
        Permission.objects.filter(codename="add_articlepage").update(
            name="Can add 文章"
        )
        rename_permissions(apps.get_app_config("catalog"))
        rename_permissions(apps.get_app_config("catalog"))
        self.assertEqual(dict(Permission.objects.values_list("pk", "name")), before)

    def test_the_root_collection_is_named_in_chinese(self):
        from wagtail.models import Collection

        from ..workflows import ROOT_COLLECTION_NAME, remove_wagtail_defaults

        self.assertEqual(Collection.get_first_root_node().name, ROOT_COLLECTION_NAME)
        Collection.objects.filter(depth=1).update(name="Root")  # a flushed demo
        remove_wagtail_defaults()
        self.assertEqual(Collection.get_first_root_node().name, ROOT_COLLECTION_NAME)
