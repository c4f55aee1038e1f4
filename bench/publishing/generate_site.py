"""Bench-only generator: a site of many columns and items, bulk-inserted.

Wagtail's page.save/publish manages ~15 items/s; this writes the rows directly with
computed treebeard paths (path, depth, numchild, url_path) and the multi-table rows
(Page -> ColumnPage; Page -> DisclosurePage -> ArticlePage). No revisions, search or
reference index: these benchmarks only read live pages.

    GONGKAI_DATA_DIR=/tmp/gk-bench .venv/bin/python bench/publishing/generate_site.py \
        --items 100000 --columns 2000 --big-column 10000
"""

import argparse
import os
import sys
import time
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

BENCH_HOST = "bench.local"
SHANGHAI = ZoneInfo("Asia/Shanghai")
TOP_COLUMNS = 20


def setup_django() -> None:
    sys.path.insert(
        0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings.dev")
    import django

    django.setup()


def _page(
    model,
    *,
    parent,
    position: int,
    title: str,
    slug: str,
    ct,
    locale,
    when,
    numchild=0,
    **extra,
):
    from wagtail.models import Page

    return Page(
        path=Page._get_path(parent.path, parent.depth + 1, position),
        depth=parent.depth + 1,
        numchild=numchild,
        title=title,
        draft_title=title,
        slug=slug,
        url_path=f"{parent.url_path}{slug}/",
        content_type=ct,
        locale=locale,
        live=True,
        has_unpublished_changes=False,
        first_published_at=when,
        last_published_at=when,
        translation_key=uuid.uuid4(),
        show_in_menus=extra.get("show_in_menus", False),
    )


def _insert_children(model, rows: list, ptr: str) -> None:
    """Insert the table rows of `model` itself (its parent tables already exist)."""
    fields = model._meta.local_concrete_fields
    for start in range(0, len(rows), 500):
        model._base_manager._insert(rows[start : start + 500], fields=fields)


def bulk_pages(
    model, parent, specs: list[dict], first_position: int, ct, locale
) -> list:
    """Insert Page rows plus `model` rows; specs carry title, slug, when, numchild, fields."""
    from wagtail.models import Page

    pages = [
        _page(
            model,
            parent=parent,
            position=first_position + i,
            ct=ct,
            locale=locale,
            **{
                k: spec[k]
                for k in ("title", "slug", "when", "numchild", "show_in_menus")
                if k in spec
            },
        )
        for i, spec in enumerate(specs)
    ]
    Page.objects.bulk_create(pages, batch_size=1000)
    return pages


def generate(items: int, columns: int, big_column: int, stdout=sys.stdout) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Locale, Page, Site

    from gongkai.catalog.models import ArticlePage, DisclosurePage
    from gongkai.columns.models import ColumnPage, HomePage
    from gongkai.core.enums import OrganisationKind
    from gongkai.core.models import Organisation
    from gongkai.core.tests.factories import get_tree_root

    started = time.monotonic()
    root = get_tree_root()
    locale = Locale.get_default()
    Site.objects.filter(hostname=BENCH_HOST).delete()
    old = Page.objects.filter(depth=2, slug="bench").first()
    if old is not None:
        old.delete()
        root.refresh_from_db()
    publisher, _ = Organisation.objects.get_or_create(
        name="基准测试机构",
        defaults={"kind": OrganisationKind.DEPARTMENT, "code": "T0000001X"},
    )
    with transaction.atomic():
        home = root.add_child(instance=HomePage(title="基准测试站点", slug="bench"))
        Site.objects.create(
            hostname=BENCH_HOST, port=80, root_page=home, site_name="基准测试站点"
        )
        leaves = columns - TOP_COLUMNS
        column_ct = ContentType.objects.get_for_model(ColumnPage)
        article_ct = ContentType.objects.get_for_model(ArticlePage)
        now = datetime(2025, 12, 31, 9, 0, tzinfo=SHANGHAI)
        # Item counts per leaf: leaf 0 gets `big_column`, the rest share what is left.
        rest = items - big_column
        per_leaf = [big_column] + [
            rest // (leaves - 1) + (1 if i < rest % (leaves - 1) else 0)
            for i in range(leaves - 1)
        ]
        leaf_of_top = [list(range(t, leaves, TOP_COLUMNS)) for t in range(TOP_COLUMNS)]
        tops = bulk_pages(
            ColumnPage,
            home,
            [
                {
                    "title": f"栏目{t + 1}",
                    "slug": f"c{t + 1}",
                    "when": now,
                    "numchild": len(leaf_of_top[t]),
                    "show_in_menus": True,
                }
                for t in range(TOP_COLUMNS)
            ],
            1,
            column_ct,
            locale,
        )
        Page.objects.filter(pk=home.pk).update(numchild=TOP_COLUMNS)
        _insert_children(
            ColumnPage,
            [ColumnPage(page_ptr_id=p.pk, items_per_page=20) for p in tops],
            "page_ptr",
        )
        leaf_pages: dict[int, Page] = {}
        for t, top in enumerate(tops):
            specs = [
                {
                    "title": f"子栏目{n + 1}",
                    "slug": f"s{n + 1}",
                    "when": now,
                    "numchild": per_leaf[n],
                }
                for n in leaf_of_top[t]
            ]
            created = bulk_pages(ColumnPage, top, specs, 1, column_ct, locale)
            _insert_children(
                ColumnPage,
                [ColumnPage(page_ptr_id=p.pk, items_per_page=20) for p in created],
                "page_ptr",
            )
            leaf_pages.update(zip(leaf_of_top[t], created, strict=True))
        stdout.write(f"columns: {columns} in {time.monotonic() - started:.1f}s\n")
        made = 0
        body = (
            '[{"type": "paragraph", "value": "<p>'
            + "为进一步推进政务公开标准化规范化工作，" * 12
            + '</p>", "id": "%s"}]'
        )
        for n, count in enumerate(per_leaf):
            leaf = leaf_pages[n]
            for start in range(0, count, 2000):
                size = min(2000, count - start)
                specs = [
                    {
                        "title": f"基准信息{n}-{start + i}",
                        "slug": f"i{start + i}",
                        "when": now - timedelta(minutes=made + i),
                    }
                    for i in range(size)
                ]
                created = bulk_pages(
                    ArticlePage, leaf, specs, start + 1, article_ct, locale
                )
                _insert_children(
                    DisclosurePage,
                    [
                        DisclosurePage(
                            page_ptr_id=p.pk,
                            publisher_id=publisher.pk,
                            published_at=p.first_published_at,
                            disclosure_method="proactive",
                            summary="基准测试信息",
                        )
                        for p in created
                    ],
                    "page_ptr",
                )
                _insert_children(
                    ArticlePage,
                    [
                        ArticlePage(
                            disclosurepage_ptr_id=p.pk,
                            page_ptr_id=p.pk,
                            body=body % uuid.uuid4(),
                        )
                        for p in created
                    ],
                    "disclosurepage_ptr",
                )
                made += size
            if n % 200 == 0:
                stdout.write(
                    f"items: {made}/{items} in {time.monotonic() - started:.1f}s\n"
                )
    stdout.write(
        f"generated {made} items in {columns} columns in {time.monotonic() - started:.1f}s\n"
    )
    return {"home": home.pk, "big_column": leaf_pages[0].pk}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--columns", type=int, default=2_000)
    parser.add_argument("--big-column", type=int, default=10_000)
    options = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(generate(options.items, options.columns, options.big_column))
