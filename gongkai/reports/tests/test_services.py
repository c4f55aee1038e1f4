"""compute_annual_report against the published 汉阳区 2022 report
(shared/reference/annual-report-golden.md), the totals rule and roll-ups."""

from datetime import date
from decimal import Decimal

from django.test import TestCase

from gongkai.applications import services as applications
from gongkai.applications.enums import AppealKind, AppealOutcome, ResultType
from gongkai.applications.models import Application
from gongkai.applications.tests.factories import company_data, create_officer, register
from gongkai.core.enums import OrganisationKind
from gongkai.core.tests.factories import create_column, create_organisation
from gongkai.reports.models import AnnualFigures
from gongkai.reports.services import ReportInconsistent, compute_annual_report
from gongkai.reports.tables import CARRIED_IN, CARRIED_OVER, NEW, TOTAL
from gongkai.reports.tests.factories import create_document

HANYANG_RESULTS = [
    (date(2022, 3, 7), ResultType.DISCLOSED),
    (date(2022, 4, 11), ResultType.DISCLOSED),
    (date(2022, 5, 16), ResultType.PARTIALLY_DISCLOSED),
    (date(2022, 6, 20), ResultType.PARTIALLY_DISCLOSED),
    (date(2022, 7, 4), ResultType.WITHHELD_PROCESS_INFORMATION),
    (date(2022, 8, 8), ResultType.UNAVAILABLE_NOT_HELD),
    (date(2022, 9, 13), ResultType.UNAVAILABLE_NOT_HELD),
    (date(2022, 12, 5), ResultType.OTHER),  # withdrawn by the applicant
]
# Every non-zero cell of the published table 3 (自然人 and 总计 columns).
HANYANG_TABLE3 = {
    NEW: 8,
    "disclosed": 2,
    "partially_disclosed": 2,
    "withheld_process_information": 1,
    "unavailable_not_held": 2,
    "other": 1,
    "results_total": 8,
}


def conclude(officer, application, result, on, **kwargs):
    """Reply with `result` on `on`; 其他处理 3 is the applicant's withdrawal."""
    if result == ResultType.OTHER:
        return applications.withdraw(
            application=application, acting_user=officer, withdrawn_on=on
        )
    if result == ResultType.PARTIALLY_DISCLOSED:
        kwargs.setdefault("partial_reasons", [ResultType.WITHHELD_THIRD_PARTY])
    return applications.reply(
        application=application,
        acting_user=officer,
        result_type=result,
        replied_on=on,
        **kwargs,
    )


class ReportTestCase(TestCase):
    def reply(self, application, result, on, **kwargs):
        return conclude(self.officer, application, result, on, **kwargs)

    def received(self, on, department=None):
        return register(department or self.office, self.officer, received_on=on)


