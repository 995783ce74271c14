"""The one write path (articles/services.py): counts kept in the write's transaction,
merges, scheduled stories, coalesced refreshes. Tasks run in-process (immediate
backend: these tests are about what the writes leave, not about the queue — that is
tests/test_worker.py)."""

from datetime import timedelta

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleTag, PendingRefresh, Quote, RelatedLink, Tag, TagStats
from articles.search import search_ids
from tests.factories import make_article, make_source, make_tag
from tests.tasks_backend import DUMMY, tasks_backend

pytestmark = pytest.mark.django_db


def stats() -> dict:
    return {
        s.tag.name: (s.stories, s.weight)
        for s in TagStats.objects.select_related("tag")
        if s.stories or s.weight
    }


def counted_from_scratch() -> dict:
    rows = (
        ArticleTag.objects.filter(article__in=Article.objects.published())
        .values("tag__name")
        .annotate(n=Count("article_id"), w=Sum("weight"))
    )
    return {r["tag__name"]: (r["n"], r["w"]) for r in rows}


def test_counts_follow_save_publish_unpublish_delete_and_tag_changes():
    story = services.save_story(
        Article(headline="قمة في بكين", body="نص.", status="published"), tags=[("الصين", 2), ("قمة", 1)]
    )
    make_article("مسودة", status="draft", tags=["الصين"])
    assert stats() == {"الصين": (1, 2), "قمة": (1, 1)} == counted_from_scratch()
    services.save_story(story, tags=[("الصين", 3), ("روسيا", 1)])
    assert stats() == {"الصين": (1, 3), "روسيا": (1, 1)} == counted_from_scratch()
    services.unpublish([story.pk])
    assert stats() == {} == counted_from_scratch()
    services.publish([story.pk])
    assert stats() == {"الصين": (1, 3), "روسيا": (1, 1)}
    services.delete_stories([story.pk])
    assert stats() == {} == counted_from_scratch()


def test_a_scheduled_story_is_counted_when_its_time_comes():
    later = timezone.now() + timedelta(hours=2)
    story = make_article("خبر مجدول", published_at=later, tags=["الصين"])
    assert stats() == {}
    Article.objects.filter(pk=story.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )  # time passes
    assert services.count_newly_live() == [story.pk]
    assert stats() == {"الصين": (1, 1)} == counted_from_scratch()
    assert services.count_newly_live() == []  # counted once


def test_drafts_and_unpublished_stories_never_go_live_nor_take_a_scheduled_storys_turn():
    """Every draft is uncounted too: the stories due are found among the uncounted ones and
    the published ones picked out before the limit applies."""
    long_ago = timezone.now() - timedelta(days=3)
    for n in range(3):
        make_article(f"مسودة {n}", status=Article.Status.DRAFT, published_at=long_ago, tags=["الصين"])
    make_article("خبر مسحوب", status=Article.Status.UNPUBLISHED, published_at=long_ago)
    story = make_article("خبر مجدول", published_at=timezone.now() + timedelta(hours=2), tags=["الصين"])
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert services.count_newly_live(limit=1) == [story.pk]
    assert stats() == {"الصين": (1, 1)} == counted_from_scratch()
    assert services.count_newly_live() == []


def test_recount_rebuilds_what_the_write_path_keeps():
    for n in range(5):
        make_article(f"خبر {n}", tags=["الصين", "روسيا"][: 1 + n % 2])
    kept = stats()
    TagStats.objects.all().delete()
    services.recount_tags()
    assert stats() == kept == counted_from_scratch()


def test_merging_tags_adds_weights_and_keeps_the_old_slug(client):
    keep, old = make_tag("كوريا الشمالية"), make_tag("بيونغ يانغ")
    both = services.save_story(
        Article(headline="خبر أول", body="نص.", status="published"), tags=[(keep, 2), (old, 3)]
    )
    only_old = make_article("خبر ثان", tags=[old])
    old_url = old.get_absolute_url()
    assert services.merge_tags(keep, [old]) == 2
    assert not Tag.objects.filter(pk=old.pk).exists()
    assert dict(ArticleTag.objects.filter(tag=keep).values_list("article_id", "weight")) == {
        both.pk: 5,
        only_old.pk: 1,
    }
    assert stats() == {"كوريا الشمالية": (2, 6)} == counted_from_scratch()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == keep.get_absolute_url()
    assert search_ids("الشمالية ") and set(search_ids("الشمالية ")) == {both.pk, only_old.pk}
    assert search_ids("يانغ ") == []


def test_merging_sources_moves_stories_and_keeps_the_old_slug(client):
    keep, old = make_source("سكاي نيوز عربية"), make_source("سكاي نيوز")
    story = make_article("خبر", source=old)
    old_url = old.get_absolute_url()
    assert services.merge_sources(keep, [old]) == 1
    story.refresh_from_db()
    assert story.source == keep
    assert client.get(old_url).status_code == 301
    assert client.get("/source/لا-يوجد/").status_code == 404


def test_bulk_writers_clean_like_save():
    """create_stories runs the same cleaning functions as Article.save()."""
    dirty = "عنوان\u200f مع\u200b محارف خفية"
    one = services.save_story(Article(headline=dirty, body="نص\u200e.", status="published"))
    [bulk] = services.create_stories(
        [
            services.Draft(
                Article(headline=dirty + " ٢", body="نص\u200e.", status="published"),
                quotes=[Quote(speaker_name="بيسكوف\u200f", text="قال\u200b")],
                links=[RelatedLink(title="عنوان\u200f", url=" https://example.com/ ")],
            )
        ]
    )
    assert bulk.headline == one.headline + " ٢"
    assert bulk.body == one.body
    assert bulk.slug and bulk.excerpt
    quote = bulk.quotes.get()
    assert (quote.speaker_name, quote.speaker_slug, quote.text) == ("بيسكوف", "بيسكوف", "قال")


def test_saves_are_coalesced_into_one_pending_refresh():
    with tasks_backend(DUMMY):
        story = make_article("خبر يحرر")
        for n in range(10):
            story.headline = f"خبر يحرر {n}"
            services.save_story(story)
        assert list(PendingRefresh.objects.values_list("article_id", flat=True)) == [story.pk]
    from articles.tasks import refresh_batch

    assert refresh_batch() == 1
    assert refresh_batch() == 0  # done, and doing it again is a no-op
    assert search_ids("يحرر ") == [story.pk]


def test_the_tag_page_takes_its_count_from_tag_stats(client, django_assert_max_num_queries):
    tag = make_tag("الصين")
    for n in range(3):
        make_article(f"خبر {n}", tags=[tag])
    TagStats.objects.filter(tag=tag).update(stories=45)  # what the page believes, not a COUNT(*)
    response = client.get(tag.get_absolute_url())
    assert response.status_code == 200
    assert response.context["listing"].page.paginator.num_pages == 3
