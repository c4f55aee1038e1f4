"""Stored runs: per-site rules and column kinds in the database, the task queue, the admin
(latest run, history, trend, 立即检查), CSV/XLSX export, `inspect --store`, the 互动 watch."""

import csv
import io
from datetime import timedelta
from decimal import Decimal
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from gongkai.editorial.enums import Role
from gongkai.editorial.tests.factories import create_user
from gongkai.interaction import services as interaction
from gongkai.interaction.tests.factories import create_channel, create_letter

from ..models import ColumnKindTag, InspectionRule, InspectionRun, RunStatus, RunTrigger
from ..runs import request_run, run_now
from ..services import inspect_site
from .test_inspection import InspectionTestCase

URL = reverse("gongkai_inspection_report")
START = reverse("gongkai_inspection_start")


def export_url(run, file_format):
    return reverse("gongkai_inspection_export", args=[run.pk, file_format])


class SiteRulesTests(InspectionTestCase):
    def checks(self, report):
        return [f.check for f in report.findings]

    def test_a_rule_row_changes_the_threshold_of_its_site(self):
        # 通知公告's newest item is 200 days old: stale at 6 months, fresh at 7.
        self.assertIn("stale_column", self.checks(inspect_site(site=self.site)))
        InspectionRule.objects.create(
            site=self.site,
            code="stale_notice_column",
            severity="deduct",
            threshold=7,
            points=1,
            weight=5,
        )
        self.assertNotIn("stale_column", self.checks(inspect_site(site=self.site)))

    def test_a_rule_row_turns_the_misspelling_veto_into_a_deduction(self):
        self.assertTrue(inspect_site(site=self.site).failed)
        InspectionRule.objects.create(
            site=self.site, code="misspelling", severity="deduct", points=2, weight=10
        )
        report = inspect_site(site=self.site)
        self.assertFalse(report.failed)
        self.assertIn("misspelling", self.checks(report))
        self.assertLessEqual(report.score, Decimal(98))

    def test_a_column_tagged_static_is_no_longer_stale(self):
        ColumnKindTag.objects.create(column=self.notices, kind="static")
        self.assertNotIn("stale_column", self.checks(inspect_site(site=self.site)))

    def test_a_column_tag_must_be_a_column(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            ColumnKindTag(column=self.fresh, kind="news").full_clean()


class StoredRunTests(InspectionTestCase):
    def test_a_run_stores_its_findings_and_score(self):
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        self.assertEqual(run.status, RunStatus.DONE)
        self.assertTrue(run.failed)
        self.assertEqual(run.finding_count, run.findings.count())
        self.assertGreater(run.veto_count, 0)
        stored = run.findings.get(check_code="misspelling")
        self.assertEqual(stored.page_id, self.misspelt.pk)
        self.assertEqual(stored.severity, "veto")
        report = inspect_site(site=self.site)
        self.assertEqual(run.score, report.score)
        self.assertLess(run.score, 100)  # the stale and the empty column cost points

    def test_the_button_queues_one_run_that_the_task_executes(self):
        admin = create_user(is_superuser=True, is_staff=True)
        client = Client()
        client.force_login(admin)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            response = client.post(START, {"site": self.site.pk})
        self.assertRedirects(
            response, f"{URL}?site={self.site.pk}", fetch_redirect_response=False
        )
        run = InspectionRun.objects.get()
        self.assertEqual(run.status, RunStatus.QUEUED)
        self.assertEqual(run.requested_by, admin)
        page = client.get(URL, {"site": self.site.pk})
        self.assertContains(page, f'data-pending="{run.pk}"')
        self.assertNotContains(page, "立即检查</button>")
        # A second press while queued does not start another run.
        self.assertEqual(request_run(site=self.site).pk, run.pk)
        # The commit: the task is enqueued and runs (the immediate backend, on commit).
        with self.captureOnCommitCallbacks(execute=True):
            for callback in callbacks:
                callback()
        run.refresh_from_db()
        self.assertEqual(run.status, RunStatus.DONE)
        self.assertEqual(InspectionRun.objects.count(), 1)

    def test_a_run_that_raises_is_stored_as_error(self):
        InspectionRule.objects.create(
            site=self.site, code="stale_home", severity="veto"
        )
        run = InspectionRun.objects.create(site=self.site, trigger=RunTrigger.ADMIN)
        from unittest import mock

        with mock.patch(
            "gongkai.inspection.runs.inspect_site", side_effect=OSError("disk gone")
        ):
            from ..tasks import run_inspection

            run_inspection.call(run.pk)
        run.refresh_from_db()
        self.assertEqual(run.status, RunStatus.ERROR)
        self.assertIn("disk gone", run.error)

    def test_a_retried_task_does_not_run_twice(self):
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        from ..tasks import run_inspection

        self.assertEqual(run_inspection.call(run.pk), RunStatus.DONE)
        self.assertEqual(run_inspection.call(999_999), "missing")
        self.assertEqual(run.findings.count(), run.finding_count)


class CommandStoreTests(InspectionTestCase):
    def test_store_keeps_a_scheduled_run_and_exits_non_zero_on_the_veto(self):
        out = StringIO()
        with self.assertRaisesMessage(CommandError, "单项否决"):
            call_command("inspect", "--store", "--site", self.site.hostname, stdout=out)
        run = InspectionRun.objects.get()
        self.assertEqual(run.trigger, RunTrigger.SCHEDULE)
        self.assertIn(f"#{run.pk}", out.getvalue())

    def test_store_without_a_veto_exits_zero(self):
        self.misspelt.title = "学习总书记重要讲话精神"
        self.misspelt.save_revision().publish()
        from gongkai.publishing.services import publish_site

        publish_site(site=self.site)
        call_command(
            "inspect", "--store", "--site", self.site.hostname, stdout=StringIO()
        )
        self.assertFalse(InspectionRun.objects.get().failed)


class AdminRunViewTests(InspectionTestCase):
    def setUp(self):
        super().setUp()
        self.admin = create_user(is_superuser=True, is_staff=True)
        self.office = self.own.users[Role.DISCLOSURE_OFFICER]

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def test_no_stored_run_yet_says_so_and_inspects_nothing(self):
        response = self.client_for(self.admin).get(URL, {"site": self.site.pk})
        self.assertContains(response, "还没有已完成的检查记录")
        self.assertNotContains(response, "习近乎")
        self.assertEqual(InspectionRun.objects.count(), 0)

    def test_history_and_trend_of_stored_runs(self):
        first = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        self.empty.delete()  # fixed: one empty column less, one finding less
        second = run_now(site=self.site, trigger=RunTrigger.SCHEDULE)
        self.assertLess(second.finding_count, first.finding_count)
        response = self.client_for(self.admin).get(URL, {"site": self.site.pk})
        self.assertContains(response, f'data-run="{second.pk}"')
        self.assertContains(response, "<polyline")
        self.assertContains(response, f"run={first.pk}")
        older = self.client_for(self.admin).get(
            URL, {"site": self.site.pk, "run": first.pk}
        )
        self.assertContains(older, f'data-run="{first.pk}"')
        self.assertContains(older, "机构职能")

    def test_only_superusers_may_start_a_run(self):
        for user in (self.office, self.own.users[Role.EDITOR]):
            with self.subTest(user=user.username):
                self.client_for(user).post(START, {"site": self.site.pk})
        self.assertEqual(InspectionRun.objects.count(), 0)
        self.assertNotContains(self.client_for(self.office).get(URL), "立即检查")
        self.assertEqual(self.client_for(self.admin).get(START).status_code, 405)

    def test_hostile_run_and_site_values_are_404(self):
        client = self.client_for(self.admin)
        for value in ("abc", "-1", "9" * 30, "1.5", "999999"):
            with self.subTest(run=value):
                self.assertEqual(
                    client.get(URL, {"site": self.site.pk, "run": value}).status_code,
                    404,
                )
        for value in ("abc", "9" * 30, ""):
            with self.subTest(site=value):
                self.assertEqual(client.post(START, {"site": value}).status_code, 404)
        self.assertEqual(
            client.get(f"/admin/inspection/runs/{'9' * 30}/export.csv").status_code, 404
        )
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        for bad in ("pdf", "csv%00", "csv.exe", "CSV"):
            with self.subTest(format=bad):
                response = client.get(f"/admin/inspection/runs/{run.pk}/export.{bad}")
                self.assertEqual(response.status_code, 404)

    def test_csv_export_holds_every_finding_with_a_bom_and_no_formula(self):
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        run.findings.filter(check_code="empty_column").update(message="=HYPERLINK(1)")
        response = self.client_for(self.admin).get(export_url(run, "csv"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        body = response.content.decode("utf-8")
        self.assertTrue(body.startswith("\ufeff"))
        table = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
        self.assertIn("不合格", table[0][1])
        self.assertEqual(table[1][:3], ["类别", "指标", "问题"])
        self.assertEqual(len(table) - 2, run.finding_count)
        messages = [row[2] for row in table[2:]]
        self.assertTrue(any("习近乎" in m for m in messages))
        self.assertIn("'=HYPERLINK(1)", messages)

    def test_xlsx_export_is_a_workbook_with_the_findings(self):
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        response = self.client_for(self.admin).get(export_url(run, "xlsx"))
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        self.assertEqual(values[1][:2], ["类别", "指标"])
        self.assertEqual(len(values) - 2, run.finding_count)
        self.assertIn("严重错别字（严重表述错误）", [row[1] for row in values[2:]])

    def test_docx_export_is_an_inspection_report(self):
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        run.refresh_from_db()  # the score as stored (two decimals)
        response = self.client_for(self.admin).get(export_url(run, "docx"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("wordprocessingml", response["Content-Type"])
        self.assertIn(f"inspection-{run.pk}.docx", response["Content-Disposition"])
        document = Document(io.BytesIO(response.content))
        text = [p.text for p in document.paragraphs]
        self.assertTrue(text[0].endswith("网站自查报告"))
        self.assertIn(f"站点：{self.site.site_name or self.site.hostname}", text[1])
        when = timezone.localtime(run.finished_at)
        self.assertIn(f"检查时间：{when:%Y年%m月%d日 %H:%M}", text[2])
        self.assertIn("存在单项否决项", "".join(text))
        self.assertIn(f"扣分指标估算得分 {run.score} 分", "".join(text))
        veto, *rest = document.tables
        veto_rows = {row.cells[0].text: row.cells[1] for row in veto.rows[1:]}
        spelling = veto_rows["严重错别字（严重表述错误）"]
        self.assertEqual(spelling.text, "不合格")
        self.assertIn('w:fill="F4CCCC"', spelling._tc.xml)  # red
        self.assertEqual(veto_rows["站点无法访问"].text, "合格")
        self.assertIn('w:fill="D9EAD3"', veto_rows["站点无法访问"]._tc.xml)  # green
        deductions, findings = rest
        self.assertEqual(
            [c.text for c in deductions.rows[0].cells],
            ["指标", "问题数", "每条扣分", "本项最多扣分", "扣分"],
        )
        self.assertIn("空白栏目", [row.cells[0].text for row in deductions.rows[1:]])
        self.assertIn(f"估算得分：{run.score} 分", "".join(text))
        self.assertEqual(len(findings.rows) - 1, run.finding_count)
        misspelt = next(r for r in findings.rows[1:] if "习近乎" in r.cells[3].text)
        self.assertEqual(misspelt.cells[1].text, "单项否决")
        self.assertTrue(misspelt.cells[4].text.startswith(("http://", "https://")))
        self.assertIn(self.site.hostname, misspelt.cells[4].text)

    def test_docx_export_checks_who_asks(self):
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        run.findings.filter(check_code="empty_column").update(
            message="坏\x01字符\x0b"  # XML 1.0 forbids both; PostgreSQL refuses NUL
        )
        office = self.client_for(self.office).get(export_url(run, "docx"))
        self.assertEqual(office.status_code, 200)
        text = "".join(
            cell.text
            for table in Document(io.BytesIO(office.content)).tables
            for row in table.rows
            for cell in row.cells
        )
        self.assertIn("习近乎", text)
        self.assertNotIn("机构职能", text)  # another department's finding
        for user in (self.own.users[Role.EDITOR], self.own.users[Role.FINAL_APPROVER]):
            with self.subTest(user=user.username):
                response = self.client_for(user).get(export_url(run, "docx"))
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(b"PK", response.content[:2])
        admin = self.client_for(self.admin).get(export_url(run, "docx"))
        self.assertEqual(admin.status_code, 200)  # the control characters were dropped
        self.assertEqual(Client().get(export_url(run, "docx")).status_code, 302)

    def test_a_department_office_exports_only_its_own_findings(self):
        run = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        body = self.client_for(self.office).get(export_url(run, "csv")).content
        text = body.decode("utf-8")
        self.assertIn("习近乎", text)
        self.assertNotIn("机构职能", text)
        other = self.client_for(self.other.users[Role.DISCLOSURE_OFFICER])
        self.assertNotIn("习近乎", other.get(export_url(run, "csv")).content.decode())
        editor = self.client_for(self.own.users[Role.EDITOR])
        response = editor.get(export_url(run, "csv"))
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("习近乎", response.content.decode())


class UnansweredConsultationTests(InspectionTestCase):
    def letter(self, kind, received_on):
        return create_letter(
            create_channel(kind),
            self.own.organisation,
            name="张三",
            phone="13800000000",
            subject="咨询办事流程",
            body="请问如何办理？",
            wants_public=False,
            today=received_on,
        )

    def watch(self, now):
        report = inspect_site(site=self.site, now=now)
        return [f for f in report.findings if f.check == "unanswered_consultation"]

    def test_a_consultation_unanswered_for_more_than_three_months_is_a_veto(self):
        now = timezone.now()
        today = timezone.localdate()
        self.letter("consult", today - timedelta(days=80))  # under 3 months
        late = self.letter("consult", today - timedelta(days=100))
        self.letter("mailbox", today - timedelta(days=100))  # 领导信箱: not 政务咨询
        self.letter("consult", today - timedelta(days=400))  # older than a year
        found = self.watch(now)
        self.assertEqual(len(found), 1)
        self.assertIn(late.display_code, found[0].message)
        self.assertNotIn("张三", found[0].message)  # no personal data in the finding
        self.assertNotIn("13800000000", found[0].message)

    def test_a_reply_within_three_months_clears_it_a_late_one_does_not(self):
        today = timezone.localdate()
        timely = self.letter("consult", today - timedelta(days=120))
        late = self.letter("consult", today - timedelta(days=130))
        self.assertEqual(len(self.watch(timezone.now())), 2)
        for letter, replied_after in ((timely, 80), (late, 100)):
            interaction.reply_to_letter(
                letter,
                reply="已答复",
                public_body="",
                publish=False,
                today=letter.received_on + timedelta(days=replied_after),
            )
        # Answered 100 days on still counts within the year: the public listing shows
        # both dates to an inspector (the rule of interaction.watch).
        found = self.watch(timezone.now())
        self.assertEqual([late.display_code in f.message for f in found], [True])


class LiveCrawlTests(InspectionTestCase):
    """The published tree served by a local HTTP server, crawled through the service."""

    def serve(self, failing_path):
        import functools
        import threading
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self):
                if self.path == failing_path:
                    self.send_error(503)
                    return
                super().do_GET()

            def log_message(self, *args):
                pass

        handler = functools.partial(Handler, directory=str(self.tree))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    def test_a_failing_column_page_is_found_and_stored(self):
        from ..services import CrawlOptions

        base = self.serve("/tzgg/")
        run = run_now(
            site=self.site,
            trigger=RunTrigger.COMMAND,
            crawl_options=CrawlOptions(base_url=base),
        )
        unreachable = run.findings.filter(rule="unreachable_page")
        self.assertEqual([f.location for f in unreachable], ["/tzgg/"])
        self.assertEqual(unreachable[0].page_id, self.notices.pk)
        self.assertFalse(run.findings.filter(rule="site_unreachable").exists())
        self.assertFalse(run.findings.filter(rule="no_publish_time").exists())

    def test_the_command_refuses_a_bad_crawl_address_in_one_line(self):
        for value in ("file:///etc/passwd", "www.example.gov.cn"):
            with (
                self.subTest(value=value),
                self.assertRaisesMessage(CommandError, "--crawl"),
            ):
                call_command("inspect", "--crawl", value)


class IncrementalRunTests(InspectionTestCase):
    """Only the files whose manifest hash changed are parsed; the rest carry over."""

    def incremental(self):
        return run_now(site=self.site, trigger=RunTrigger.COMMAND, mode="incremental")

    def test_without_a_baseline_the_run_is_full(self):
        run = self.incremental()
        self.assertEqual(run.mode, "full")
        self.assertGreater(run.parsed_files, 5)
        self.assertTrue(run.manifest)

    def test_nothing_published_since_parses_nothing_and_keeps_the_findings(self):
        full = run_now(site=self.site, trigger=RunTrigger.COMMAND)
        run = self.incremental()
        self.assertEqual((run.mode, run.parsed_files), ("incremental", 0))
        self.assertEqual(
            sorted(run.findings.values_list("check_code", "page_id")),
            sorted(full.findings.values_list("check_code", "page_id")),
        )
        full.refresh_from_db()
        self.assertEqual(full.manifest, {})  # only the latest run keeps its manifest

    def test_a_publish_after_the_run_is_found_by_the_next_incremental_run(self):
        from gongkai.catalog.tests.factories import create_published_article
        from gongkai.publishing.services import publish_site

        run_now(site=self.site, trigger=RunTrigger.COMMAND)
        fixed = self.misspelt
        fixed.title = "学习习近平总书记重要讲话精神"
        fixed.save_revision().publish()
        slip = create_published_article(
            column=self.news,
            publisher=self.own.organisation,
            title="关于的决议学习会",
            published_at=timezone.now(),
        )
        publish_site(site=self.site)
        run = self.incremental()
        self.assertEqual(run.mode, "incremental")
        self.assertLess(run.parsed_files, len(run.manifest))
        checks = {(f.rule, f.page_id) for f in run.findings.all()}
        self.assertNotIn(("misspelling", fixed.pk), checks)  # re-read: fixed
        self.assertIn(("missing_word", slip.pk), checks)  # the new page: found

    def test_a_removed_file_makes_the_run_full(self):
        from gongkai.publishing.models import PublishedFile

        run_now(site=self.site, trigger=RunTrigger.COMMAND)
        PublishedFile.objects.filter(site=self.site, path="jgzn/index.html").delete()
        self.assertEqual(self.incremental().mode, "full")

    def test_the_command_requires_store_for_incremental(self):
        with self.assertRaisesMessage(CommandError, "--incremental"):
            call_command("inspect", "--incremental")
