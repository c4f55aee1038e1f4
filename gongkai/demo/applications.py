"""The demo's 依申请公开 applications (2024-2026) and the figures of table 2.

Every application is registered and handled through gongkai.applications.services with
past dates, so the demo's annual reports for 2024 and 2025 reconcile as real data would:
some applications are corrected, extended, charged a fee, withdrawn or appealed, a few
cross into the next year, and three received in November 2026 are still open.

Deterministic: the plan comes from one random.Random(DEMO_SEED) and the working-day
calendar, never from the clock. Idempotent: each application carries a marker
(〔演示申请 2024-07〕) at the end of its description and is created only when no
application has it. Tracking codes stay random, as the services draw them.
"""

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.enums import (
    AppealKind,
    AppealOutcome,
    ApplicantKind,
    Channel,
    FeeScheme,
    OrganisationType,
    ResultType,
)
from gongkai.applications.identifiers import resident_id_check_char
from gongkai.applications.models import Application
from gongkai.core.models import Organisation
from gongkai.core.organisation_codes import uscc_check_char
from gongkai.reports.models import AnnualFigures
from gongkai.workdays.calendar import WorkdayCalendar
from gongkai.workdays.selectors import get_calendar

from .organisations import GOVERNMENT

DEMO_SEED = 20240101
MARKER = "〔演示申请 {key}〕"
MARKER_PATTERN = re.compile(r"〔演示申请 (\d{4}-\d{2})〕$")
DEPARTMENT_KEYS = (GOVERNMENT, "education", "health")
# Applications per year; the last CARRIED of 2024 and 2025 cross into the next year.
YEAR_COUNTS = {2024: 18, 2025: 22}
CARRIED = 2
FIGURES_SOURCE = "demo：演示数据，非真实统计"

