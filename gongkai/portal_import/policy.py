"""Which imported items are 政策文件 (PolicyDocumentPage), and their own fields.

An old portal has no page type for them: a document is recognised by where it was
published (a column called 规范性文件 or 政策文件, or below one, on the old site or the
column it is mapped to) and by what it carries (文号 and 成文日期 in its 公开信息 block).
Everything else stays an 文章 (ArticlePage).
"""

from typing import Any

from gongkai.catalog.enums import Validity
from gongkai.catalog.policy import PolicyDocumentPage
from gongkai.columns.models import ColumnPage

from .layouts.base import ParsedColumn, ParsedItem
from .values import parse_date

POLICY_COLUMN_WORDS = ("规范性文件", "政策文件")


def policy_column_ids(
    columns: dict[str, ParsedColumn], pages: dict[str, ColumnPage]
) -> set[str]:
    """Old column ids whose items may be policy documents."""
    found = set()
    for legacy_id, column in columns.items():
        titles, seen = [], set()
        current: ParsedColumn | None = column
        while current is not None and current.legacy_id not in seen:
            seen.add(current.legacy_id)
            titles.append(current.title)
            current = columns.get(current.parent_id or "")
        page = pages.get(legacy_id)
        if page is not None:
            titles.append(page.title)
        if any(word in title for title in titles for word in POLICY_COLUMN_WORDS):
            found.add(legacy_id)
    return found


def is_policy_document(item: ParsedItem, policy_columns: set[str]) -> bool:
    meta = item.metadata
    return (
        item.column_id in policy_columns
        and bool(meta.get("document_number", "").strip())
        and bool(meta.get("written_on", "").strip())
    )


def policy_fields(meta: dict[str, str], reasons: list[str]) -> dict[str, Any]:
    """实施日期 and 失效/废止日期 as printed; a document marked 失效/废止 without its
    date is a reason for attention (the policy page requires it)."""
    fields: dict[str, Any] = {}
    for key, label in (("effective_on", "实施日期"), ("invalid_on", "失效/废止日期")):
        text = meta.get(key, "").strip()
        fields[key] = parse_date(text) if text else None
        if text and fields[key] is None:
            reasons.append(f"{label}“{text}”无法识别")
    if (
        meta.get("validity") in (Validity.EXPIRED.label, Validity.REPEALED.label)
        and fields["invalid_on"] is None
    ):
        reasons.append("原网站标注文件已失效或废止，但没有失效/废止日期：请补填后发布")
    return fields


def publication_problem(page: PolicyDocumentPage, revision: Any) -> str:
    """Why the document cannot go live in its column (the 三同步 rule), or ""."""
    return page.publication_error(revision) or ""
