"""Item families of 政府信息公开: the 法定主动公开内容 columns (条例第二十条), the guide,
the rules and the annual reports, described as title templates.

Placeholders: {name} full and {short} short name of the publisher, {y} the year,
{py} the year before, {m} a month (the item is then published the month after),
{x} one of the template's choices.
"""

from dataclasses import dataclass

from .families import STATUTORY, Family
from .organisations import (
    DEPARTMENT_KEYS,
    GOVERNMENT,
    OFFICE,
    ORGANISATIONS,
    ORGANISATIONS_BY_KEY,
)
from .planner import LAST_MONTH_OF_LAST_YEAR, LAST_YEAR, ItemSpec, Planner
from .topics import (
    AGRICULTURE,
    ECONOMY,
    EDUCATION,
    EMERGENCY,
    EMPLOYMENT,
    FINANCE,
    GENERAL,
    HEALTH,
    KEYWORDS,
    OPENNESS,
    PERSONNEL,
    PROJECTS,
    SOCIAL_SECURITY,
    STATISTICS,
)

ALL_KEYS = tuple(spec.key for spec in ORGANISATIONS)
TOPIC_OF_PUBLISHER = {
    GOVERNMENT: ECONOMY,
    OFFICE: OPENNESS,
    "ndrc": PROJECTS,
    "education": EDUCATION,
    "finance": FINANCE,
    "health": HEALTH,
    "hrss": EMPLOYMENT,
    "emergency": EMERGENCY,
    "duohu": AGRICULTURE,
    "xiaoshun": AGRICULTURE,
}
REGULATION = "《中华人民共和国政府信息公开条例》"


@dataclass(frozen=True)
class Template:
    title: str
    genre: str = "其他"
    months: tuple[int, int] = (1, 12)
    years: tuple[int, int] = (2019, LAST_YEAR)
    choices: tuple[str, ...] = ("",)
    lead: tuple[str, ...] = ()
    use_corpus: bool = True


@dataclass(frozen=True)
class Listing:
    """A family: items of one column, by one of `publishers`, titled from `templates`."""

    column: str
    publishers: tuple[str, ...]
    templates: tuple[Template, ...]
    topic: tuple[str, str] | None = None  # None: the publisher's usual topic
    source: str = ""

    def __call__(self, p: Planner) -> ItemSpec | None:
        template = p.choice(self.templates)
        publisher = p.choice(self.publishers)
        year = p.year(*template.years)
        values, months = _placeholders(p, template, publisher, year)
        topic = self.topic or TOPIC_OF_PUBLISHER[publisher]
        org = ORGANISATIONS_BY_KEY[publisher]
        corpus_ids = (
            p.paragraphs(KEYWORDS.get(topic, ())) if template.use_corpus else ()
        )
        return p.spec(
            column=self.column,
            title=template.title.format(**values),
            publisher=publisher,
            published_at=p.moment(year, months),
            topic=topic,
            genre=template.genre,
            source=self.source or org.name,
            corpus_ids=corpus_ids,
            lead=tuple(line.format(**values) for line in template.lead),
        )


def _placeholders(p: Planner, template: Template, publisher: str, year: int):
    org = ORGANISATIONS_BY_KEY[publisher]
    values = {
        "name": org.name,
        "short": org.short_name,
        "y": year,
        "py": year - 1,
        "x": p.choice(template.choices),
    }
    months = template.months
    if "{m}" in template.title:
        last = (LAST_MONTH_OF_LAST_YEAR if year == LAST_YEAR else 12) - 1
        values["m"] = p.rng.randint(1, last)
        months = (values["m"] + 1, values["m"] + 1)
    return values, months


def _statutory(slug: str, publishers, *templates: Template, topic=None) -> Listing:
    return Listing(STATUTORY + slug, tuple(publishers), templates, topic=topic)