class HanyangGoldenTests(ReportTestCase):
    """Every cell of tables 2-4 equals 汉阳区人民政府办公室's published 2022 report."""

    @classmethod
    def setUpTestData(cls):
        cls.office = create_organisation(name="武汉市汉阳区人民政府办公室")
        other = create_organisation(name="武汉市汉阳区教育局")
        cls.officer = create_officer(cls.office, other)
        cls._build_applications(other)
        cls._build_documents(other)
        AnnualFigures.objects.create(
            organisation=cls.office, year=2022, source="区政务服务和大数据管理局"
        )

    @classmethod
    def _build_applications(cls, other):
        def received(on, department=cls.office):
            return register(department, cls.officer, received_on=on)

        for number, (replied_on, result) in enumerate(HANYANG_RESULTS):
            received_on = date(2022, replied_on.month - 1 or 1, 3 + number)
            conclude(cls.officer, received(received_on), result, replied_on)
        # Not in 2022's table: concluded in 2021, received in 2023, another department.
        old = received(date(2021, 4, 1))
        conclude(cls.officer, old, ResultType.DISCLOSED, date(2021, 4, 20))
        appeal = applications.record_appeal(
            application=old,
            acting_user=cls.officer,
            kind=AppealKind.RECONSIDERATION,
            filed_on=date(2021, 6, 1),
        )
        applications.decide_appeal(
            appeal=appeal,
            acting_user=cls.officer,
            outcome=AppealOutcome.UPHELD,
            decided_on=date(2022, 2, 1),
        )
        received(date(2023, 1, 9))
        received(date(2022, 5, 5), department=other)

    @classmethod
    def _build_documents(cls, other):
        column = create_column()

        def document(**fields):
            fields.setdefault("publisher", cls.office)
            return create_document(column=column, **fields)

        for month in (2, 4, 6, 8, 11):  # made in 2022, in force
            document(written_on=date(2022, month, 10))
        for year in (2019, 2020, 2021):  # in force from earlier years
            document(written_on=date(year, 7, 1))
        for month in range(1, 13):  # 12 abolished in 2022
            document(
                written_on=date(2016, month, 1), abolished_on=date(2022, month, 20)
            )
        # Not counted: abolished in 2021, made in 2023, a 通知, a draft, another publisher.
        document(written_on=date(2015, 1, 1), abolished_on=date(2021, 9, 1))
        document(written_on=date(2023, 2, 1))
        document(written_on=date(2022, 3, 1), genre="通知")
        document(written_on=date(2022, 3, 1), live=False)
        document(written_on=date(2022, 3, 1), publisher=other)

    def setUp(self):
        self.report = compute_annual_report(organisation=self.office, year=2022)

    def test_table2_every_cell(self):
        self.assertEqual(
            self.report.table2.rows(),
            [
                ("规章", (0, 0, 0)),
                ("行政规范性文件", (5, 12, 8)),
                ("行政许可", (0,)),
                ("行政处罚", (0,)),
                ("行政强制", (0,)),
                ("行政事业性收费", (Decimal("0"),)),
            ],
        )
        self.assertEqual(
            self.report.table2.figures.sources,
            ("武汉市汉阳区人民政府办公室：区政务服务和大数据管理局",),
        )

    def test_table3_every_cell(self):
        for row, cells in self.report.table3.rows():
            expected = HANYANG_TABLE3.get(row.key, 0)
            with self.subTest(row=row.label):
                self.assertEqual(cells, (expected, 0, 0, 0, 0, 0, expected))
        self.assertEqual(len(self.report.table3.rows()), 25)

    def test_table3_satisfies_the_totals_rule(self):
        """8 + 0 = 8 + 0, in every column."""
        table = self.report.table3
        for column in ("natural_person", "commercial", TOTAL):
            with self.subTest(column=column):
                self.assertEqual(
                    table.cell(NEW, column) + table.cell(CARRIED_IN, column),
                    table.cell("results_total", column)
                    + table.cell(CARRIED_OVER, column),
                )

    def test_table4_every_cell(self):
        self.assertEqual(
            self.report.table4.rows(),
            [
                ("行政复议", (0, 0, 0, 0, 0)),
                ("行政诉讼：未经复议直接起诉", (0, 0, 0, 0, 0)),
                ("行政诉讼：复议后起诉", (0, 0, 0, 0, 0)),
            ],
        )


