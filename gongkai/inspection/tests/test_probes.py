"""站点无法访问 over a week (rules.md §4: monitored 1 week, ≥ 20 visits a day, not opened
within 15 s in ≥ 5 % of them): the verdict at and around its thresholds from probes stored
directly, and the real probe against a local HTTP server that answers, fails, or is slow."""

import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from unittest import mock

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from gongkai.core.signals import worker_started
from gongkai.core.tests.factories import create_home_page
from gongkai.editorial.tests.factories import create_user

from .. import probes
from ..crawl import Fetched
from ..models import InspectionRule, ReachabilityProbe
from ..rules import ReachabilityWeek, judge_reachability
from ..selectors import reachability_week
from ..services import inspect_site

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


class VerdictTests(SimpleTestCase):
    """The pure rule: integers, so the 5 % boundary is exact."""

    def checks(self, probes, failures):
        return [
            (str(f.severity), f.check)
            for f in judge_reachability(ReachabilityWeek(probes, failures))
        ]

    def test_five_percent_of_a_full_week_is_the_veto_one_less_is_not(self):
        # 20 visits a day for 7 days = 140; 5 % of them = 7.
        self.assertEqual(self.checks(140, 7), [("veto", "site_unreachable")])
        self.assertEqual(self.checks(140, 6), [])

    def test_the_share_is_of_all_visits_not_a_fixed_count(self):
        # A probe every 10 minutes: 1008 a week; 5 % = 50.4, so 51 fail and 50 pass.
        self.assertEqual(self.checks(1008, 51), [("veto", "site_unreachable")])
        self.assertEqual(self.checks(1008, 50), [])
        self.assertEqual(self.checks(200, 10), [("veto", "site_unreachable")])
        self.assertEqual(self.checks(200, 9), [])

    def test_fewer_visits_than_the_rule_asks_is_a_notice_never_the_veto(self):
        self.assertEqual(self.checks(139, 139), [("notice", "site_probe")])
        self.assertEqual(self.checks(1, 1), [("notice", "site_probe")])
        [finding] = judge_reachability(ReachabilityWeek(139, 20))
        self.assertIn("访问 139 次，20 次无法打开", finding.message)
        self.assertIn("共 140 次", finding.message)

    def test_no_visit_at_all_says_the_site_is_not_monitored(self):
        [finding] = judge_reachability(ReachabilityWeek(0, 0))
        self.assertIn("未监测", finding.message)

    def test_the_slot_is_the_start_of_the_interval(self):
        self.assertEqual(
            probes.slot_of(datetime(2026, 12, 5, 12, 19, 59, tzinfo=UTC), 10),
            datetime(2026, 12, 5, 12, 10, tzinfo=UTC),
        )


class StoredWeekTests(TestCase):
    """Probes stored directly, judged by the run (SQLite and PostgreSQL alike)."""

    @classmethod
    def setUpTestData(cls):
        cls.site = Site.objects.get(root_page=create_home_page())

    def store(self, count, failures, *, start=NOW, step=timedelta(minutes=72)):
        """`count` finished probes back from `start`, the first `failures` failed."""
        ReachabilityProbe.objects.bulk_create(
            ReachabilityProbe(
                site=self.site,
                slot=start - index * step,
                probed_at=start - index * step,
                reachable=index >= failures,
                status_code=None if index < failures else 200,
                elapsed_ms=15000 if index < failures else 80 + index,
                error="无法访问（timed out）" if index < failures else "",
            )
            for index in range(count)
        )

    def vetoes(self):
        report = inspect_site(site=self.site, now=NOW)
        return [f.check for f in report.findings if str(f.severity) == "veto"]

    def test_seven_failures_of_a_weeks_140_visits_fail_the_site(self):
        self.store(140, 7, step=timedelta(minutes=72) - timedelta(seconds=1))
        self.assertEqual(reachability_week(self.site, NOW).probes, 140)
        self.assertIn("site_unreachable", self.vetoes())

    def test_six_failures_do_not(self):
        self.store(140, 6, step=timedelta(minutes=72) - timedelta(seconds=1))
        self.assertNotIn("site_unreachable", self.vetoes())

    def test_only_the_last_seven_days_of_finished_probes_count(self):
        # 140 good ones this week; 50 failures more than 7 days ago; 50 unfinished now.
        self.store(140, 0, step=timedelta(minutes=60))
        self.store(50, 50, start=NOW - timedelta(days=8))
        ReachabilityProbe.objects.bulk_create(
            ReachabilityProbe(
                site=self.site,
                slot=NOW - timedelta(seconds=index + 1),
                probed_at=NOW,
                reachable=None,
            )
            for index in range(50)
        )
        week = reachability_week(self.site, NOW)
        self.assertEqual((week.probes, week.failures), (140, 0))
        self.assertNotIn("site_unreachable", self.vetoes())

    def test_the_figures_of_the_week(self):
        self.store(150, 8, step=timedelta(minutes=60))
        week = reachability_week(self.site, NOW)
        self.assertEqual((week.probes, week.failures, week.worst_ms), (150, 8, 15000))
        self.assertEqual(week.last_at, NOW)

    def test_a_site_may_set_another_share(self):
        self.store(140, 7, step=timedelta(minutes=60))
        InspectionRule.objects.create(
            site=self.site, code="site_unreachable", severity="veto", threshold=10
        )
        self.assertNotIn("site_unreachable", self.vetoes())

    def test_the_interval_must_give_twenty_visits_a_day(self):
        rule = InspectionRule(
            site=self.site, code="site_probe", severity="notice", threshold=73
        )
        with self.assertRaises(ValidationError):
            rule.full_clean()
        rule.threshold = 72
        rule.full_clean()

    def test_the_settings_form_refuses_an_interval_too_long_in_chinese(self):
        self.client.force_login(create_user(is_superuser=True))
        add = reverse("wagtailsnippets_inspection_inspectionrule:add")
        for threshold in ("73", "0", "99999999999999999999", "十"):
            with self.subTest(threshold=threshold):
                response = self.client.post(
                    add,
                    {
                        "site": self.site.pk,
                        "code": "site_probe",
                        "severity": "notice",
                        "threshold": threshold,
                        "points": "0",
                        "weight": "0",
                        "enabled": "on",
                    },
                )
                self.assertEqual(response.status_code, 200)  # the form again
                self.assertFalse(InspectionRule.objects.exists())
                if threshold in ("73", "0"):
                    self.assertContains(response, "访问间隔应为 1–72 分钟")

    def test_the_dashboard_shows_the_weeks_figures(self):
        # The page reads the week before the real clock, not before NOW.
        self.store(150, 8, start=timezone.now(), step=timedelta(minutes=60))
        self.client.force_login(create_user(is_superuser=True))
        response = self.client.get(
            reverse("gongkai_inspection_report"), {"site": self.site.pk}
        )
        self.assertEqual(response.status_code, 200)
        text = response.content.decode()
        self.assertIn("首页访问 150 次", text)
        self.assertIn("8 次（5.3%）", text)
        self.assertIn("最长用时 15.0 秒", text)
        self.assertIn("按检查指标为单项否决", text)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.server.mode == "slow":
            time.sleep(2)  # well past the tests' 0.5 s limit
        if self.server.mode == "error":
            self.send_error(500)
            return
        data = "<html><body>首页</body></html>".encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the slow case: the probe gave up before the answer

    def log_message(self, *args):
        pass


