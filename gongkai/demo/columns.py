"""The demo's column tree (栏目), modelled on Zhejiang county portals.

政府信息公开 has the four columns every Zhejiang portal shows; 法定主动公开内容 follows
条例第二十条 (the items an administrative organ must disclose proactively).
Slugs are the pinyin initials the vendor platforms use, so they stay ASCII.
"""

from dataclasses import dataclass, field

from wagtail.models import Page

from gongkai.columns.models import ColumnPage
from gongkai.core.enums import ColumnListMode


@dataclass(frozen=True)
class ColumnSpec:
    slug: str
    title: str
    children: tuple["ColumnSpec", ...] = field(default_factory=tuple)
    list_mode: str = ColumnListMode.LIST


def _leaves(*pairs: tuple[str, str]) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(slug, title) for slug, title in pairs)


STATUTORY_COLUMNS = _leaves(  # 条例第二十条
    ("gzhgfxwj", "规章和规范性文件"),  # (一)
    ("jgzn", "机构职能"),  # (二)
    ("ghjh", "规划计划"),  # (四)
    ("tjxx", "统计信息"),  # (五)
    ("xzxk", "行政许可"),  # (六)
    ("xzcfqz", "行政处罚和行政强制"),  # (六)
    ("czyjs", "财政预决算"),  # (七)
    ("zfcg", "政府采购"),  # (九)
    ("zdjsxm", "重大建设项目"),  # (十)
    ("jy", "教育"),  # (十一)
    ("ylws", "医疗卫生"),  # (十一)
    ("shbz", "社会保障"),  # (十一)
    ("yjgl", "应急管理"),  # (十二)
    ("gwykl", "公务员招考"),  # (十五)
)

COLUMN_TREE: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "xwdt",
        "新闻动态",
        _leaves(("jdyw", "金东要闻"), ("bmdt", "部门动态"), ("xzjddt", "乡镇街道动态")),
    ),
    ColumnSpec(
        "zwgk",
        "政务公开",
        (
            ColumnSpec(
                "zfhy", "政府会议", _leaves(("qtqh", "全体会议"), ("cwhy", "常务会议"))
            ),
            ColumnSpec(
                "zfxxgk",
                "政府信息公开",
                (
                    ColumnSpec("gkzn", "政府信息公开指南"),
                    ColumnSpec("gkzd", "政府信息公开制度"),
                    # The 公开目录 table, searchable and downloadable (条例第二十四条).
                    ColumnSpec(
                        "fdzdgknr",
                        "法定主动公开内容",
                        STATUTORY_COLUMNS,
                        ColumnListMode.CATALOG,
                    ),
                    ColumnSpec("ndbg", "政府信息公开工作年度报告"),
                ),
            ),
        ),
    ),
    ColumnSpec(
        "zcwj", "政策文件", _leaves(("gfxwj", "规范性文件"), ("zcjd", "政策解读"))
    ),
)


# The 法定主动公开内容 catalog also lists the district's 规范性文件, kept under 政策文件
# (条例第二十条第（一）项: 规章和规范性文件).
CATALOG_INCLUDES: dict[str, tuple[str, ...]] = {
    "zwgk/zfxxgk/fdzdgknr": ("zcwj/gfxwj",),
}


def ensure_columns(*, home: Page, user: object = None) -> dict[str, ColumnPage]:
    """Create the missing columns below `home`; return every column by its slug path.

    A column is looked up by slug under its parent; top-level columns show in menus.
    """
    columns: dict[str, ColumnPage] = {}
    for spec in COLUMN_TREE:
        _ensure_branch(parent=home, spec=spec, prefix="", user=user, columns=columns)
    for catalog_path, source_paths in CATALOG_INCLUDES.items():
        catalog = columns[catalog_path]
        wanted = {columns[path].pk for path in source_paths}
        if set(catalog.catalog_columns.values_list("pk", flat=True)) != wanted:
            catalog.catalog_columns.set(sorted(wanted))
            catalog.save_revision(user=user).publish(user=user)
    return columns


def _ensure_branch(
    *,
    parent: Page,
    spec: ColumnSpec,
    prefix: str,
    user: object,
    columns: dict[str, ColumnPage],
) -> None:
    path = f"{prefix}{spec.slug}"
    column = _ensure_column(parent=parent, spec=spec, in_menu=not prefix, user=user)
    columns[path] = column
    for child in spec.children:
        _ensure_branch(
            parent=column, spec=child, prefix=f"{path}/", user=user, columns=columns
        )


def _ensure_column(
    *, parent: Page, spec: ColumnSpec, in_menu: bool, user: object
) -> ColumnPage:
    existing = parent.get_children().filter(slug=spec.slug).specific().first()
    if existing is not None:
        return existing
    column = ColumnPage(
        title=spec.title,
        slug=spec.slug,
        show_in_menus=in_menu,
        live=False,
        list_mode=spec.list_mode,
    )
    parent.add_child(instance=column)
    column.save_revision(user=user).publish(user=user)
    return column
