"""PostgreSQL only: every two adjacent stems of a story are a lexeme of their own.

GIN keeps no positions, so a quoted phrase of common words («عالميا في الطاقة»)
made PostgreSQL read and decompress the tsvector of every story holding all its
words (34,000 of 100,000: 270 ms) to check their order. With «~a~b» lexemes for
adjacent stems the phrase's pairs narrow the check to a handful of stories inside
the index (backends.adjacent_pairs builds them for new entries; this derives the
same set from the positions already stored). SQLite: FTS5 keeps positions, nothing to do.

The GIN indexes are dropped and built again around the update rather than updated
row by row (2 minutes at 100,000 stories on a loaded machine); searches wait for the
migration meanwhile.
"""

from django.db import migrations

INDEXES = {
    "articles_search_vector_document_gin": "document_tsv",
    "articles_search_vector_headline_gin": "headline_tsv",
}
# The pair lexemes of one stored tsvector: lexemes at positions n and n + 1.
PAIRS = """(
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT '~' || a.lexeme || '~' || b.lexeme)), ''::tsvector)
    FROM (SELECT u.lexeme, unnest(u.positions) AS n FROM unnest({column}) u) a
    JOIN (SELECT u.lexeme, unnest(u.positions) AS n FROM unnest({column}) u) b ON b.n = a.n + 1
)"""
# Pair lexemes hold two "~" (recency lexemes one), typed tokens none; "%%": run with parameters.
WITHOUT_PAIRS = "ts_delete({column}, ARRAY(SELECT lexeme FROM unnest({column}) WHERE lexeme LIKE '~%%~%%'))"


def _rewrite(schema_editor, expression):
    schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    assignments = ", ".join(f"{column} = {expression.format(column=column)}" for column in INDEXES.values())
    schema_editor.execute(f"UPDATE articles_search_vector SET {assignments}")  # noqa: S608 (constants)
    for name, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON articles_search_vector USING gin ({column})")
    schema_editor.execute("ANALYZE articles_search_vector")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _rewrite(schema_editor, "{column} || " + PAIRS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _rewrite(schema_editor, WITHOUT_PAIRS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_section_old_slugs"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
