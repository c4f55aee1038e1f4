"""Old portals written in the real page layouts of Hanweb JCMS and TRS WCM, from a
plan of columns and items: the test fixtures, the benchmark's 10,000 items and the
demo's small 历史栏目 mirror are all made here (a user's machine has no copy of a real
portal). Deterministic for a given seed.
"""

import hashlib
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from html import escape
from pathlib import Path

from PIL import Image
from pypdf import PdfWriter

from .values import TIME_ZONE


@dataclass
class FixtureAsset:
    name: str  # alt text of an image, link text of an attachment
    path: str  # site path
    data: bytes


@dataclass
class FixtureItem:
    legacy_id: str
    column_id: str
    title: str
    published_at: datetime
    source: str
    publisher: str
    index_number: str
    paragraphs: list[str]
    document_number: str = ""
    written_on: date | None = None
    topic: str = ""
    genre: str = ""
    validity: str = ""
    invalid_on: date | None = None  # printed as 废止日期 when set
    disclosure_method: str = "主动公开"
    images: list[FixtureAsset] = field(default_factory=list)
    attachments: list[FixtureAsset] = field(default_factory=list)
    byline: str = ""
    path: str = ""
    body_html: str = ""  # written as it is instead of the paragraphs (formatting tests)


@dataclass
class FixtureColumn:
    legacy_id: str
    title: str
    parent_id: str | None = None
    path: str = ""


@dataclass
class FixtureSite:
    layout: str
    name: str
    columns: list[FixtureColumn]
    items: list[FixtureItem]


@dataclass(frozen=True)
class Publisher:
    name: str
    code: str
    width: int = 6


def png(seed: int) -> bytes:
    """A small distinct PNG."""
    picture = Image.new(
        "RGB", (8, 6), ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256)
    )
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


