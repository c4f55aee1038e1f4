"""`gongkai import`: items of an old portal into the column tree, idempotently.

Each item is written in its own savepoint inside batches of BATCH items: a failure
loses nothing else, an interrupted run resumes (finished items are recognised by the
fingerprint of what was read), and a second run over an unchanged source writes nothing.
An item whose values cannot be taken over as they are (an 索引号 that does not follow
its publisher's format, an unknown 发布机构/分类, a missing date) is imported as a
draft and reported as 需人工处理 with the reasons: never silently published.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Page, Site

from gongkai.catalog.enums import DisclosureMethod, Validity
from gongkai.catalog.index_numbers import parse_index_number
from gongkai.catalog.models import (
    ArticlePage,
    DisclosurePage,
    Genre,
    IndexNumber,
    Topic,
)
from gongkai.catalog.policy import PolicyDocumentPage
from gongkai.catalog.services import import_index_number
from gongkai.columns.models import ColumnPage
from gongkai.core.models import Organisation

from .assets import AssetError, AssetStore
from .columns import ensure_columns, ensure_history_column, keep_redirect
from .crawler import crawl
from .layouts.base import ParsedItem, ParseError
from .models import ItemStatus, LegacyColumn, LegacyItem
from .policy import (
    is_policy_document,
    policy_column_ids,
    policy_fields,
    publication_problem,
)
from .values import parse_date, parse_datetime, topic_key

BATCH = 50
UNCHANGED = "unchanged"


@dataclass
class Entry:
    legacy_path: str
    status: str  # an ItemStatus value, or UNCHANGED
    new_url: str = ""
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    entries: list[Entry] = field(default_factory=list)
    columns: int = 0
    columns_created: int = 0
    created: int = 0
    updated: int = 0

    def count(self, status: str) -> int:
        return sum(1 for entry in self.entries if entry.status == status)


@dataclass
class Context:
    site: Site
    layout: Any
    source: Any
    assets: AssetStore
    columns: dict[str, ColumnPage]
    legacy_columns: dict[str, LegacyColumn]
    into: ColumnPage
    owner: Organisation | None
    organisations: dict[str, Organisation]
    genres: dict[str, Genre]
    topics: dict[tuple[str, ...], Topic]
    known: dict[str, LegacyItem]
    policy_columns: set[str] = field(default_factory=set)


def _labels(choices: Any) -> dict[str, str]:
    return {str(label): value for value, label in choices}


def _taxonomy() -> tuple[dict[str, Genre], dict[tuple[str, ...], Topic]]:
    topics: dict[tuple[str, ...], Topic] = {}
    for topic in Topic.objects.select_related("parent"):
        parent = topic.parent
        topics[(parent.name, topic.name) if parent is not None else (topic.name,)] = (
            topic
        )
        topics.setdefault((topic.name,), topic)
    return {genre.name: genre for genre in Genre.objects.all()}, topics


def site_owner(site: Site) -> Organisation | None:
    return Organisation.objects.filter(root_page=site.root_page_id).first()


def import_portal(
    *,
    source: Any,
    layout: Any,
    site: Site,
    into: str | None = None,
    mapping: dict[str, ColumnPage] | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> ImportReport:
    report = ImportReport()
    result = crawl(source, layout, progress)
    progress(f"发现栏目 {len(result.columns)} 个，信息 {len(result.items)} 条")
    if not result.columns and not result.items:
        return report  # nothing of this layout there: write nothing (not even 历史栏目)
    with transaction.atomic():
        history = ensure_history_column(site, into)
        pages, rows, created = ensure_columns(
            site=site,
            layout=layout.name,
            columns=result.columns,
            into=history,
            mapping=mapping or {},
        )
    report.columns, report.columns_created = len(pages), created
    genres, topics = _taxonomy()
    organisations: dict[str, Organisation] = {}
    for organisation in Organisation.objects.all():
        organisations[organisation.name] = organisation
        if organisation.short_name:
            organisations.setdefault(organisation.short_name, organisation)
    context = Context(
        site=site,
        layout=layout,
        source=source,
        assets=AssetStore(source),
        columns=pages,
        legacy_columns=rows,
        into=history,
        owner=site_owner(site),
        organisations=organisations,
        genres=genres,
        topics=topics,
        known={
            row.legacy_path: row
            for row in LegacyItem.objects.filter(site=site).select_related("page")
        },
        policy_columns=policy_column_ids(result.columns, pages),
    )
    paths = sorted(result.items)
    for start in range(0, len(paths), BATCH):
        with transaction.atomic():
            for path in paths[start : start + BATCH]:
                report.entries.append(
                    _import_one(context, report, path, result.items[path])
                )
        done = min(start + BATCH, len(paths))
        progress(
            f"进度 {done}/{len(paths)}：新建 {report.created}，更新 {report.updated}，"
            f"未变 {report.count(UNCHANGED)}，需人工处理 {report.count(ItemStatus.ATTENTION)}，"
            f"跳过 {report.count(ItemStatus.SKIPPED)}"
        )
    return report


def _import_one(
    context: Context, report: ImportReport, path: str, column_id: str | None
) -> Entry:
    known = context.known.get(path)
    data = context.source.fetch(path)
    if data is None:
        return _skip(context, path, known, "原页面无法读取")
    try:
        item = context.layout.parse_item(path, context.source.url(path), data)
    except ParseError as exc:
        return _skip(context, path, known, f"页面无法解析：{exc}")
    item.column_id = item.column_id or column_id
    fingerprint = hashlib.sha256(
        json.dumps(asdict(item), ensure_ascii=False, sort_keys=True).encode()
    ).hexdigest()
    if known is not None and known.content_hash == fingerprint:
        return Entry(
            path, UNCHANGED, _url(context, known.page), known.reasons.splitlines()
        )
    try:
        with transaction.atomic():
            return _write(context, report, item, known, fingerprint)
    except (AssetError, ValidationError, ValueError) as exc:
        message = (
            "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        )
        return _skip(context, path, known, f"导入失败：{message}")


def _skip(context: Context, path: str, known: LegacyItem | None, reason: str) -> Entry:
    if known is not None and known.page_id:
        # Imported before: the page stays as it is; only reported.
        return Entry(
            path,
            ItemStatus.SKIPPED,
            _url(context, known.page),
            [reason, "保留已导入的信息"],
        )
    layout = context.layout
    LegacyItem.objects.update_or_create(
        site=context.site,
        legacy_path=path,
        defaults={
            "layout": layout.name,
            "legacy_id": layout.item_id(path) or "",
            "status": ItemStatus.SKIPPED,
            "reasons": reason,
            "content_hash": "",
            "page": None,
        },
    )
    return Entry(path, ItemStatus.SKIPPED, "", [reason])


def _url(context: Context, page: Page | None) -> str:
    if page is None:
        return ""
    root = context.site.root_page.url_path
    return (
        "/" + page.url_path[len(root) :]
        if page.url_path.startswith(root)
        else page.url_path
    )


def _fields(
    context: Context, item: ParsedItem
) -> tuple[dict[str, Any], list[str], str]:
    """Model values, reasons for attention, and the index number to keep ("" if none)."""
    meta, reasons = item.metadata, []
    fields: dict[str, Any] = {
        "title": item.title[:255],
        "source": item.source[:100],
        "byline": item.byline[:200],
    }
    if len(item.title) > 255:
        reasons.append("标题超过 255 字，已截断")
    fields["publisher"] = publisher = _publisher(
        context, meta.get("publisher", ""), reasons
    )
    published_at = parse_datetime(item.published_at) or parse_datetime(
        meta.get("published_on", "")
    )
    if published_at is None:
        reasons.append("没有可识别的发布日期")
    fields["published_at"] = published_at
    fields["document_number"] = meta.get("document_number", "")[:100]
    written = meta.get("written_on", "")
    fields["written_on"] = parse_date(written) if written else None
    if written and fields["written_on"] is None:
        reasons.append(f"成文日期“{written}”无法识别")
    fields.update(_classifications(context, meta, reasons))
    number = meta.get("index_number", "").strip()
    problem = index_number_problem(publisher, number) if number else ""
    if problem:
        reasons.append(problem)
    return fields, reasons, "" if problem else number


def _publisher(context: Context, name: str, reasons: list[str]) -> Organisation:
    publisher = context.organisations.get(name)
    if publisher is not None:
        return publisher
    if context.owner is None:
        raise ValueError(f"发布机构“{name}”不存在，站点也没有所属机构")
    reasons.append(
        f"发布机构“{name or '（空）'}”在本系统中不存在，暂以站点所属机构代替"
    )
    return context.owner


def _classifications(
    context: Context, meta: dict[str, str], reasons: list[str]
) -> dict[str, Any]:
    """体裁分类, 主题分类 (by name), 有效性 and 公开方式 (by label); unknown ones are reasons."""
    fields: dict[str, Any] = {}
    genre, topic = meta.get("genre", ""), meta.get("topic", "")
    fields["genre"] = context.genres.get(genre) if genre else None
    fields["topic"] = context.topics.get(topic_key(topic)) if topic else None
    for text, value, label in (
        (genre, fields["genre"], "体裁分类"),
        (topic, fields["topic"], "主题分类"),
    ):
        if text and value is None:
            reasons.append(f"{label}“{text}”在本系统中不存在")
    for key, choices, label in (
        ("validity", Validity.choices, "有效性"),
        ("disclosure_method", DisclosureMethod.choices, "公开方式"),
    ):
        text = meta.get(key, "")
        value = _labels(choices).get(text)
        if text and value is None:
            reasons.append(f"{label}“{text}”无法识别")
        if value is not None or key == "validity":
            fields[key] = value or ""
    return fields


def index_number_problem(organisation: Organisation, number: str) -> str:
    """Why `number` cannot be kept as this publisher's 索引号 ("" if it can): the
    catalog's format rule of the organisation, its code, and the column's length."""
    template = organisation.index_number_format
    parts = parse_index_number(template, number)
    if len(number) > 64 or parts is None:
        return f"索引号“{number}”不符合发布机构“{organisation.name}”的索引号格式（{template}）"
    if parts.code != organisation.code:
        return f"索引号“{number}”的前段码不是发布机构“{organisation.name}”的机构代码 {organisation.code}"
    return ""


def _body(
    context: Context, item: ParsedItem, reasons: list[str]
) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for part in item.body:
        if part.kind == "paragraph":
            html = part.html or f"<p>{escape(part.text)}</p>"
            blocks.append({"type": "paragraph", "value": html})
            continue
        if part.kind == "table":
            blocks.append({"type": "table", "value": _table(part)})
            continue
        try:
            if part.kind == "image":
                image = context.assets.image(part.url, part.text)
                # Old pages often lack alt text; the item's title describes the picture
                # better than nothing (the editor can refine it).
                alt = part.text or f"{item.title}（配图）"
                blocks.append(
                    {
                        "type": "image",
                        "value": {
                            "image": image.pk,
                            "alt_text": alt[:200],
                            "caption": "",
                        },
                    }
                )
            else:
                document = context.assets.document(part.url, part.text)
                blocks.append(
                    {
                        "type": "attachment",
                        "value": {"document": document.pk, "title": part.text[:200]},
                    }
                )
        except AssetError as exc:
            reasons.append(str(exc))
    return blocks


def _table(part: Any) -> dict[str, Any]:
    """A TableWithCaptionBlock value (wagtail.contrib.table_block's data format)."""
    return {
        "caption": "",
        "table": {
            "data": [list(row) for row in part.rows],
            "first_row_is_table_header": part.header,
            "first_col_is_header": False,
            # Wagtail >= 6 reads the header from this key and fills it in, in place, on
            # first use when missing: written here so the stored value is final.
            "table_header_choice": "row" if part.header else "neither",
            "table_caption": "",
        },
    }


def _write(
    context: Context,
    report: ImportReport,
    item: ParsedItem,
    known: LegacyItem | None,
    fingerprint: str,
) -> Entry:
    fields, reasons, number = _fields(context, item)
    policy = is_policy_document(item, context.policy_columns)
    if policy:
        fields.pop("byline")
        fields.update(policy_fields(item.metadata, reasons))
    original = item.metadata.get("index_number", "").strip()
    page = known.page.specific if known is not None and known.page is not None else None
    if page is None and number:
        holder = IndexNumber.objects.filter(number=number, page__isnull=False).first()
        if holder is not None and holder.page_id is not None:
            return _link(context, item, holder.page_id, original, fingerprint, reasons)
    body = _body(context, item, reasons)
    if policy and item.byline:  # a 政策文件 has no 署名 field: keep it as text
        body.append({"type": "paragraph", "value": f"<p>{escape(item.byline)}</p>"})
    if page is None:
        page = _create_page(context, report, item, fields, body, policy)
    else:
        _update_page(page, fields, body, number, reasons)
        report.updated += 1
    if number and not page.index_number:
        try:
            import_index_number(page=page, number=number)
        except ValidationError as exc:
            reasons.extend(exc.messages)
    _publish_unless_flagged(page, fields, reasons)
    status = ItemStatus.ATTENTION if reasons else ItemStatus.IMPORTED
    _record(context, item, page.pk, original, fingerprint, status, reasons)
    keep_redirect(context.site, item.path, page)
    return Entry(item.path, status, _url(context, page), reasons)


def _create_page(
    context: Context,
    report: ImportReport,
    item: ParsedItem,
    fields: dict[str, Any],
    body: list[dict[str, Any]],
    policy: bool,
) -> DisclosurePage:
    column = context.columns.get(item.column_id or "", context.into)
    page = (PolicyDocumentPage if policy else ArticlePage)(
        slug=_free_slug(column, _slug(context, item)),
        live=False,
        body=body,
        **fields,
    )
    page.first_published_at = fields["published_at"]
    column.add_child(instance=page)
    report.created += 1
    return page


def _update_page(
    page: DisclosurePage,
    fields: dict[str, Any],
    body: list[dict[str, Any]],
    number: str,
    reasons: list[str],
) -> None:
    if page.index_number and number and page.index_number != number:
        reasons.append(
            f"原网站上的索引号已改为“{number}”，保留已导入的“{page.index_number}”"
        )
    for name, value in fields.items():
        # The page keeps the type it was imported as (an editor may have changed
        # it): only the fields it has.
        if hasattr(type(page), name):
            setattr(page, name, value)
    page.body = body  # type: ignore[attr-defined]  # saved by the revision below: a live page changes when it is published


def _publish_unless_flagged(
    page: DisclosurePage, fields: dict[str, Any], reasons: list[str]
) -> None:
    revision = page.save_revision(clean=False, log_action=False)
    if isinstance(page, PolicyDocumentPage) and not reasons:
        problem = publication_problem(page, revision)
        if problem:
            reasons.append(problem)
    if not reasons:
        try:
            with transaction.atomic():
                revision.publish(log_action=False)
        except ValidationError as refusal:
            # A publishing rule refused it at the last step (e.g. an unconfirmed
            # 严重错别字, gongkai.inspection's guard): kept as a draft for review.
            reasons.append("；".join(refusal.messages))
            return
        if fields["published_at"] is not None:
            Page.objects.filter(pk=page.pk).update(
                last_published_at=fields["published_at"]
            )


def _link(
    context: Context,
    item: ParsedItem,
    page_id: int,
    original: str,
    fingerprint: str,
    reasons: list[str],
) -> Entry:
    """The item is already in the system under its 索引号: keep only its old URL."""
    page = Page.objects.get(pk=page_id)
    if (
        LegacyItem.objects.filter(site=context.site, page_id=page_id)
        .exclude(legacy_path=item.path)
        .exists()
    ):
        reasons = [*reasons, f"索引号“{original}”在原网站上被多条信息使用"]
        _record(
            context, item, None, original, fingerprint, ItemStatus.ATTENTION, reasons
        )
        return Entry(item.path, ItemStatus.ATTENTION, "", reasons)
    _record(context, item, page_id, original, fingerprint, ItemStatus.LINKED, reasons)
    keep_redirect(context.site, item.path, page)
    return Entry(item.path, ItemStatus.LINKED, _url(context, page), reasons)


def _record(
    context: Context,
    item: ParsedItem,
    page_id: int | None,
    original: str,
    fingerprint: str,
    status: str,
    reasons: list[str],
) -> None:
    row, _created = LegacyItem.objects.update_or_create(
        site=context.site,
        legacy_path=item.path,
        defaults={
            "layout": context.layout.name,
            "legacy_id": item.legacy_id,
            "page_id": page_id,
            "legacy_column": context.legacy_columns.get(item.column_id or ""),
            "original_index_number": original[:200],
            "status": status,
            "reasons": "\n".join(reasons),
            "content_hash": fingerprint,
        },
    )
    context.known[item.path] = row


def _slug(context: Context, item: ParsedItem) -> str:
    if context.layout.name == "hanweb":
        return (
            f"art-{item.legacy_id}"  # the seed page's slug in the demo follows this too
        )
    return f"t-{item.legacy_id}"


def _free_slug(column: ColumnPage, slug: str) -> str:
    taken = set(
        column.get_children()
        .filter(slug__startswith=slug)
        .values_list("slug", flat=True)
    )
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate
