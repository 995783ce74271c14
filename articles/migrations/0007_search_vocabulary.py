"""The index's vocabulary (issue 14): document frequencies and names, then a fresh index.

`articles_search_term` counts the stories holding each token (BM25, prefix completion,
typo correction), `articles_search_name` maps name words to their consonant skeleton
(Latin ↔ Arabic). The analysis changed (articles.text.analysis), so the existing index
is emptied and every published story indexed again — as `rebuild_search_index` does.
"""

from django.db import migrations

TABLES = {
    "sqlite": [
        "CREATE TABLE articles_search_term (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID",
        "CREATE TABLE articles_search_name (skeleton TEXT NOT NULL, term TEXT NOT NULL, "
        "PRIMARY KEY (skeleton, term)) WITHOUT ROWID",
    ],
    # COLLATE "C": the primary key sorts by code point, as SQLite's does, so a prefix is one range.
    "postgresql": [
        'CREATE TABLE articles_search_term (term text COLLATE "C" PRIMARY KEY, df integer NOT NULL)',
        'CREATE TABLE articles_search_name (skeleton text COLLATE "C" NOT NULL, term text COLLATE "C" NOT NULL, '
        "PRIMARY KEY (skeleton, term))",
    ],
}
DROP = ["DROP TABLE IF EXISTS articles_search_name", "DROP TABLE IF EXISTS articles_search_term"]


def forwards(apps, schema_editor):
    from articles.search.backends import backend_for
    from articles.search.index import reindex

    connection = schema_editor.connection
    for sql in TABLES[connection.vendor]:
        schema_editor.execute(sql)
    with connection.cursor() as cursor:
        backend_for(connection).clear(cursor)
    Article = apps.get_model("articles", "Article")
    reindex(Article.objects.filter(status="published").values_list("pk", flat=True), model=Article)


def backwards(apps, schema_editor):
    for sql in DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_article_byline_dateline_import_warnings"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
