"""Computed similar stories (articles/related.py): shared tags weighted by rarity,
headline words after Arabic normalization, newer first on ties, stored at save time."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.related import LIMIT, update_similar
from tests.factories import add_link, make_article, make_articles, make_tag

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def similar(article):
    article.refresh_from_db()
    return article.similar_ids


def filler(n, tag="منوعات"):
    """Unrelated stories, so that idf has a corpus to be rare in."""
    return make_articles(
        [f"خبر منوع رقم {i}" for i in range(n)],
        tags=[tag],
        published_at=lambda i: NOW - timedelta(days=30, hours=i),
    )


def test_rare_shared_tag_outweighs_common_shared_tag():
    filler(12, tag="أخبار العالم")
    story = make_article("قصة أولى", tags=["أخبار العالم", "بانمونجوم"])
    rare = make_article("قصة ثانية", tags=["بانمونجوم"], published_at=NOW - timedelta(days=3))
    common = make_article("قصة ثالثة", tags=["أخبار العالم"], published_at=NOW - timedelta(hours=1))
    update_similar([story.pk])
    ids = similar(story)
    assert ids.index(rare.pk) < ids.index(common.pk)


def test_headline_words_match_across_spelling_variants():
    filler(10)
    story = make_article("وزيرة خارجية أستراليا تزور سول")
    variant = make_article("زيارة وزيرة خارجية استراليا إلى كوريا")  # no hamza: same words after normalize
    update_similar([story.pk])
    assert similar(story)[0] == variant.pk


def test_ties_go_to_the_newer_story():
    filler(10)
    story = make_article("قصة", tags=["بانمونجوم"])
    older = make_article("أ", tags=["بانمونجوم"], published_at=NOW - timedelta(days=2))
    newer = make_article("ب", tags=["بانمونجوم"], published_at=NOW - timedelta(days=1))
    update_similar([story.pk])
    assert similar(story)[:2] == [newer.pk, older.pk]


def test_excludes_itself_drafts_scheduled_and_curated_targets_and_keeps_six():
    filler(40)
    story = make_article("قصة", tags=["بانمونجوم"])
    draft = make_article("مسودة", tags=["بانمونجوم"], status=Article.Status.DRAFT)
    scheduled = make_article("مجدول", tags=["بانمونجوم"], published_at=NOW + timedelta(days=1))
    curated = make_article("منتقى", tags=["بانمونجوم"])
    add_link(story, curated.headline, target=curated)
    others = [make_article(f"أخرى {i}", tags=["بانمونجوم"]) for i in range(8)]
    update_similar([story.pk])
    ids = similar(story)
    assert len(ids) == LIMIT
    assert not {story.pk, draft.pk, scheduled.pk, curated.pk} & set(ids)
    assert set(ids) <= {o.pk for o in others}


def test_unrelated_stories_are_not_similar():
    filler(10)
    story = make_article("ارتفاع أسعار النفط", tags=["اقتصاد"])
    make_article("فوز المنتخب في المباراة", tags=["رياضة"])
    update_similar([story.pk])
    assert similar(story) == []


def test_computed_after_a_save_and_the_older_story_gains_the_newer_one():
    filler(10)
    first = make_article("قمة بوتين وكيم", tags=["بانمونجوم"])
    second = make_article("بوتين وكيم في قمة جديدة", tags=["بانمونجوم"])
    assert similar(second) == [first.pk]
    # The older story was not saved again: the refresh of its neighbour updated it.
    assert similar(first) == [second.pk]


def test_bulk_update_runs_a_fixed_number_of_queries():
    """10,000 ids cost the same handful of queries as 10 (plus one UPDATE batch per 500 rows)."""
    tag = make_tag("بانمونجوم")
    stories = make_articles([f"قصة رقم {i}" for i in range(60)], tags=[tag])
    filler(200)
    with CaptureQueriesContext(connection) as small:
        update_similar([s.pk for s in stories[:5]])
    with CaptureQueriesContext(connection) as large:
        update_similar([s.pk for s in stories])
    reads = lambda ctx: [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]  # noqa: E731
    assert len(reads(large)) == len(reads(small)) <= 8
    assert all(len(s.similar_ids) == LIMIT for s in Article.objects.filter(pk__in=[s.pk for s in stories]))


def test_deleted_ids_are_ignored():
    assert update_similar([987654]) == 0
