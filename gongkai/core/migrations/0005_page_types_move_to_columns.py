"""HomePage and ColumnPage leave core's state for columns (issue 18).

State only: columns/0001_initial takes the same tables (db_table) and relabels the
content types; every foreign key to the models was pointed at columns first.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_site_identity_logo_marks"),
        ("columns", "0001_initial"),
        ("portal_import", "0002_legacy_column_points_to_columns"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ColumnPage"),
                migrations.DeleteModel(name="HomePage"),
            ],
        ),
    ]
