"""Add the two 体裁分类 that table 2 counts: 规章 and 行政规范性文件.

Table 2 (第二十条第（一）项) counts items by these genres; the catalog's preloaded genres
(catalog 0003) are the 15 公文 kinds and the portal genres, which have neither.
"""

from django.db import migrations

REPORT_GENRES = (("规章", 90), ("行政规范性文件", 91))


def add_genres(apps, schema_editor):
    Genre = apps.get_model("catalog", "Genre")
    for name, order in REPORT_GENRES:
        Genre.objects.get_or_create(
            name=name, defaults={"group": "other", "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("catalog", "0003_preload_taxonomies"),
    ]

    # Reversing keeps the rows: pages may already use them.
    operations = [migrations.RunPython(add_genres, migrations.RunPython.noop)]