agency_functions = _statutory(
    "jgzn",
    DEPARTMENT_KEYS,
    Template("{name}主要职责", lead=("{name}是金东区人民政府工作部门。主要职责是：",)),
    Template(
        "{name}内设机构",
        lead=("{name}设办公室、政策法规科和若干业务科室，负责以下工作：",),
    ),
    topic=GENERAL,
)
plans = _statutory(
    "ghjh",
    (GOVERNMENT, *DEPARTMENT_KEYS),
    Template("{name}{y}年工作要点", "规划", (2, 4)),
    Template("{name}{py}年工作总结和{y}年工作思路", "规划", (1, 2)),
    Template(
        "金东区国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
        "规划",
        (3, 4),
        (2021, 2021),
    ),
)
statistics = _statutory(
    "tjxx",
    ("ndrc",),
    Template("{y}年{m}月金东区主要经济指标", "统计"),
    Template("金东区{py}年国民经济和社会发展统计公报", "统计", (3, 4)),
    topic=STATISTICS,
)


def enforcement(p: Planner) -> ItemSpec | None:
    """行政处罚决定书, titled with its 文号."""
    publisher = p.choice(("health", "emergency", "education"))
    org = ORGANISATIONS_BY_KEY[publisher]
    year = p.year()
    number = p.document_number(f"{org.document_prefix}罚决", year)
    topic = TOPIC_OF_PUBLISHER[publisher]
    return p.spec(
        column=STATUTORY + "xzcfqz",
        title=f"{org.short_name}行政处罚决定书（{number}）",
        publisher=publisher,
        published_at=p.moment(year),
        genre="其他",
        topic=topic,
        document_number=number,
        source=org.name,
        lead=(
            "当事人：金华市金东区某商贸有限公司。",
            "经查，当事人的违法事实清楚、证据确凿，依法作出如下行政处罚决定。",
        ),
        corpus_ids=p.paragraphs(KEYWORDS.get(topic, ()), 2, 3),
    )


licensing = _statutory(
    "xzxk",
    ("education", "health", "emergency", "ndrc", "hrss"),
    Template("{short}{y}年{m}月行政许可结果公示", "公示"),
)
budgets = _statutory(
    "czyjs",
    (GOVERNMENT, *DEPARTMENT_KEYS),
    Template("{name}{y}年部门预算", "其他", (2, 3)),
    Template("{name}{py}年部门决算", "其他", (7, 9)),
    Template("关于金东区{py}年预算执行情况和{y}年预算草案的报告", "报告", (1, 2)),
    topic=FINANCE,
)
procurement = _statutory(
    "zfcg",
    (OFFICE, *DEPARTMENT_KEYS),
    Template(
        "{short}{y}年{x}采购项目公开招标公告",
        "公告",
        choices=("办公设备", "物业服务", "信息系统运维", "应急物资"),
    ),
    Template(
        "{short}{y}年{x}采购项目中标（成交）结果公告",
        "公告",
        choices=("办公设备", "物业服务", "信息系统运维", "应急物资"),
    ),
    topic=FINANCE,
)
projects = _statutory(
    "zdjsxm",
    ("ndrc",),
    Template("金东区{y}年重大建设项目实施计划", "通知", (2, 4)),
    Template(
        "关于{x}项目可行性研究报告的批复",
        "批复",
        choices=(
            "孝顺镇污水处理厂提标改造",
            "多湖中央商务区地下综合管廊",
            "金东区人民医院迁建",
            "金东区第二实验学校新建",
            "东湄路改建",
            "浙中生态廊道金东段",
            "金东区应急物资储备中心",
        ),
    ),
)
education = _statutory(
    "jy",
    ("education",),
    Template("金东区{y}年义务教育阶段学校招生工作实施方案", "通知", (4, 5)),
    Template("金东区{y}年公开招聘中小学教师公告", "公告", (3, 5)),
    Template("金东区{y}年普惠性民办幼儿园认定结果公示", "公示", (9, 11)),
)
health = _statutory(
    "ylws",
    ("health",),
    Template("金东区{y}年基本公共卫生服务项目实施方案", "通知", (3, 5)),
    Template("金东区{y}年医疗机构校验结果公示", "公示", (5, 7)),
    Template("金东区{y}年城乡居民健康体检工作方案", "通知", (2, 4)),
)
social_security = _statutory(
    "shbz",
    ("hrss", OFFICE),
    Template("关于公布{y}年金东区城乡居民基本养老保险缴费档次的通知", "通知", (1, 2)),
    Template("金东区{y}年社会保险基金预算执行情况", "报告", (7, 9)),
    Template("关于调整金东区{y}年最低生活保障标准的通知", "通知", (6, 7)),
    topic=SOCIAL_SECURITY,
)
emergency = _statutory(
    "yjgl",
    ("emergency",),
    Template("金东区{y}年防汛防台应急预案", "通知", (4, 5)),
    Template("金东区{y}年安全生产工作要点", "通知", (2, 3)),
    Template(
        "关于做好{y}年{x}期间安全防范工作的通知",
        "通知",
        (1, 9),
        choices=("元旦春节", "五一", "国庆", "汛期"),
    ),
)
recruitment = _statutory(
    "gwykl",
    ("hrss",),
    Template(
        "金东区{y}年度考试录用公务员拟录用人员公示（第{x}批）",
        "公示",
        (6, 8),
        choices=("一", "二"),
    ),
    Template("金东区{y}年公开招聘事业单位工作人员公告", "公告", (3, 6)),
    topic=PERSONNEL,
)