TITLES = {
    GOVERNMENT: (
        "{year}年区政府常务会议纪要（涉及旧城改造部分）",
        "{year}年金东区重大行政决策事项目录",
        "孝顺镇某村土地征收补偿安置方案",
        "{year}年区政府工作报告重点任务分解表",
        "多湖街道某地块房屋征收决定及评估报告",
        "{year}年区级部门整体支出绩效评价结果",
    ),
    "education": (
        "{year}年金东区义务教育学校招生划片方案",
        "{year}年区属学校教师招聘考试成绩及录取名单",
        "某小学新建教学楼项目立项批复",
        "{year}年学前教育普惠性幼儿园认定名单",
        "{year}年校外培训机构检查处理情况",
    ),
    "health": (
        "{year}年金东区医疗机构执业许可发放情况",
        "某卫生院基本公共卫生服务项目资金使用情况",
        "{year}年区疾病预防控制中心采购合同",
        "某诊所行政处罚决定书",
        "{year}年家庭医生签约服务考核结果",
    ),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱胡郭何高林罗郑"
GIVEN_NAMES = (
    "建国",
    "晓燕",
    "志强",
    "丽华",
    "海涛",
    "秀英",
    "伟",
    "静",
    "俊杰",
    "美玲",
)
ORGANISATIONS = {
    OrganisationType.COMMERCIAL: (
        "91",
        ("金华市金东某某建材有限公司", "浙江某某物流有限公司"),
    ),
    OrganisationType.RESEARCH: ("12", ("金华市某某农业科学研究所",)),
    OrganisationType.PUBLIC_WELFARE: ("52", ("金华市某某公益服务中心",)),
    OrganisationType.LEGAL_SERVICE: ("31", ("浙江某某律师事务所",)),
    OrganisationType.OTHER: ("93", ("金东区某某果蔬专业合作社",)),
}
# (result, weight); the two closing results and withdrawals are planned separately.
RESULT_WEIGHTS = (
    (ResultType.DISCLOSED, 30),
    (ResultType.PARTIALLY_DISCLOSED, 14),
    (ResultType.WITHHELD_PROCESS_INFORMATION, 4),
    (ResultType.WITHHELD_THIRD_PARTY, 4),
    (ResultType.WITHHELD_ENFORCEMENT_FILE, 2),
    (ResultType.UNAVAILABLE_NOT_HELD, 16),
    (ResultType.UNAVAILABLE_NEEDS_CREATION, 5),
    (ResultType.NOT_PROCESSED_PETITION, 4),
    (ResultType.NOT_PROCESSED_REPEATED, 3),
    (ResultType.NOT_PROCESSED_PUBLICATION, 2),
    (ResultType.OTHER, 7),  # withdrawn by the applicant
)
# (行政许可, 行政处罚, 行政强制, 行政事业性收费 万元) per year and organisation.
FIGURES = {
    2024: {GOVERNMENT: (1268, 342, 57, "186.4200"), "education": (41, 3, 0, "12.6000"),
           "health": (523, 118, 9, "35.1800")},
    2025: {GOVERNMENT: (1315, 298, 44, "172.9500"), "education": (38, 5, 0, "11.3000"),
           "health": (547, 131, 12, "33.7600")},
}  # fmt: skip


@dataclass(frozen=True)
class Appeal:
    kind: str
    after_days: int  # calendar days after the end of the application
    outcome: str
    decided_after_days: int | None = None  # None: still pending


@dataclass(frozen=True)
class DemoApplication:
    """One planned application; the service calls derive its dates from received_on."""

    key: str
    department_key: str
    applicant: dict[str, str]
    title: str
    channel: str
    received_on: date
    result: str | None  # None: still open
    handling_days: int  # working days from the last step to the end
    correction: str = ""  # "", "corrected", "missing" (closed, 其他处理 1), "pending"
    extension: bool = False
    fee: str = ""  # "", "paid", "unpaid" (closed, 其他处理 2)
    appeal: Appeal | None = None


def ensure_demo_applications(
    *, organisations: dict[str, Organisation], user: Any
) -> int:
    """Create the planned applications that are missing and the years' AnnualFigures;
    return how many applications were created. `user` must handle every department."""
    ensure_demo_figures(organisations=organisations)
    existing = _existing_keys()
    calendar = get_calendar()
    created = 0
    for spec in plan_applications(calendar):
        if spec.key not in existing:
            _create(spec, organisations[spec.department_key], user, calendar)
            created += 1
    return created


def ensure_demo_figures(*, organisations: dict[str, Organisation]) -> None:
    """Table 2's entered figures for 2024 and 2025; rows an editor changed are kept."""
    for year, rows in FIGURES.items():
        for key, (licensing, penalties, enforcement, fees) in rows.items():
            AnnualFigures.objects.get_or_create(
                organisation=organisations[key],
                year=year,
                defaults={
                    "licensing_decisions": licensing,
                    "penalty_decisions": penalties,
                    "enforcement_decisions": enforcement,
                    "fees_amount": Decimal(fees),
                    "source": FIGURES_SOURCE,
                },
            )


def _existing_keys() -> set[str]:
    descriptions = Application.objects.filter(
        description__contains="〔演示申请 "
    ).values_list("description", flat=True)
    return {m[1] for d in descriptions if (m := MARKER_PATTERN.search(d))}


# ---- The plan -------------------------------------------------------------------


def plan_applications(calendar: WorkdayCalendar) -> list[DemoApplication]:
    """The demo's applications in receipt order; the same list on every run."""
    rng = random.Random(DEMO_SEED)  # noqa: S311 - a reproducible plan, not a secret
    plan: list[DemoApplication] = []
    for year, count in YEAR_COUNTS.items():
        plan += [_plan_one(rng, calendar, year, i, count) for i in range(count)]
    plan += _plan_2026(rng, calendar)
    return plan


def _plan_one(
    rng: random.Random, calendar: WorkdayCalendar, year: int, i: int, count: int
) -> DemoApplication:
    carried = i >= count - CARRIED
    if carried:
        received = date(year, 12, rng.randint(16, 22))
    else:
        received = date(year, 1 + i * 12 // count, rng.randint(1, 26))
    features = _features(year, i)
    result = features.pop("result", None) or _choose_result(rng)
    if result == ResultType.UNAVAILABLE_STILL_UNCLEAR:
        features["correction"] = "corrected"
    return DemoApplication(
        key=f"{year}-{i + 1:02d}",
        received_on=_working_day(calendar, received),
        result=result,
        handling_days=rng.randint(14, 20) if carried else rng.randint(4, 15),
        **_applicant_and_request(rng, year, i),
        **features,
    )


def _features(year: int, i: int) -> dict[str, Any]:
    """The handling steps of particular applications, so that each appears every year."""
    steps: dict[int, dict[str, Any]] = {
        1: {"correction": "corrected"},
        3: {"extension": True},
        5: {"fee": "paid", "result": ResultType.DISCLOSED},
        7: {"correction": "missing", "result": ResultType.OTHER_NO_CORRECTION},
        9: {"correction": "corrected", "result": ResultType.UNAVAILABLE_STILL_UNCLEAR},
        12: {"result": ResultType.OTHER},  # withdrawn by the applicant
    }
    if year == 2024:
        steps[4] = {"result": ResultType.PARTIALLY_DISCLOSED,
                    "appeal": Appeal(AppealKind.RECONSIDERATION, 30, AppealOutcome.UPHELD, 150)}  # fmt: skip
    else:
        steps[11] = {"fee": "unpaid", "result": ResultType.OTHER_FEE_UNPAID}
        steps[6] = {"result": ResultType.WITHHELD_THIRD_PARTY,
                    "appeal": Appeal(AppealKind.LAWSUIT_DIRECT, 40, AppealOutcome.OTHER)}  # fmt: skip
    return dict(steps.get(i, {}))


def _plan_2026(rng: random.Random, calendar: WorkdayCalendar) -> list[DemoApplication]:
    """Two answered early in 2026 and three received in November, still open."""
    days = [
        (date(2026, 3, 10), ResultType.DISCLOSED, ""),
        (date(2026, 6, 15), ResultType.UNAVAILABLE_NOT_HELD, ""),
        (date(2026, 11, 9), None, ""),
        (date(2026, 11, 13), None, "pending"),
        (date(2026, 11, 18), None, ""),
    ]
    return [
        DemoApplication(
            key=f"2026-{i + 1:02d}",
            received_on=_working_day(calendar, day),
            result=result,
            handling_days=rng.randint(4, 12),
            correction=correction,
            **_applicant_and_request(rng, 2026, i),
        )
        for i, (day, result, correction) in enumerate(days)
    ]


def _choose_result(rng: random.Random) -> str:
    results, weights = zip(*RESULT_WEIGHTS, strict=True)
    return rng.choices(results, weights=weights)[0]


def _working_day(calendar: WorkdayCalendar, day: date) -> date:
    return day if calendar.is_working_day(day) else calendar.next_working_day(day)


def _applicant_and_request(rng: random.Random, year: int, i: int) -> dict[str, Any]:
    department_key = DEPARTMENT_KEYS[rng.randrange(len(DEPARTMENT_KEYS))]
    title = rng.choice(TITLES[department_key]).format(year=year - rng.randint(0, 1))
    channel = rng.choices(
        (Channel.IN_PERSON, Channel.ONLINE, Channel.REGISTERED_POST, Channel.EMAIL),
        weights=(3, 4, 2, 1),
    )[0]
    applicant = _person(rng) if rng.random() < 0.7 else _legal_person(rng)
    return {
        "department_key": department_key,
        "applicant": applicant,
        "title": title,
        "channel": channel,
    }


def _person(rng: random.Random) -> dict[str, str]:
    born = date(rng.randint(1955, 2000), rng.randint(1, 12), rng.randint(1, 28))
    body = f"330703{born:%Y%m%d}{rng.randint(100, 999)}"
    return {
        "applicant_kind": ApplicantKind.NATURAL_PERSON,
        "applicant_name": rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES),
        "id_type": "resident_id",
        "id_number": body + resident_id_check_char(body),
        "phone": f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}",
        "address": f"浙江省金华市金东区某某路{rng.randint(1, 300)}号（演示地址）",
        "postcode": "321000",
    }


