"""The search index tables (issue 5): SQLite FTS5 or PostgreSQL tsvector + GIN.

Neither is a model field, so the DDL is raw SQL chosen by the database vendor: on
SQLite the FTS5 virtual table is created and the PostgreSQL part is a no-op, and the
other way round. Both keep `articles_search_entry` (ids, sort key, the fields the
ranker reads). Existing published stories are indexed by 0003, once both
backends' tables are final.
"""

from django.db import migrations

SQLITE = [
    """CREATE TABLE articles_search_entry (
        article_id INTEGER PRIMARY KEY,
        sort_key INTEGER NOT NULL UNIQUE,
        headline TEXT NOT NULL,
        lead TEXT NOT NULL,
        quotes TEXT NOT NULL
    )""",
    # Tokens are pre-normalized and stemmed; unicode61 only splits them at the spaces.
    # "_" marks the surface forms kept for prefix matching, so it is a token character.
    """CREATE VIRTUAL TABLE articles_search_fts USING fts5(
        headline, lead, quotes, rest,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
        prefix = '2 3'
    )""",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS articles_search_fts", "DROP TABLE IF EXISTS articles_search_entry"]

POSTGRES = [
    """CREATE TABLE articles_search_entry (
        article_id bigint PRIMARY KEY,
        sort_key bigint NOT NULL UNIQUE,
        headline text NOT NULL,
        lead text NOT NULL,
        quotes text NOT NULL,
        headline_tsv tsvector NOT NULL,
        document_tsv tsvector NOT NULL
    )""",
    "CREATE INDEX articles_search_document_gin ON articles_search_entry USING gin (document_tsv)",
    "CREATE INDEX articles_search_headline_gin ON articles_search_entry USING gin (headline_tsv)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS articles_search_entry"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            elidable=False,
        ),
    ]
