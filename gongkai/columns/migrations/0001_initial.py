"""HomePage and ColumnPage move here from core, rows kept (issue 18).

The tables stay where they are (the models keep db_table core_homepage and
core_columnpage, the M2M table core_columnpage_catalog_columns follows), so only
Django's state moves: core/0005 deletes the models from core's state, this migration
creates them in columns' state. The django_content_type rows are relabelled from
core to columns in place: pages, revisions, workflow states, permissions and the
reference index point at content types by id, so they follow without a write.
"""

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

MODELS = ("homepage", "columnpage")


def _relabel(apps, from_label: str, to_label: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = content_type.objects.filter(app_label=from_label, model=model).first()
        if old is None:  # a new database: post_migrate creates the columns rows
            continue
        # A row under the new label can only be an unused one that post_migrate made
        # (e.g. after a migrate back and forth); the old row is the one pages use.
        content_type.objects.filter(app_label=to_label, model=model).delete()
        old.app_label = to_label
        old.save(update_fields=["app_label"])


def relabel_forwards(apps, schema_editor) -> None:
    _relabel(apps, "core", "columns")


def relabel_backwards(apps, schema_editor) -> None:
    _relabel(apps, "columns", "core")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The tables are core's, created and altered by core/0001..0004.
        ("core", "0004_site_identity_logo_marks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="HomePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "intro",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="简介"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "站点首页",
                        "db_table": "core_homepage",
                    },
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="ColumnPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "intro",
                            wagtail.fields.RichTextField(
                                blank=True, verbose_name="栏目说明"
                            ),
                        ),
                        (
                            "items_per_page",
                            models.PositiveSmallIntegerField(
                                default=20, verbose_name="每页条数"
                            ),
                        ),
                        (
                            "list_mode",
                            models.CharField(
                                choices=[
                                    ("list", "列表"),
                                    ("catalog", "公开目录（表格、筛选、下载）"),
                                ],
                                default="list",
                                help_text="公开目录方式以表格列出索引号、名称、文号、发布机构、发布日期、有效性，可筛选和下载。",
                                max_length=20,
                                verbose_name="列表方式",
                            ),
                        ),
                        (
                            "requires_interpretation",
                            models.BooleanField(
                                default=False,
                                help_text="勾选后，本栏目的政策文件须关联至少一篇解读（或说明不解读的理由）才能发布。",
                                verbose_name="政策文件须同步解读",
                            ),
                        ),
                        (
                            "catalog_columns",
                            modelcluster.fields.ParentalManyToManyField(
                                blank=True,
                                help_text="仅对公开目录方式的栏目有效：所选栏目（含其子栏目）的信息也列入本目录。",
                                related_name="catalogs",
                                to="columns.columnpage",
                                verbose_name="目录同时收录的栏目",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "栏目",
                        "db_table": "core_columnpage",
                    },
                    bases=("wagtailcore.page",),
                ),
            ],
        ),
        migrations.RunPython(relabel_forwards, relabel_backwards),
    ]