def pdf(text: str) -> bytes:
    """A valid one-page PDF whose title is `text` (distinct texts, distinct files)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


SENTENCES = (
    "为进一步做好政务公开工作，根据有关规定，结合本区实际，制定本方案。",
    "各乡镇（街道）、区级各部门要高度重视，明确责任分工，确保各项任务落到实处。",
    "会议听取了有关工作情况汇报，研究部署下一阶段重点工作。",
    "本通知自发布之日起施行，由区政府办公室负责解释。",
    "全区上下要坚持稳中求进工作总基调，推动经济社会高质量发展。",
    "请各单位于每月5日前报送上月工作进展情况。",
)


def plan_site(
    *,
    layout: str,
    count: int,
    publishers: list[Publisher],
    genres: list[str],
    topics: list[str],
    seed: int = 1,
    start_id: int = 5_000_000,
    column_count: int = 6,
    first_serial: int = 1,
    column_titles: list[str] | None = None,
) -> FixtureSite:
    """`count` items in `column_count` leaf columns below two top columns (titled
    栏目01… unless `column_titles` names them)."""
    rng = random.Random(f"{layout}-{seed}")  # noqa: S311 - fixture data, not secrets
    columns, leaves = _plan_columns(layout, column_count)
    for leaf, title in zip(leaves, column_titles or [], strict=False):
        leaf.title = title
    serials: dict[tuple[str, int], int] = {}
    shared_logo = FixtureAsset("区政府标识", "", png(10_000))
    shared_form = FixtureAsset("政府信息公开申请表", "", pdf("shared application form"))
    items = []
    base = datetime(2016, 1, 4, 9, 0, tzinfo=TIME_ZONE)
    for n in range(count):
        column = leaves[n % len(leaves)]
        publisher = publishers[n % len(publishers)]
        published_at = base + timedelta(
            days=n * 2 % 3000, minutes=rng.randrange(0, 600)
        )
        key = (publisher.code, published_at.year)
        serials[key] = serials.get(key, first_serial - 1) + 1
        number = (
            f"{publisher.code}/{published_at.year}-{serials[key]:0{publisher.width}d}"
        )
        legacy_id = str(start_id + n)
        item = FixtureItem(
            legacy_id=legacy_id,
            column_id=column.legacy_id,
            title=f"关于{column.title}第{n + 1}项工作的通知（{legacy_id}）",
            published_at=published_at.replace(second=0, microsecond=0),
            source=rng.choice(["区政府办公室", "今日金东", ""]),
            publisher=publisher.name,
            index_number=number,
            paragraphs=[
                rng.choice(SENTENCES) + f"（第{n + 1}条）"
                for _ in range(rng.randrange(1, 5))
            ],
            topic=rng.choice(["", *topics]),
            genre=rng.choice(["", *genres]),
        )
        _add_extras(item, n, rng, shared_logo, shared_form)
        items.append(item)
    site = FixtureSite(
        layout=layout, name="金东区人民政府", columns=columns, items=items
    )
    assign_paths(site)
    return site


def _plan_columns(
    layout: str, count: int
) -> tuple[list[FixtureColumn], list[FixtureColumn]]:
    """Two top columns and `count` leaves below them, alternately (all, leaves)."""
    tops = [("1229000001", "政务公开", "xxgk"), ("1229000002", "新闻动态", "xwzx")]
    columns = [
        FixtureColumn(legacy if layout == "hanweb" else f"/{folder}/", title)
        for legacy, title, folder in tops
    ]
    leaves = []
    for n in range(count):
        parent = columns[n % 2]
        legacy = (
            str(1229398300 + n)
            if layout == "hanweb"
            else f"{parent.legacy_id}lm{n:02d}/"
        )
        leaves.append(FixtureColumn(legacy, f"栏目{n + 1:02d}", parent.legacy_id))
    return columns + leaves, leaves


def _add_extras(
    item: FixtureItem,
    n: int,
    rng: random.Random,
    logo: FixtureAsset,
    form: FixtureAsset,
) -> None:
    """Policy metadata, images (one shared by many items), attachments and a byline."""
    published_at = item.published_at
    if n % 3 == 0:
        item.document_number = f"金东政办发〔{published_at.year}〕{n + 1}号"
        item.written_on = (published_at - timedelta(days=2)).date()
        item.validity = rng.choice(["有效", "失效", "废止"])
    if n % 4 == 0:
        item.images.append(FixtureAsset(f"第{n + 1}项工作现场图片", "", png(n)))
    if n % 10 == 0:
        item.images.append(FixtureAsset("区政府标识", "", logo.data))
    if n % 5 == 0:
        item.attachments.append(
            FixtureAsset(f"附件{n + 1}：实施方案.pdf", "", pdf(f"plan {n}"))
        )
    if n % 25 == 0:
        item.attachments.append(FixtureAsset(form.name, "", form.data))
    if n % 7 == 0:
        item.byline = f"（记者 张{n % 10}）"


def assign_paths(site: FixtureSite) -> None:
    for column in site.columns:
        column.path = (
            f"/col/col{column.legacy_id}/index.html"
            if site.layout == "hanweb"
            else f"{column.legacy_id}index.html"
        )
    for item in site.items:
        day = item.published_at
        if site.layout == "hanweb":
            item.path = f"/art/{day.year}/{day.month}/{day.day}/art_{item.column_id}_{item.legacy_id}.html"
            folder = "/picture/0/"
        else:
            folder = f"{item.column_id}{day:%Y%m}/"
            item.path = f"{folder}t{day:%Y%m%d}_{item.legacy_id}.html"
        for asset in item.images:
            digest = hashlib.sha1(asset.data).hexdigest()[:12]  # noqa: S324 - a file name
            asset.path = (
                f"{folder}W0{digest}.png"
                if site.layout == "trs"
                else f"{folder}{digest}.png"
            )
        for number, asset in enumerate(item.attachments):
            name = f"P0{item.legacy_id}{number}.pdf"
            asset.path = (
                f"{folder}{name}"
                if site.layout == "trs"
                else f"/attach/0/{item.legacy_id}_{number}.pdf"
            )


def _head(title: str, metas: dict[str, str]) -> str:
    tags = "".join(
        f'<meta name="{name}" content="{escape(value)}">\n'
        for name, value in metas.items()
    )
    return f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">\n<title>{escape(title)}</title>\n{tags}</head>\n'


def _metadata_rows(item: FixtureItem) -> list[tuple[str, str]]:
    rows = [
        ("信息索引号", item.index_number),
        ("体裁分类", item.genre),
        ("发布机构", item.publisher),
        ("主题分类", item.topic),
        ("发布日期", f"{item.published_at:%Y-%m-%d}"),
        ("公开方式", item.disclosure_method),
    ]
    if item.document_number or item.written_on or item.validity:
        rows += [
            ("文号", item.document_number),
            ("成文日期", f"{item.written_on:%Y-%m-%d}" if item.written_on else ""),
            ("有效性", item.validity),
        ]
    if item.invalid_on:
        rows.append(("废止日期", f"{item.invalid_on:%Y-%m-%d}"))
    return rows


def _body(item: FixtureItem, relative: bool) -> str:
    def href(asset: FixtureAsset) -> str:
        return (
            "./" + asset.path.rsplit("/", 1)[1]
            if relative and asset.path.startswith(item.path.rsplit("/", 1)[0])
            else asset.path
        )

    html = item.body_html or "".join(
        f"<p>{escape(text)}</p>\n" for text in item.paragraphs
    )
    html += "".join(
        f'<p style="text-align:center"><img src="{href(a)}" alt="{escape(a.name)}"></p>\n'
        for a in item.images
    )
    if item.byline:
        html += f"<p>{escape(item.byline)}</p>\n"
    return html


def hanweb_item(
    site: FixtureSite, item: FixtureItem, trail: list[FixtureColumn]
) -> str:
    crumbs = " &gt;&gt; ".join(
        f'<a href="{c.path}">{escape(c.title)}</a>' for c in trail
    )
    rows = "".join(
        f"<li><span>{label}:</span><p>{escape(value)}</p></li>\n"
        for label, value in _metadata_rows(item)
    )
    attachments = "".join(
        f'<p><a href="{a.path}">{escape(a.name)}</a></p>\n' for a in item.attachments
    )
    return (
        _head(
            item.title,
            {
                "SiteName": site.name,
                "ColumnName": trail[-1].title,
                "ArticleTitle": item.title,
                "PubDate": f"{item.published_at:%Y-%m-%d %H:%M}",
                "ContentSource": item.source,
            },
        )
        + f'<body><div class="bt-position"><a href="/index.html">首页</a> &gt;&gt; {crumbs}</div>\n'
        + f'<div class="xxgk_table"><ul>\n{rows}</ul></div>\n'
        + f'<div class="title">{escape(item.title)}</div>\n'
        + f'<div class="info">发布时间: {item.published_at:%Y-%m-%d %H:%M} 信息来源: {escape(item.source)} 访问次数: <span id="hits"></span></div>\n'
        + '<div id="zoom"><!--ZJEG_RSS.content.begin--><meta name="ContentStart">\n'
        + _body(item, relative=False)
        + attachments
        + '<meta name="ContentEnd"><!--ZJEG_RSS.content.end--></div>\n'
        + '<div class="qr">扫一扫手机查看当前页面</div></body></html>\n'
    )


JPAGE_PER_PAGE = 15
JPAGE_GROUP = 3 * JPAGE_PER_PAGE  # records per page of the pager, and per request
JPAGE_IDS = {"unitid": "7245869", "webid": "3"}


def _records(items: list[FixtureItem]) -> str:
    return "".join(
        f'<record><![CDATA[<li><a href="{i.path}" title="{escape(i.title)}" target="_blank">{escape(i.title)}</a>'
        f"<span>{i.published_at:%Y-%m-%d}</span></li>]]></record>\n"
        for i in items
    )


def hanweb_column(
    site: FixtureSite,
    column: FixtureColumn,
    trail: list[FixtureColumn],
    children: list[FixtureColumn],
    items: list[FixtureItem],
    jpage: bool = False,
) -> str:
    """With `jpage`, the page embeds only the first group of records, as real JCMS
    columns do; the rest come from `hanweb_dataproxy` answers."""
    crumbs = " &gt;&gt; ".join(
        f'<a href="{c.path}">{escape(c.title)}</a>' for c in trail
    )
    nav = "".join(
        f'<li><a href="{c.path}">{escape(c.title)}</a></li>' for c in children
    )
    shown = items[:JPAGE_GROUP] if jpage else items
    pager = (
        '<script type="text/javascript">$(document).ready(function(){'
        f"$('#{column.legacy_id}').jpage({{dataStore: dataStore, proxyUrl: "
        f"'/module/web/jpage/dataproxy.jsp', perPage: {JPAGE_PER_PAGE}, "
        f"totalRecord: {len(items)}, groupSize: 3, barPosition: 'bottom'}});}});</script>\n"
        if jpage
        else ""
    )
    ids = "&amp;".join(f"{k}={v}" for k, v in JPAGE_IDS.items())
    total = "" if jpage else f' totalRecord="{len(items)}"'
    return (
        _head(column.title, {"SiteName": site.name, "ColumnName": column.title})
        + f'<body><div class="bt-position"><a href="/index.html">首页</a> &gt;&gt; {crumbs}</div>\n'
        + f'<ul class="subnav">{nav}</ul>\n'
        + f'<div id="{column.legacy_id}"><script type="text/xml"><datastore>'
        + f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&amp;{ids}&amp;columnid={column.legacy_id}&amp;permissiontype=0"></a>]]></nextgroup>'
        + f"<recordset>\n{_records(shown)}</recordset></datastore></script></div>\n"
        + pager
        + f'<script src="/module/jslib/jquery/jpage/dataproxy.js"{total}></script></body></html>\n'
    )


def dataproxy_name(start: int, end: int, column_id: str) -> str:
    """The mirror file of one data proxy request: the query as the crawler writes it
    (the range, then the POSTed form fields)."""
    query = f"startrecord={start}&endrecord={end}&perpage={JPAGE_PER_PAGE}"
    ids = "&".join(f"{k}={v}" for k, v in JPAGE_IDS.items())
    return f"/module/web/jpage/dataproxy.jsp?{query}&columnid={column_id}&{ids}"


def hanweb_dataproxy(column: FixtureColumn, items: list[FixtureItem]) -> dict[str, str]:
    """The data proxy's XML answers for a column's records after the first group."""
    answers = {}
    for start in range(JPAGE_GROUP, len(items), JPAGE_GROUP):
        chunk = items[start : start + JPAGE_GROUP]
        name = dataproxy_name(start + 1, start + len(chunk), column.legacy_id)
        answers[name] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>'
            f"<totalrecord>{len(items)}</totalrecord>"
            f"<recordset>\n{_records(chunk)}</recordset></datastore>\n"
        )
    return answers


def trs_item(site: FixtureSite, item: FixtureItem, column: FixtureColumn) -> str:
    cells = _metadata_rows(item)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<th>{label.replace('文号', '文　　号')}：</th><td>{escape(value)}</td>"
            for label, value in cells[i : i + 2]
        )
        + "</tr>\n"
        for i in range(0, len(cells), 2)
    )
    attachments = "".join(
        f'<li><a href="./{a.path.rsplit("/", 1)[1]}">{escape(a.name)}</a></li>'
        for a in item.attachments
    )
    return (
        _head(
            item.title,
            {
                "SiteName": site.name,
                "ColumnName": column.title,
                "ArticleTitle": item.title,
                "PubDate": f"{item.published_at:%Y-%m-%d %H:%M}",
                "ContentSource": item.source,
            },
        )
        + f'<body><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="{column.legacy_id}">{escape(column.title)}</a></div>\n'
        + f'<table class="xxgk_table"><tbody>\n{rows}</tbody></table>\n'
        + f"<h1>{escape(item.title)}</h1>\n"
        + f'<div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web TRS_Editor">\n{_body(item, relative=True)}</div>\n'
        + (f'<ul class="fjlist">{attachments}</ul>\n' if attachments else "")
        + "</body></html>\n"
    )


TRS_PER_PAGE = 20


def trs_column_pages(
    site: FixtureSite,
    column: FixtureColumn,
    children: list[FixtureColumn],
    items: list[FixtureItem],
) -> dict[str, str]:
    ordered = sorted(items, key=lambda i: i.published_at, reverse=True)
    chunks = [
        ordered[i : i + TRS_PER_PAGE] for i in range(0, len(ordered), TRS_PER_PAGE)
    ] or [[]]
    pages = {}
    nav = "".join(
        f'<li><a href="{c.legacy_id}">{escape(c.title)}</a></li>' for c in children
    )
    for number, chunk in enumerate(chunks):
        entries = "".join(
            f'<li><a href=".{i.path[len(column.legacy_id) - 1 :]}" title="{escape(i.title)}">{escape(i.title)}</a>'
            f"<span>{i.published_at:%Y-%m-%d}</span></li>\n"
            for i in chunk
        )
        name = "index.html" if number == 0 else f"index_{number}.html"
        pages[column.legacy_id + name] = (
            _head(column.title, {"SiteName": site.name, "ColumnName": column.title})
            + f'<body><ul class="subnav">{nav}</ul><ul class="list">\n{entries}</ul>\n'
            + f'<script>createPageHTML({len(chunks)}, {number}, "index", "html");</script></body></html>\n'
        )
    return pages


def write_site(site: FixtureSite, folder: Path, *, jpage: bool = False) -> None:
    """Write every page and file of the site below `folder` (its web root); with
    `jpage`, Hanweb lists longer than one group are loaded from the data proxy."""
    files: dict[str, bytes] = {}
    by_id = {c.legacy_id: c for c in site.columns}

    def trail(column: FixtureColumn) -> list[FixtureColumn]:
        chain = [column]
        while chain[0].parent_id in by_id:
            chain.insert(0, by_id[chain[0].parent_id])
        return chain

    tops = [c for c in site.columns if c.parent_id is None]
    home_links = "".join(
        f'<li><a href="{c.path if site.layout == "hanweb" else c.legacy_id}">{escape(c.title)}</a></li>'
        for c in tops
    )
    files["/index.html"] = (
        _head(site.name, {"SiteName": site.name})
        + f'<body><ul class="nav">{home_links}</ul></body></html>\n'
    ).encode()
    files.update(_column_files(site, trail, jpage))
    for item in site.items:
        column = by_id[item.column_id]
        html = (
            hanweb_item(site, item, trail(column))
            if site.layout == "hanweb"
            else trs_item(site, item, column)
        )
        files[item.path] = html.encode()
        for asset in (*item.images, *item.attachments):
            files[asset.path] = asset.data
    for path, data in files.items():
        target = folder / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _column_files(
    site: FixtureSite,
    trail: Callable[[FixtureColumn], list[FixtureColumn]],
    jpage: bool,
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for column in site.columns:
        children = [c for c in site.columns if c.parent_id == column.legacy_id]
        items = [i for i in site.items if i.column_id == column.legacy_id]
        if site.layout == "hanweb":
            files[column.path] = hanweb_column(
                site, column, trail(column), children, items, jpage
            ).encode()
            if jpage:
                for path, xml in hanweb_dataproxy(column, items).items():
                    files[path] = xml.encode()
        else:
            for path, html in trs_column_pages(site, column, children, items).items():
                files[path] = html.encode()
    return files
