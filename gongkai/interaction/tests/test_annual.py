"""《政府网站工作年度报表》 互动交流 figures on a fixture year, against figures computed by
hand, and their CSV/XLSX export by a department's handler."""

import csv
import io
from datetime import date

from django.contrib.auth.models import Permission, User
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.core.tests.factories import create_organisation
from gongkai.interaction import selectors, services
from gongkai.interaction.annual import LetterFacts, annual_figures
from gongkai.interaction.models import InteractionOfficer, Opinion, Solicitation

from .factories import create_channel, create_letter

URL = reverse("gongkai_interaction:annual")


class RoundingTests(SimpleTestCase):
    def test_average_reply_days_round_half_up_to_one_decimal(self):
        def average(*days):
            letters = [
                LetterFacts("政务咨询", date(2025, 1, 1), date(2025, 1, 1 + d), False)
                for d in days
            ]
            return str(annual_figures(2025, letters, []).average_reply_days)

        self.assertEqual(average(1, 1, 1, 2), "1.3")  # 1.25: half up, not to even
        self.assertEqual(average(1, 1, 2), "1.3")
        self.assertEqual(average(0), "0.0")
        self.assertIsNone(annual_figures(2025, [], []).average_reply_days)

    def test_working_days_averaged_apart_and_unknown_ones_left_out(self):
        letters = [
            LetterFacts("政务咨询", date(2025, 1, 6), date(2025, 1, 9), False, 3),
            LetterFacts("政务咨询", date(2025, 1, 6), date(2025, 1, 13), False, 4),
            LetterFacts("政务咨询", date(2025, 1, 6), date(2025, 1, 7), False, None),
        ]
        figures = annual_figures(2025, letters, [])
        self.assertEqual(str(figures.average_reply_days), "3.7")  # (3 + 7 + 1) / 3
        self.assertEqual(str(figures.average_reply_working_days), "3.5")  # (3 + 4) / 2
        self.assertEqual(figures.working_days_unknown, 1)
        rows = dict(figures.rows())
        self.assertEqual(rows["平均办理时间（自然日，天）"], "3.7")
        self.assertEqual(rows["平均办理时间（工作日，天）"], "3.5")


class AnnualFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.education = create_organisation(name="示例区教育局")
        cls.health = create_organisation(name="示例区卫健局")
        consult, mailbox = create_channel("consult"), create_channel("mailbox")
        # (channel, organisation, received, replied, published)
        fixture = [
            (consult, cls.education, date(2025, 1, 6), date(2025, 1, 9), True),  # 3
            (consult, cls.education, date(2025, 3, 3), date(2025, 3, 13), False),  # 10
            # Over 元旦 2026: 1-1..1-3 off, Sunday 1-4 a 调休 working day.
            (mailbox, cls.education, date(2025, 12, 30), date(2026, 1, 5), True),  # 6
            (mailbox, cls.education, date(2025, 6, 2), None, False),
            (consult, cls.education, date(2024, 12, 31), date(2025, 1, 2), True),
            (consult, cls.health, date(2025, 5, 5), None, False),
        ]
        for channel, organisation, received, replied, published in fixture:
            letter = create_letter(channel, organisation, today=received)
            if replied:
                services.reply_to_letter(
                    letter,
                    reply="答复",
                    public_body="x",
                    publish=published,
                    today=replied,
                )
        for starts, opinions, published in (
            (date(2025, 4, 1), 2, True),
            (date(2024, 11, 1), 1, True),
        ):
            solicitation = Solicitation.objects.create(
                title="征求意见",
                organisation=cls.education,
                draft="草案",
                starts_on=starts,
                ends_on=starts,
                summary_published=published,
            )
            for _ in range(opinions):
                Opinion.objects.create(
                    solicitation=solicitation,
                    name="甲",
                    phone="13800000000",
                    body="意见",
                )
        cls.officer = User.objects.create_user("education-hudong", password="x")
        cls.officer.user_permissions.add(
            Permission.objects.get(codename="access_admin")
        )
        InteractionOfficer.objects.create(user=cls.officer, organisation=cls.education)

    def test_figures_equal_the_hand_computed_ones(self):
        figures = selectors.annual_report_figures(2025, [self.education.pk])
        # Received in 2025: 4 (the 2024-12-31 letter and 卫健局's are out).
        # Answered 3, published 2; (3 + 10 + 6) / 3 = 6.33 → 6.3 calendar days.
        self.assertEqual(
            (figures.received, figures.answered, figures.published), (4, 3, 2)
        )
        self.assertEqual(str(figures.average_reply_days), "6.3")
        # Working days after the receipt day up to the reply day:
        # 1-6 (Mon) → 1-9: 7, 8, 9 = 3; 3-3 (Mon) → 3-13: 4–7, 10–13 = 8;
        # 12-30 → 2026-1-5: 12-31, 1-4 (调休 Sunday), 1-5 = 3 (1-1..1-3 元旦 off).
        # (3 + 8 + 3) / 3 = 4.67 → 4.7 working days.
        self.assertEqual(str(figures.average_reply_working_days), "4.7")
        self.assertEqual(figures.working_days_unknown, 0)
        self.assertEqual(figures.by_channel, {"政务咨询": [2, 2], "领导信箱": [2, 1]})
        self.assertEqual(
            (figures.solicitations, figures.opinions, figures.results_published),
            (1, 2, 1),
        )
        everyone = selectors.annual_report_figures(2025, None)
        self.assertEqual((everyone.received, everyone.answered), (5, 3))

    def test_queue_statistics_show_both_averages(self):
        # All five education letters, the 2024 one too: 2024-12-31 → 2025-1-2 is
        # 2 calendar days and 1 working day (1-1 元旦 off, 1-2 working).
        # Calendar (3 + 10 + 6 + 2) / 4 = 5.25; working (3 + 8 + 3 + 1) / 4 = 3.75.
        rows = selectors.statistics(
            selectors.letters_for_organisations([self.education.pk]),
            date(2026, 2, 1),
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual(str(rows[0]["average_days"]), "5.3")  # half up
        self.assertEqual(str(rows[0]["average_working_days"]), "3.8")
        self.client.force_login(self.officer)
        page = self.client.get(reverse("gongkai_interaction:queue"))
        self.assertContains(page, "平均答复天数（工作日）")

    def test_csv_and_xlsx_exports_by_the_handler(self):
        self.client.force_login(self.officer)
        page = self.client.get(URL, {"year": "2025"})
        self.assertContains(page, "平均办理时间（自然日，天）")
        self.assertContains(page, "平均办理时间（工作日，天）")
        response = self.client.get(URL, {"year": "2025", "format": "csv"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["项目", "数值"])
        table = dict(rows[1:])
        self.assertEqual(table["收到留言数量（条）"], "4")
        self.assertEqual(table["办结留言数量（条）"], "3")
        self.assertEqual(table["平均办理时间（自然日，天）"], "6.3")
        self.assertEqual(table["平均办理时间（工作日，天）"], "4.7")
        self.assertEqual(table["其中：领导信箱 收到/办结（条）"], "2/1")
        response = self.client.get(URL, {"year": "2025", "format": "xlsx"})
        self.assertIn("hudong-2025.xlsx", response["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = {
            row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True)
        }
        self.assertEqual(values["收到留言数量（条）"], 4)
        self.assertEqual(values["平均办理时间（自然日，天）"], 6.3)
        self.assertEqual(values["平均办理时间（工作日，天）"], 4.7)
        self.assertEqual(values["收到意见数量（条）"], 2)

    def test_hostile_parameters_and_users_without_a_role(self):
        self.client.force_login(self.officer)
        for params in (
            {"year": "x"},
            {"year": "1900"},
            {"year": "99999999999999999999"},
            {"year": "2025", "format": "../../etc/passwd"},
        ):
            self.assertEqual(self.client.get(URL, params).status_code, 400, params)
        nobody = User.objects.create_user("nobody", password="x")
        nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(nobody)
        self.assertEqual(self.client.get(URL, {"year": "2025"}).status_code, 404)