class Table3CountingTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.office = create_organisation()
        cls.officer = create_officer(cls.office)

    def test_partial_disclosure_is_counted_once(self):
        """部分公开 counts only as 部分公开, never under its reasons."""
        application = self.received(date(2022, 3, 1))
        self.reply(
            application,
            ResultType.PARTIALLY_DISCLOSED,
            date(2022, 3, 10),
            partial_reasons=[
                ResultType.WITHHELD_THIRD_PARTY,
                ResultType.UNAVAILABLE_NOT_HELD,
            ],
        )
        table = compute_annual_report(organisation=self.office, year=2022).table3
        self.assertEqual(table.cell("partially_disclosed", TOTAL), 1)
        self.assertEqual(table.cell("withheld_third_party", TOTAL), 0)
        self.assertEqual(table.cell("unavailable_not_held", TOTAL), 0)
        self.assertEqual(table.cell("results_total", TOTAL), 1)

    def test_carried_over_into_the_next_year(self):
        """Received in December, replied in January: 结转 in one year, 上年结转 in the next."""
        application = self._company(date(2022, 12, 28))
        self.reply(application, ResultType.NOT_PROCESSED_REPEATED, date(2023, 1, 5))
        tables_2022 = compute_annual_report(organisation=self.office, year=2022).table3
        tables_2023 = compute_annual_report(organisation=self.office, year=2023).table3
        self.assertEqual(tables_2022.cell(NEW, "legal_service"), 1)
        self.assertEqual(tables_2022.cell(CARRIED_OVER, "legal_service"), 1)
        self.assertEqual(tables_2023.cell(CARRIED_IN, "legal_service"), 1)
        self.assertEqual(tables_2023.cell("not_processed_repeated", "legal_service"), 1)
        self.assertEqual(tables_2023.cell(CARRIED_OVER, TOTAL), 0)

    def _company(self, on):
        return applications.register_application(
            acting_user=self.officer,
            department=self.office,
            data=company_data(organisation_type="legal_service"),
            channel="in_person",
            submitted_on=on,
        )

    def test_inconsistent_data_is_refused_naming_the_applications(self):
        """A conclusion date before the receipt date breaks the totals rule."""
        good = self.received(date(2022, 3, 1))
        self.reply(good, ResultType.DISCLOSED, date(2022, 3, 8))
        bad = self.received(date(2022, 3, 2))
        self.reply(bad, ResultType.DISCLOSED, date(2022, 3, 9))
        Application.objects.filter(pk=bad.pk).update(concluded_on=date(2021, 12, 30))
        with self.assertRaisesMessage(
            ReportInconsistent, bad.display_tracking_code
        ) as ctx:
            compute_annual_report(organisation=self.office, year=2022)
        error = ctx.exception
        self.assertEqual(
            [c.tracking_code for c in error.causes], [bad.display_tracking_code]
        )
        self.assertIn("早于收到申请日期", error.causes[0].reason)
        self.assertEqual([m.column for m in error.mismatches], ["自然人", "总计"])
        self.assertIn("自然人：2 + 0 ≠ 1 + 0", str(error))

    def test_concluded_without_result_is_refused(self):
        bad = self.received(date(2022, 3, 2))
        self.reply(bad, ResultType.DISCLOSED, date(2022, 3, 9))
        Application.objects.filter(pk=bad.pk).update(result_type="")
        with self.assertRaisesMessage(ReportInconsistent, "没有办理结果"):
            compute_annual_report(organisation=self.office, year=2022)

    def test_appeals_fill_table4(self):
        application = self.received(date(2022, 3, 2))
        self.reply(application, ResultType.UNAVAILABLE_NOT_HELD, date(2022, 3, 9))
        for kind, outcome in [
            (AppealKind.RECONSIDERATION, AppealOutcome.CORRECTED),
            (AppealKind.LAWSUIT_AFTER_RECONSIDERATION, None),
        ]:
            appeal = applications.record_appeal(
                application=application,
                acting_user=self.officer,
                kind=kind,
                filed_on=date(2022, 5, 1),
            )
            if outcome:
                applications.decide_appeal(
                    appeal=appeal,
                    acting_user=self.officer,
                    outcome=outcome,
                    decided_on=date(2022, 8, 1),
                )
        table = compute_annual_report(organisation=self.office, year=2022).table4
        self.assertEqual(
            table.rows(),
            [
                ("行政复议", (0, 1, 0, 0, 1)),
                ("行政诉讼：未经复议直接起诉", (0, 0, 0, 0, 0)),
                ("行政诉讼：复议后起诉", (0, 0, 0, 1, 1)),
            ],
        )


class RollUpTests(ReportTestCase):
    """A government's report may include all its departments."""

    @classmethod
    def setUpTestData(cls):
        cls.government = create_organisation(
            name="汉阳区人民政府", kind=OrganisationKind.GOVERNMENT, code="420105000000"
        )
        cls.office = create_organisation(parent=cls.government)
        cls.bureau = create_organisation(parent=cls.office)
        cls.officer = create_officer(cls.government, cls.office, cls.bureau)
        column = create_column()
        for department in (cls.government, cls.office, cls.bureau):
            create_document(
                column=column, publisher=department, written_on=date(2022, 4, 1)
            )
            AnnualFigures.objects.create(
                organisation=department,
                year=2022,
                licensing_decisions=10,
                penalty_decisions=2,
                enforcement_decisions=1,
                fees_amount=Decimal("1.2500"),
                source="审批局",
            )
        for department in (cls.bureau, cls.government):
            application = register(
                department, cls.officer, received_on=date(2022, 6, 1)
            )
            conclude(cls.officer, application, ResultType.DISCLOSED, date(2022, 6, 10))

    def test_government_alone(self):
        report = compute_annual_report(organisation=self.government, year=2022)
        self.assertEqual(report.table2.rows()[1], ("行政规范性文件", (1, 0, 1)))
        self.assertEqual(report.table2.rows()[2], ("行政许可", (10,)))
        self.assertEqual(report.table3.cell(NEW, TOTAL), 1)

    def test_departments_rolled_up(self):
        report = compute_annual_report(
            organisation=self.government, year=2022, include_departments=True
        )
        rows = report.table2.rows()
        self.assertEqual(rows[1], ("行政规范性文件", (3, 0, 3)))
        self.assertEqual(
            rows[2:],
            [
                ("行政许可", (30,)),
                ("行政处罚", (6,)),
                ("行政强制", (3,)),
                ("行政事业性收费", (Decimal("3.7500"),)),
            ],
        )
        self.assertEqual(len(report.table2.figures.sources), 3)
        self.assertEqual(report.table3.cell(NEW, TOTAL), 2)
        self.assertEqual(report.table3.cell("disclosed", "natural_person"), 2)
