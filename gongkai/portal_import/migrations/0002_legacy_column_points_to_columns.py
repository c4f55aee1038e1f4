"""LegacyColumn.column now names columns.ColumnPage (moved from core, issue 18).

State only: the table (core_columnpage) and the foreign key constraint are unchanged.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("columns", "0001_initial"),
        ("portal_import", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name="legacycolumn",
                    name="column",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="columns.columnpage",
                        verbose_name="对应栏目",
                    ),
                ),
            ],
        ),
    ]
