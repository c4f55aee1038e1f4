"""The root collection, created by Wagtail as "Root", is shown in the image and document
screens and the collection chooser: give it a Chinese name (issue #16 item 3)."""

from django.db import migrations

ROOT_COLLECTION_NAME = "根目录"


def rename_root_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)


def restore_root_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name=ROOT_COLLECTION_NAME).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(rename_root_collection, restore_root_collection),
    ]