class RealProbeTests(TestCase):
    """probes.probe_site with the real fetcher against a local server (the time limit is
    settings.GONGKAI_INSPECTION_PROBE_TIMEOUT, 0.5 s in tests)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        cls.server.mode = "ok"
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    def setUp(self):
        self.site = Site.objects.get(root_page=create_home_page())
        self.site.hostname, self.site.port = "127.0.0.1", self.server.server_address[1]
        self.site.save()
        self.server.mode = "ok"

    def probe(self, now=None):
        return probes.probe_site(self.site, minutes=10, now=now)

    def test_a_home_page_that_answers_is_reachable(self):
        probe = self.probe()
        self.assertEqual((probe.reachable, probe.status_code), (True, 200))
        self.assertIsNotNone(probe.elapsed_ms)

    def test_an_error_answer_is_unreachable(self):
        self.server.mode = "error"
        probe = self.probe()
        self.assertEqual((probe.reachable, probe.status_code), (False, 500))

    def test_a_home_page_slower_than_the_limit_is_unreachable(self):
        self.server.mode = "slow"
        probe = self.probe()
        self.assertFalse(probe.reachable)
        self.assertIsNone(probe.status_code)
        self.assertIn("无法访问", probe.error)

    def test_a_closed_port_is_unreachable(self):
        self.site.port = 1  # nothing listens on port 1 here
        self.site.save()
        self.assertFalse(self.probe().reachable)

    def test_one_visit_per_interval_whoever_asks(self):
        moment = timezone.now()
        self.assertIsNotNone(self.probe(moment))
        self.assertIsNone(self.probe(moment + timedelta(seconds=1)))
        # Two processes that both found the slot free: the constraint lets one visit.
        with mock.patch("django.db.models.query.QuerySet.exists", return_value=False):
            self.assertIsNone(self.probe(moment + timedelta(seconds=2)))
        self.assertEqual(ReachabilityProbe.objects.filter(site=self.site).count(), 1)

    def test_a_round_skips_a_site_whose_rule_is_off_and_drops_old_visits(self):
        other = Site.objects.exclude(pk=self.site.pk)
        other.delete()  # only this site in the round
        ReachabilityProbe.objects.create(
            site=self.site,
            slot=timezone.now() - timedelta(days=31),
            probed_at=timezone.now() - timedelta(days=31),
            reachable=True,
        )
        calls = []

        def fetcher(url, timeout):
            calls.append((url, timeout))
            return Fetched(200, 0.01)

        self.assertEqual(len(probes.probe_due_sites(fetcher=fetcher)), 1)
        self.assertEqual(calls, [(f"{self.site.root_url}/", 0.5)])
        self.assertEqual(ReachabilityProbe.objects.filter(site=self.site).count(), 1)
        InspectionRule.objects.create(
            site=self.site, code="site_probe", severity="notice", enabled=False
        )
        later = timezone.now() + timedelta(hours=1)
        self.assertEqual(probes.probe_due_sites(now=later, fetcher=fetcher), [])

    def test_an_answer_at_the_limit_did_not_open(self):
        # “超过（含）15 秒”: an answer that took the limit itself counts as not opened.
        probe = probes.probe_site(
            self.site, minutes=10, fetcher=lambda url, timeout: Fetched(200, timeout)
        )
        self.assertFalse(probe.reachable)

    def test_the_command_makes_one_round(self):
        Site.objects.exclude(pk=self.site.pk).delete()
        out = StringIO()
        call_command("inspect", "--probe", stdout=out)
        self.assertIn("可以打开", out.getvalue())
        self.assertEqual(ReachabilityProbe.objects.filter(site=self.site).count(), 1)

    def test_the_worker_starts_the_probe_loop_only_when_switched_on(self):
        with mock.patch.object(probes, "start_probe_thread") as start:
            worker_started.send(sender=None)  # the test settings switch it off
            start.assert_not_called()
            with self.settings(GONGKAI_INSPECTION_PROBE=True):
                worker_started.send(sender=None)
            start.assert_called_once_with()
