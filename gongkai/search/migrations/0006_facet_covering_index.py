"""SQLite: a covering index for the facet counts over a text match.

The counts look up every matching document by page id; in the table each lookup reads
a whole row (the body text is stored in it), in this index only the facet columns.
PostgreSQL reads the heap tuples through the GIN bitmap scan and needs no such index.
"""

from django.db import migrations

INDEX = "search_document_facets"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchdocument"
            " (page_id, column_id, genre_id, topic_id, publisher_id, year, published_at)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_search_term_keys")]
    operations = [migrations.RunPython(create, drop)]
