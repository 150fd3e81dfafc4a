"""Search at county scale: a stored tsvector column with its own GIN index, PostgreSQL only.

With the expression index of 0003 the planner has no statistics for `to_tsvector(search_text)`: it guessed 1,000
matches for every word, so a rare word walked the whole published-date index recomputing to_tsvector row by row
(22 s at 200,000 publications), and a common word's count recomputed it for each of 147,000 matches. A stored,
generated column is computed once on write, ANALYZE gathers per-word statistics on it, and the planner picks the
GIN index for rare words and the date index for common ones. SQLite keeps matching tokens with LIKE.
"""

from django.db import migrations

COLUMN = "search_vector"
INDEX = "catalog_publication_search_vector_gin"
OLD_INDEX = "catalog_publication_search_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE catalog_publication ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_publication USING gin ({COLUMN})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
    schema_editor.execute("ANALYZE catalog_publication")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON catalog_publication "
        "USING gin (to_tsvector('simple'::regconfig, search_text))"
    )
    schema_editor.execute(f"ALTER TABLE catalog_publication DROP COLUMN IF EXISTS {COLUMN}")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_merge_0004_guide_0004_publication_workflow_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