GUIDE_LEAD = (
    f"为了更好地提供政府信息公开服务，根据{REGULATION}（以下简称《条例》），编制本指南。",
    "一、主动公开。主动公开的政府信息通过本网站“政府信息公开”专栏发布，一般自信息形成或者变更之日起20个工作日内公开。",
    "二、依申请公开。公民、法人或者其他组织可以通过网上申请、信函、当面提交等方式申请获取政府信息，"
    "能够当场答复的当场予以答复，不能当场答复的自收到申请之日起20个工作日内予以答复。",
    "三、监督和救济。认为在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。",
)
guide = Listing(
    "zwgk/zfxxgk/gkzn",
    ALL_KEYS,
    (Template("{name}政府信息公开指南", lead=GUIDE_LEAD, use_corpus=False),),
    topic=OPENNESS,
)
rules = Listing(
    "zwgk/zfxxgk/gkzd",
    (OFFICE,),
    (
        Template(
            "金东区政府信息公开{x}制度",
            "通知",
            choices=(
                "保密审查",
                "依申请公开办理",
                "发布协调",
                "工作考核",
                "社会评议",
                "责任追究",
                "工作年度报告",
            ),
            lead=(f"为规范政府信息公开工作，根据{REGULATION}，制定本制度。",),
        ),
    ),
    topic=OPENNESS,
)
ANNUAL_REPORT_LEAD = (
    f"本报告根据{REGULATION}和国务院办公厅政府信息公开办公室有关要求编制。本报告所列数据的统计期限"
    "自{py}年1月1日起至{py}年12月31日止。",
    "一、总体情况",
)
annual_report = Listing(  # published by 31 January (条例第四十九条)
    "zwgk/zfxxgk/ndbg",
    ALL_KEYS,
    (
        Template(
            "{name}{py}年政府信息公开工作年度报告",
            "年报",
            (1, 1),
            lead=ANNUAL_REPORT_LEAD,
        ),
    ),
    topic=OPENNESS,
)

DISCLOSURE_FAMILIES: tuple[tuple[Family, int], ...] = (
    (agency_functions, 3),
    (plans, 10),
    (statistics, 10),
    (licensing, 8),
    (enforcement, 8),
    (budgets, 14),
    (procurement, 12),
    (projects, 10),
    (education, 10),
    (health, 10),
    (social_security, 8),
    (emergency, 8),
    (recruitment, 6),
    (guide, 3),
    (rules, 3),
    (annual_report, 14),
)
