"""Item families of the demo: which column, publisher, title, metadata and body each kind
of item gets. Each family returns a spec, or None when it has nothing left to offer.

Titles follow the forms seen on Zhejiang county portals; the text of the bodies comes
from the corpus (real Government Work Report paragraphs), picked by keyword.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from gongkai.catalog.enums import InterpretationKind, Validity

from .organisations import (
    DEPARTMENT_KEYS,
    GOVERNMENT,
    OFFICE,
    ORGANISATIONS_BY_KEY,
    TOWNSHIP_KEYS,
    OrganisationSpec,
)
from .planner import (
    INTERPRETATION,
    ItemSpec,
    Planner,
    chinese_date,
    month_day,
    next_workday,
)
from .topics import (
    AGRICULTURE,
    CONSTRUCTION,
    ECONOMY,
    EDUCATION,
    EMERGENCY,
    EMPLOYMENT,
    ENVIRONMENT,
    FINANCE,
    GENERAL,
    HEALTH,
    KEYWORDS,
    OPENNESS,
    PERSONNEL,
    PROJECTS,
    SAFETY,
    SOCIAL_SECURITY,
    TopicNames,
)

Family = Callable[[Planner], ItemSpec | None]
STATUTORY = "zwgk/zfxxgk/fdzdgknr/"
NEWS_SOURCE = "今日金东"
TO_ALL = "各乡镇人民政府、街道办事处，区政府各部门："


def _org(key: str) -> OrganisationSpec:
    return ORGANISATIONS_BY_KEY[key]


def _news_template(p: Planner, templates: tuple) -> tuple[str, TopicNames, datetime]:
    """A (title, topic, moment) from (template, topic[, months]) entries."""
    template, topic, *months = p.choice(templates)
    year = p.year()
    return template.format(y=year), topic, p.moment(year, *months)


def _article(
    p: Planner,
    *,
    column: str,
    title: str,
    publisher: str,
    moment: datetime,
    topic: TopicNames,
    **fields: Any,
) -> ItemSpec:
    return p.spec(
        column=column,
        title=title,
        publisher=publisher,
        published_at=moment,
        topic=topic,
        source=fields.pop("source", _org(publisher).name),
        corpus_ids=p.paragraphs(KEYWORDS.get(topic, ())),
        **fields,
    )


def _news(
    p: Planner,
    column: str,
    title: str,
    publisher: str,
    moment: datetime,
    topic: TopicNames,
    source: str,
) -> ItemSpec:
    lead = (f"{month_day(moment)}，{title}。",)
    return _article(
        p,
        column=column,
        title=title,
        publisher=publisher,
        moment=moment,
        topic=topic,
        genre="新闻",
        source=source,
        lead=lead,
    )


DISTRICT_NEWS = (
    ("金东区召开{y}年安全生产工作会议", SAFETY, (1, 3)),
    ("金东区召开{y}年经济工作会议", ECONOMY, (1, 2)),
    ("金东区召开{y}年招商引资工作推进会", ECONOMY),
    ("金东区部署{y}年防汛防台工作", EMERGENCY, (4, 6)),
    ("金东区召开{y}年民生实事项目推进会", SOCIAL_SECURITY),
    ("金东区召开{y}年优化营商环境大会", ECONOMY),
    ("金东区召开{y}年乡村振兴工作会议", AGRICULTURE),
    ("金东区召开{y}年生态环境保护工作会议", ENVIRONMENT),
    ("金东区{y}年第一季度重大项目集中开工", PROJECTS, (2, 3)),
    ("金东区{y}年第三季度重大项目集中开工", PROJECTS, (8, 9)),
    ("金东区举行{y}年重大项目集中签约活动", PROJECTS),
    ("金东区召开{y}年教育工作会议", EDUCATION),
    ("金东区召开{y}年卫生健康工作会议", HEALTH),
    ("金东区召开{y}年就业创业工作推进会", EMPLOYMENT),
    ("金东区召开{y}年全面深化改革工作会议", GENERAL),
    ("金东区召开{y}年政务公开工作会议", OPENNESS),
)


def district_news(p: Planner) -> ItemSpec | None:
    title, topic, moment = _news_template(p, DISTRICT_NEWS)
    publisher = GOVERNMENT if p.rng.random() < 0.7 else OFFICE
    return _news(p, "xwdt/jdyw", title, publisher, moment, topic, NEWS_SOURCE)


DEPARTMENT_NEWS = {
    OFFICE: (
        ("召开{y}年政务公开工作推进会", OPENNESS),
        ("举办{y}年政务信息工作培训班", OPENNESS),
    ),
    "ndrc": (
        ("开展{y}年重大项目“攻坚月”活动", PROJECTS),
        ("召开{y}年粮食安全工作会议", AGRICULTURE),
    ),
    "education": (
        ("开展{y}年中小学安全教育周活动", EDUCATION, (3, 4)),
        ("召开{y}年秋季开学工作会议", EDUCATION, (8, 8)),
    ),
    "finance": (
        ("举办{y}年预算绩效管理培训班", FINANCE),
        ("开展{y}年财会监督专项行动", FINANCE),
    ),
    "health": (
        ("开展{y}年全民健康生活方式宣传活动", HEALTH),
        ("组织{y}年卫生应急演练", HEALTH),
    ),
    "hrss": (
        ("举办{y}年“春风行动”专场招聘会", EMPLOYMENT, (2, 3)),
        ("开展{y}年根治欠薪专项行动", EMPLOYMENT),
    ),
    "emergency": (
        ("开展{y}年防汛防台应急演练", EMERGENCY, (4, 6)),
        ("部署{y}年安全生产大检查", SAFETY),
    ),
}


def department_news(p: Planner) -> ItemSpec | None:
    publisher = p.choice(DEPARTMENT_KEYS)
    title, topic, moment = _news_template(p, DEPARTMENT_NEWS[publisher])
    short = _org(publisher).short_name
    return _news(p, "xwdt/bmdt", short + title, publisher, moment, topic, short)


TOWNSHIP_NEWS = (
    ("开展{y}年人居环境整治“百日攻坚”行动", ENVIRONMENT),
    ("召开{y}年“共富工坊”建设推进会", AGRICULTURE),
    ("开展{y}年夏季消防安全大检查", SAFETY, (6, 8)),
    ("举办{y}年重阳节敬老活动", SOCIAL_SECURITY, (10, 10)),
    ("开展{y}年垃圾分类宣传周活动", ENVIRONMENT),
    ("召开{y}年乡村振兴现场推进会", AGRICULTURE),
)


def township_news(p: Planner) -> ItemSpec | None:
    publisher = p.choice(TOWNSHIP_KEYS)
    title, topic, moment = _news_template(p, TOWNSHIP_NEWS)
    short = _org(publisher).short_name
    return _news(p, "xwdt/xzjddt", short + title, publisher, moment, topic, short)


FIRST_SESSION_YEAR = 2017
EXECUTIVE_AGENDA = (
    "一季度经济运行情况",
    "安全生产和防汛防台",
    "重大项目推进",
    "民生实事项目",
    "优化营商环境",
    "财政预算执行",
)


def executive_meeting(p: Planner) -> ItemSpec | None:
    """区政府常务会议: numbered in date order, about 45 a year."""
    year = p.year()
    moment = p.moment(year)
    session = (year - FIRST_SESSION_YEAR) * 45 + moment.timetuple().tm_yday // 8 + 1
    if not p.claim(("executive_meeting", session)):
        return None
    title = f"区政府召开第{session}次常务会议"
    agenda = "、".join(p.rng.sample(EXECUTIVE_AGENDA, 2))
    lead = (
        f"{month_day(moment)}，区长主持召开区政府第{session}次常务会议，研究部署{agenda}等工作。",
    )
    return _article(
        p,
        column="zwgk/zfhy/cwhy",
        title=title,
        publisher=GOVERNMENT,
        moment=moment,
        topic=GENERAL,
        genre="会议",
        source=NEWS_SOURCE,
        lead=lead,
    )


def plenary_meeting(p: Planner) -> ItemSpec | None:
    """区政府全体会议: one or two a year."""
    year = p.year()
    ordinal = p.choice(("一", "二"))
    if not p.claim(("plenary", year, ordinal)):
        return None
    moment = p.moment(year, (1, 3) if ordinal == "一" else (7, 9))
    title = f"金东区人民政府召开{year}年第{ordinal}次全体会议"
    lead = (
        f"{month_day(moment)}，金东区人民政府召开{year}年第{ordinal}次全体会议，总结工作，部署任务。",
    )
    return _article(
        p,
        column="zwgk/zfhy/qtqh",
        title=title,
        publisher=GOVERNMENT,
        moment=moment,
        topic=GENERAL,
        genre="会议",
        source=NEWS_SOURCE,
        lead=lead,
    )


DISTRICT_POLICIES = (
    ("金东区住宅小区物业管理办法", CONSTRUCTION),
    ("金东区政府投资项目管理办法", PROJECTS),
    ("金东区区级财政专项资金管理办法", FINANCE),
    ("金东区学前教育发展专项资金管理办法", EDUCATION),
    ("金东区突发事件总体应急预案", EMERGENCY),
    ("金东区促进就业创业若干政策", EMPLOYMENT),
    ("金东区生活垃圾分类管理办法", ENVIRONMENT),
    ("金东区养老服务补贴管理办法", SOCIAL_SECURITY),
    ("金东区高层次人才引进培育实施办法", PERSONNEL),
    ("金东区农业产业化扶持政策", AGRICULTURE),
    ("金东区城市更新行动实施方案", CONSTRUCTION),
    ("金东区行政规范性文件管理办法", GENERAL),
    ("金东区促进民营经济高质量发展若干意见", ECONOMY),
    ("金东区基层医疗卫生服务能力提升方案", HEALTH),
)
DEPARTMENT_POLICIES = {
    "ndrc": (
        ("金东区政府投资项目后评价管理办法", PROJECTS),
        ("金东区区级粮食储备管理办法", AGRICULTURE),
    ),
    "education": (
        ("金东区中小学校服管理办法", EDUCATION),
        ("金东区民办学校年度检查实施办法", EDUCATION),
    ),
    "finance": (
        ("金东区行政事业单位国有资产处置管理办法", FINANCE),
        ("金东区区级预算单位公务卡管理办法", FINANCE),
    ),
    "health": (
        ("金东区家庭医生签约服务实施方案", HEALTH),
        ("金东区基层医疗卫生机构绩效考核办法", HEALTH),
    ),
    "hrss": (
        ("金东区就业补助资金管理办法", EMPLOYMENT),
        ("金东区职业技能培训补贴实施办法", EMPLOYMENT),
    ),
    "emergency": (
        ("金东区安全生产举报奖励办法", SAFETY),
        ("金东区自然灾害救助应急预案", EMERGENCY),
    ),
}


def _policy_document(
    p: Planner, *, column: str, publisher: str, subject: str, topic: TopicNames
) -> ItemSpec:
    org = _org(publisher)
    year = p.year()
    moment = p.moment(year)
    written_on = moment.date() - timedelta(days=p.rng.randint(2, 9))
    old = year <= 2020 and p.rng.random() < 0.6
    validity = (
        p.choice((Validity.EXPIRED, Validity.REPEALED)) if old else Validity.VALID
    )
    return _article(
        p,
        column=column,
        title=f"{org.name}关于印发《{subject}》的通知",
        publisher=publisher,
        # 行政规范性文件 (not the 公文 kind 通知), so the annual report's table 2 counts them.
        moment=moment,
        topic=topic,
        genre="行政规范性文件",
        document_number=p.document_number(org.document_prefix, year),
        written_on=written_on,
        validity=validity,
        keywords=subject.removeprefix("金东区")[:20],
        lead=(TO_ALL, f"现将《{subject}》印发给你们，请结合实际，认真贯彻执行。"),
        closing=(org.name, chinese_date(written_on), "（此件公开发布）"),
    )


def district_policy(p: Planner) -> ItemSpec | None:
    subject, topic = p.choice(DISTRICT_POLICIES)
    publisher = GOVERNMENT if p.rng.random() < 0.6 else OFFICE
    return _policy_document(
        p, column="zcwj/gfxwj", publisher=publisher, subject=subject, topic=topic
    )


def department_policy(p: Planner) -> ItemSpec | None:
    publisher = p.choice(tuple(DEPARTMENT_POLICIES))
    subject, topic = p.choice(DEPARTMENT_POLICIES[publisher])
    return _policy_document(
        p,
        column=STATUTORY + "gzhgfxwj",
        publisher=publisher,
        subject=subject,
        topic=topic,
    )


def policy_interpretation(p: Planner) -> ItemSpec | None:
    """解读 of an earlier planned document, published one to three days after it."""
    candidates = [doc for doc in p.documents if doc.slug not in p.interpreted]
    if not candidates:
        return None
    document = p.choice(candidates)
    subject = document.title.split("《", 1)[1].split("》", 1)[0]
    graphic = p.rng.random() < 0.3
    org = _org(document.publisher)
    published_at = next_workday(
        document.published_at + timedelta(days=p.rng.randint(1, 3))
    )
    lead = (
        f"近日，{org.name}印发《{subject}》（{document.document_number}）。为便于社会公众理解，现解读如下。",
        "一、制定背景和主要内容",
    )
    return p.spec(
        column="zcwj/zcjd",
        kind=INTERPRETATION,
        title=f"图解：《{subject}》" if graphic else f"《{subject}》政策解读",
        interpretation_kind=InterpretationKind.GRAPHIC
        if graphic
        else InterpretationKind.TEXT,
        publisher=document.publisher,
        published_at=published_at,
        genre="图解" if graphic else "解读",
        topic=document.topic,
        source=org.name,
        lead=lead,
        corpus_ids=p.paragraphs(KEYWORDS.get(document.topic, ()), 2, 4),
        interprets=document.slug,
        closing=(
            "二、解读机关及联系方式",
            f"解读机关：{org.name}；联系电话：0579-8218{p.rng.randint(1000, 9999)}。",
        ),
    )
