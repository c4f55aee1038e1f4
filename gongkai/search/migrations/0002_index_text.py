"""The segmented text beside SearchDocument: an FTS5 table on SQLite, a GIN index on
PostgreSQL (see index_store.py)."""

from django.db import migrations

FTS_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, title_units, body_units, tokenize='unicode61 remove_diacritics 0')"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_document_vector_gin"
            " ON search_searchdocument USING gin (vector)"
        )
    else:
        schema_editor.execute(FTS_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_vector_gin")
    else:
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
