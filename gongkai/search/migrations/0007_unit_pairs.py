"""Units as character pairs (segmentation.unit_tokens): SQLite's text table gains a
one-character prefix index, PostgreSQL a title-only tsvector with its own GIN index.
The stored text is in the old form, so the index is rebuilt from the live items."""

import django.contrib.postgres.search
from django.db import migrations

# Frozen here: a migration must create the same table whatever index_store later says.
FTS_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, title_units, body_units, tokenize='unicode61 remove_diacritics 0', prefix='1')"
)
OLD_FTS_SQL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, body, title_units, body_units, tokenize='unicode61 remove_diacritics 0')"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS search_document_title_vector_gin"
            " ON search_searchdocument USING gin (title_vector)"
        )
    else:
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
        schema_editor.execute(FTS_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_title_vector_gin")
    else:
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
        schema_editor.execute(OLD_FTS_SQL)


def reindex(apps, schema_editor):
    # The live code, not historical models: indexing reads the page tree's specific
    # pages and their attachments. A fresh database has nothing to index.
    if apps.get_model("search", "SearchDocument").objects.exists():
        from gongkai.search.indexing import rebuild_index

        rebuild_index()


class Migration(migrations.Migration):
    dependencies = [("search", "0006_facet_covering_index")]
    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(create, drop),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
