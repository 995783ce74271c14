"""articles/bulk.py: the plain-SQL inserts of the bulk write path store what bulk_create
would (ids in the rows' order, stamped times, JSON as save() stores it)."""

import pytest
from django.utils import timezone

from articles import bulk
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_inserted_stories_get_their_own_ids_across_statements():
    before = timezone.now()
    stories = [
        Article(
            headline=f"خبر رقم {n}",
            slug=f"story-{n}",
            body="نص.",
            import_warnings=[{"field": "body", "n": n}],
        )
        for n in range(7)
    ]
    bulk.insert_returning_ids(Article, stories, batch_size=3)  # three statements: 3, 3, 1 rows

    assert len({story.pk for story in stories}) == 7
    for n, story in enumerate(stories):
        assert not story._state.adding
        stored = Article.objects.get(pk=story.pk)
        assert stored.headline == f"خبر رقم {n}" and stored.slug == f"story-{n}"
        assert stored.import_warnings == [{"field": "body", "n": n}]
        assert stored.created_at >= before and stored.updated_at >= before
        assert stored.created_at == story.created_at