def _legal_person(rng: random.Random) -> dict[str, str]:
    organisation_type = rng.choice(list(ORGANISATIONS))
    prefix, names = ORGANISATIONS[organisation_type]
    body = f"{prefix}330703MA2{rng.randint(0, 99_999):05d}0"
    return {
        "applicant_kind": ApplicantKind.LEGAL_PERSON,
        "applicant_name": rng.choice(names),
        "id_type": "uscc",
        "id_number": body + uscc_check_char(body),
        "organisation_type": organisation_type,
        "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES),
        "contact_name": rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES),
        "phone": f"0579-8{rng.randint(0, 9_999_999):07d}",
        "address": f"浙江省金华市金东区某某大道{rng.randint(1, 900)}号（演示地址）",
        "postcode": "321000",
    }


# ---- Carrying the plan out through the services ------------------------------------


def _dated(value: date | None, what: str) -> date:
    """A date the service just set (so never None here); a clear error if it did not."""
    if value is None:
        raise RuntimeError(f"演示申请缺少{what}")
    return value


def _create(
    spec: DemoApplication,
    department: Organisation,
    user: Any,
    calendar: WorkdayCalendar,
) -> Application:
    application = _register(spec, department, user, calendar)
    day = _dated(application.received_on, "收到日期")
    if spec.correction:
        day = _correct(spec, application, user, calendar, day)
    if spec.extension:
        services.extend_deadline(
            application=application, acting_user=user, working_days=15,
            approved_by="区政府办公室主任（演示）", reason="需调取档案并汇总多个科室的材料。",
            extended_on=calendar.add_working_days(day, 12),
        )  # fmt: skip
    if spec.fee:
        day = _charge(spec, application, user, calendar, day)
    if (
        spec.result is not None
        and spec.correction != "missing"
        and spec.fee != "unpaid"
    ):
        day = calendar.add_working_days(day, spec.handling_days)
        _conclude(application, user, spec.result, day)
    if spec.appeal is not None:
        _appeal(spec.appeal, application, user, day)
    return application


