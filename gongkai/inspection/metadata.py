"""Missing disclosure metadata and missing 解读. Pure rule: items come in as plain dicts."""

from dataclasses import dataclass

# field -> label; what every item of the 公开目录 must carry (rules.md §1 公开目录 entry).
REQUIRED_FIELDS = {
    "index_number": "索引号",
    "published_at": "发布时间",
    "genre": "体裁分类",
    "topic": "主题分类",
}
# Policy documents (政策文件) also carry these.
POLICY_FIELDS = {"document_number": "文号", "written_on": "成文日期"}


@dataclass(frozen=True)
class ItemFacts:
    page_id: int
    title: str
    url: str
    is_policy: bool
    values: dict[str, object]  # field -> value (None/"" when missing)
    interpretation_count: int = 0
    no_interpretation_reason: str = ""
    requires_interpretation: bool = False  # its column's 政策文件须同步解读


def missing_fields(item: ItemFacts) -> list[str]:
    wanted = dict(REQUIRED_FIELDS)
    if item.is_policy:
        wanted.update(POLICY_FIELDS)
    return [
        label for name, label in wanted.items() if item.values.get(name) in (None, "")
    ]


def lacks_interpretation(item: ItemFacts) -> bool:
    """A policy document of a column that requires 解读, with none and no reason given."""
    return (
        item.is_policy
        and item.requires_interpretation
        and item.interpretation_count == 0
        and not item.no_interpretation_reason.strip()
    )
