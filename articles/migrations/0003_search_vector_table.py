"""PostgreSQL only: move the tsvectors into a narrow table of their own.

Ranking a common word needs the sort keys of every match. With the tsvectors (and
the short ranking fields) in one wide table, PostgreSQL either walked the sort-key
index and decompressed each story's tsvector to test it, or visited thousands of
wide heap pages. In `articles_search_vector` a GIN bitmap scan touches small rows
only, and no sort-key index tempts the planner away from GIN. SQLite: nothing to do.
Then the stories published before search existed are indexed (both backends).
"""

from django.db import migrations

POSTGRES = [
    """CREATE TABLE articles_search_vector (
        article_id bigint PRIMARY KEY,
        sort_key bigint NOT NULL,
        headline_tsv tsvector NOT NULL,
        document_tsv tsvector NOT NULL
    )""",
    """INSERT INTO articles_search_vector (article_id, sort_key, headline_tsv, document_tsv)
       SELECT article_id, sort_key, headline_tsv, document_tsv FROM articles_search_entry""",
    "ALTER TABLE articles_search_entry DROP COLUMN headline_tsv, DROP COLUMN document_tsv",
    "CREATE INDEX articles_search_vector_document_gin ON articles_search_vector USING gin (document_tsv)",
    "CREATE INDEX articles_search_vector_headline_gin ON articles_search_vector USING gin (headline_tsv)",
]
POSTGRES_REVERSE = [
    "ALTER TABLE articles_search_entry ADD COLUMN headline_tsv tsvector, ADD COLUMN document_tsv tsvector",
    """UPDATE articles_search_entry e SET headline_tsv = v.headline_tsv, document_tsv = v.document_tsv
       FROM articles_search_vector v WHERE v.article_id = e.article_id""",
    "DROP TABLE articles_search_vector",
    "CREATE INDEX articles_search_document_gin ON articles_search_entry USING gin (document_tsv)",
    "CREATE INDEX articles_search_headline_gin ON articles_search_entry USING gin (headline_tsv)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


def index_existing(apps, schema_editor):
    """Index the stories that were published before search existed."""
    if schema_editor.connection.vendor not in ("sqlite", "postgresql"):
        return
    from articles.search.index import reindex

    Article = apps.get_model("articles", "Article")
    reindex(Article.objects.filter(status="published").values_list("pk", flat=True), model=Article)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_index"),
    ]

    operations = [
        migrations.RunPython(_run(POSTGRES), _run(POSTGRES_REVERSE), elidable=False),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