def _register(
    spec: DemoApplication,
    department: Organisation,
    user: Any,
    calendar: WorkdayCalendar,
) -> Application:
    submitted_on, signed_on, confirmed_on = spec.received_on, None, None
    if spec.channel == Channel.REGISTERED_POST:
        submitted_on, signed_on = spec.received_on - _days(2), spec.received_on
    elif spec.channel == Channel.ONLINE:
        submitted_on, confirmed_on = spec.received_on - _days(1), spec.received_on
    data = {
        **spec.applicant,
        "title": spec.title,
        "description": f"申请公开{spec.title}。{MARKER.format(key=spec.key)}",
        "information_form": "electronic" if spec.channel == Channel.ONLINE else "paper",
        "delivery_method": "online" if spec.channel == Channel.ONLINE else "post",
    }
    application = services.register_application(
        acting_user=user, department=department, data=data, channel=spec.channel,
        submitted_on=submitted_on, signed_on=signed_on, confirmed_on=confirmed_on,
    )  # fmt: skip
    # The services stamp the submission with the clock; the demo keeps its planned day.
    application.submitted_at = timezone.make_aware(
        datetime.combine(submitted_on, time(9))
    )
    application.save(update_fields=["submitted_at"])
    return application


def _correct(
    spec: DemoApplication,
    application: Application,
    user: Any,
    calendar: WorkdayCalendar,
    day: date,
) -> date:
    requested = calendar.add_working_days(day, 3)
    services.request_correction(
        application=application, acting_user=user, requested_on=requested,
        items="请补充所需政府信息的具体名称、文号或时间范围。",
    )  # fmt: skip
    if spec.correction == "pending":
        return requested
    if spec.correction == "missing":
        due = _dated(application.correction_due_on, "补正期限")
        closed = calendar.add_working_days(due, 2)
        services.close_for_missing_correction(
            application=application, acting_user=user, closed_on=closed
        )
        return closed
    corrected = calendar.add_working_days(requested, 4)
    services.record_correction(
        application=application, acting_user=user, corrected_on=corrected,
        note="申请人补充了时间范围。",
    )  # fmt: skip
    return corrected


def _charge(
    spec: DemoApplication,
    application: Application,
    user: Any,
    calendar: WorkdayCalendar,
    day: date,
) -> date:
    issued = calendar.add_working_days(day, 5)
    notice = services.issue_fee_notice(
        application=application, acting_user=user, scheme=FeeScheme.PER_PAGE,
        quantity=150, issued_on=issued,
    )  # fmt: skip
    if spec.fee == "unpaid":
        closed = calendar.add_working_days(notice.payment_due_on, 1)
        services.close_for_unpaid_fee(
            application=application, acting_user=user, closed_on=closed
        )
        return closed
    paid = calendar.add_working_days(issued, 6)
    services.record_fee_paid(application=application, acting_user=user, paid_on=paid)
    return paid


def _conclude(application: Application, user: Any, result: str, day: date) -> None:
    if result == ResultType.OTHER:
        services.withdraw(
            application=application, acting_user=user, withdrawn_on=day,
            note="申请人书面申请撤回。",
        )  # fmt: skip
        return
    reasons = (
        [ResultType.WITHHELD_THIRD_PARTY]
        if result == ResultType.PARTIALLY_DISCLOSED
        else []
    )
    services.reply(
        application=application, acting_user=user, result_type=result, replied_on=day,
        partial_reasons=reasons, public_title=application.title,
    )  # fmt: skip


def _appeal(plan: Appeal, application: Application, user: Any, day: date) -> None:
    appeal = services.record_appeal(
        application=application, acting_user=user, kind=plan.kind,
        filed_on=day + _days(plan.after_days), authority="金华市人民政府（演示）",
    )  # fmt: skip
    if plan.decided_after_days is not None:
        services.decide_appeal(
            appeal=appeal, acting_user=user, outcome=plan.outcome,
            decided_on=appeal.filed_on + _days(plan.decided_after_days),
        )  # fmt: skip


def _days(n: int) -> timedelta:
    return timedelta(days=n)
