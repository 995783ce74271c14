"""The worker's batch (articles/tasks.refresh_batch) reads and computes first and writes
once: on SQLite a write transaction holds the database's one write lock from its start,
and an import writing chunk after chunk leaves it free only between two commits. A
batch that needed it for each step (the search entries, the stories' similar lists, the
neighbours') waited for several of those moments and fell behind the import."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import search, tasks
from articles.models import Article, PendingRefresh
from tests.factories import make_articles

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def statements(context) -> list[str]:
    return [q["sql"].lstrip().upper() for q in context.captured_queries]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's one write lock")
def test_a_batch_writes_everything_in_one_transaction():
    make_articles([f"خبر منوع رقم {n}" for n in range(40)], tags=["منوعات"])  # a corpus to be rare in
    stories = make_articles(
        [f"مجلس الوزراء يبحث خطة الطاقة رقم {n}" for n in range(12)], tags=["الطاقة", "الحكومة"]
    )
    Article.objects.filter(pk__in=[s.pk for s in stories]).update(similar_ids=[])
    # The saves' refresh ran at once (tests' immediate backend): ask again, as a save does.
    PendingRefresh.objects.bulk_create(
        PendingRefresh(article_id=s.pk, token=uuid.uuid4().hex) for s in stories
    )

    with CaptureQueriesContext(connection) as batch:
        assert tasks.refresh_batch() == len(stories)

    sql = statements(batch)
    assert sum(s.startswith("BEGIN") for s in sql) == 1
    begin = next(i for i, s in enumerate(sql) if s.startswith("BEGIN"))
    commit = max(i for i, s in enumerate(sql) if s.startswith("COMMIT") or s == "RELEASE")
    outside = [s for i, s in enumerate(sql) if s.startswith(WRITES) and not begin < i < commit]
    assert outside == []
    # All of it done: entries, lists, the rows gone.
    assert not PendingRefresh.objects.exists()
    assert set(search.search_ids("خطة الطاقة", limit=50)) >= {s.pk for s in stories}
    assert all(len(a.similar_ids) == 6 for a in Article.objects.filter(pk__in=[s.pk for s in stories]))
