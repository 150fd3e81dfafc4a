"""GIN index for full-text search over Publication.search_text, on PostgreSQL only (SQLite scans tokens)."""

from django.db import migrations

INDEX = "catalog_publication_search_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_publication "
            "USING gin (to_tsvector('simple'::regconfig, search_text))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_roles"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
