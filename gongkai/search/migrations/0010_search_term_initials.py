from django.db import migrations, models


def fill_initials(apps, schema_editor):
    """Initials of the words already indexed (new words get them when indexed)."""
    from gongkai.search.pinyin import initials_key

    SearchTerm = apps.get_model("search", "SearchTerm")
    batch = []
    for term in SearchTerm.objects.only("pk", "word").iterator(chunk_size=2000):
        term.initials = initials_key(term.word)
        batch.append(term)
        if len(batch) >= 2000:
            SearchTerm.objects.bulk_update(batch, ["initials"])
            batch.clear()
    SearchTerm.objects.bulk_update(batch, ["initials"])


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_letter_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchterm",
            name="initials",
            field=models.CharField(db_index=True, default="", max_length=50),
        ),
        migrations.RunPython(fill_initials, migrations.RunPython.noop),
    ]
