"""Query budgets of the reader pages.

Why: a story page or list page whose query count grows with its tags, quotes,
links or results gets slower exactly on the richest stories and at the largest
corpora — an N+1 is invisible on demo data and painful at 100,000 stories. The
pages must cost a constant number of queries (PRODUCT §7): story ≤ 8 and list ≤ 7
on a cold cache (two of them the site's furniture, cached until an editor changes
it: the sections menu and the «عاجل» bar), the front page ≤ 8 with any number of
sections (the menu comes with its section blocks). Each test runs the page on a story with 1 and with 50 tags,
quotes and related links, and asserts the same count for both.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.caching import schedule
from articles.caching.store import page_cache, purges_for
from articles.models import Article, Quote, RelatedLink
from articles.related import update_similar
from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

STORY_BUDGET = 8
LIST_BUDGET = 7
FRONT_BUDGET = 8


def rich_story(n: int, prefix: str):
    """A story with `n` tags, quotes and related links, written as one save (an editor's
    form with every row filled in; a save per row made this file the suite's slowest)."""
    source = make_source("سكاي نيوز عربية")
    tags = [make_tag(f"{prefix} وسم {i}") for i in range(n)]
    targets = services.create_stories(
        [
            services.Draft(
                article=Article(
                    headline=f"{prefix} هدف {i}",
                    body="فقرة.",
                    source=source,
                    status=Article.Status.PUBLISHED,
                    published_at=timezone.now() - timedelta(hours=i + 1),
                ),
                tags=[(tags[0], 1)],
            )
            for i in range(n)
        ]
    )
    quotes = [
        Quote(text=f"تصريح {i}", speaker_name=f"متحدث {i}", kind=("inline", "block")[i % 2], position=i % 3)
        for i in range(n)
    ]
    links = [
        RelatedLink(
            title=f"{prefix} عنوان {i}",
            kind=("read_also", "similar", "inline", "manual")[i % 4],
            target=targets[i] if i % 3 else None,
        )
        for i in range(n)
    ]
    story = make_article(f"{prefix} قصة غنية", source=source)
    services.save_story(story, tags=[(tag, 1) for tag in tags], quotes=quotes, links=links)
    update_similar([story.pk])
    return story


def count_queries(client, url, **headers):
    cache.clear()  # cold: the tag cloud and source list are computed in this request
    pages = page_cache()
    pages.clear()
    # …but not the page cache's next-scheduled-story lookup: one per cache every
    # PAGE_CACHE_SECONDS, not one per page.
    schedule.next_publish(pages, purges_for(pages))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_story_page_query_count_is_constant():
    from django.test import Client

    client = Client()
    small = count_queries(client, rich_story(1, "أ").get_absolute_url())
    large = count_queries(client, rich_story(50, "ب").get_absolute_url())
    assert small == large <= STORY_BUDGET


def test_list_page_query_count_is_constant():
    from django.test import Client

    client = Client()
    rich_story(1, "أ")
    small = count_queries(client, "/")
    now = timezone.now()
    for i in range(50):
        make_article(
            f"خبر إضافي {i}", source=make_source(f"مصدر {i}"), published_at=now - timedelta(minutes=i)
        )
    rich_story(50, "ب")
    large = count_queries(client, "/")
    assert small == large <= LIST_BUDGET


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}])
def test_filtered_list_and_tag_page_stay_within_budget(client, headers):
    story = rich_story(50, "ج")
    tag = story.tags.first()
    assert count_queries(client, tag.get_absolute_url(), **headers) <= LIST_BUDGET
    assert count_queries(client, f"/?tag={tag.slug}&range=week", **headers) <= LIST_BUDGET
    assert count_queries(client, story.source.get_absolute_url(), **headers) <= LIST_BUDGET


def test_tag_cloud_is_one_query_on_the_counts_the_write_path_keeps(django_assert_num_queries):
    from articles import queries

    make_article("قصة", tags=["روسيا"])
    with django_assert_num_queries(1):
        assert [t.name for t in queries.tag_cloud()] == ["روسيا"]
    with django_assert_num_queries(0):  # the page's second use (the filter's tag choices)
        queries.tag_cloud()
    make_article("قصة ثانية", tags=["رياضة"])
    make_article("قصة ثالثة", tags=["رياضة"], status="draft")
    cache.clear()  # what CLOUD_CACHE_SECONDS does
    with django_assert_num_queries(1):
        cloud = {t.name: t.count for t in queries.tag_cloud()}
    assert cloud == {"روسيا": 1, "رياضة": 1}


def test_a_field_missing_from_a_reader_column_list_fails_loudly():
    """The guard behind every hand-kept .only() of the reader pages (reader_rows): a
    template reading a field the query did not load would cost a query per row."""
    from django.core.exceptions import FieldFetchBlocked

    from articles.queries import list_queryset

    make_article("خبر للتحقق من الأعمدة المحملة")
    story = list_queryset().get()
    assert story.headline  # loaded
    with pytest.raises(FieldFetchBlocked):
        story.body  # noqa: B018 (not in the list's columns)


def _sections(n: int, prefix: str):
    from articles import services
    from articles.models import Section

    return [services.save_section(Section(name=f"{prefix} قسم {i}", order=i)) for i in range(n)]


def test_front_page_query_count_is_constant_in_sections_and_stories():
    """The lead, each section's newest stories and the menu: two queries for any number
    of sections (correlated index probes), none per section or per story."""
    from django.test import Client

    client = Client()
    now = timezone.now()
    (one,) = _sections(1, "أ")
    make_article("خبر القسم الأول", section=one, published_at=now - timedelta(minutes=1))
    make_article("خبر ثان في القسم الأول", section=one, published_at=now - timedelta(minutes=2))
    small = count_queries(client, "/")
    for i, section in enumerate(_sections(12, "ب")):
        for j in range(6):
            make_article(
                f"خبر {i}-{j}", section=section, published_at=now - timedelta(minutes=10 + i * 6 + j)
            )
    rich_story(50, "ج")
    large = count_queries(client, "/")
    html = client.get("/").content.decode()
    assert html.count('class="section-block"') == 13
    blocks = html.index('class="section-blocks"')
    # The newest story is the lead, not repeated in its section's block (the list, the
    # whole chronology, has it too).
    assert html.index('id="lead-title"') < html.index("خبر القسم الأول") < blocks
    assert "خبر القسم الأول" not in html[blocks : html.index('id="article-list"')]
    assert html.index("ب قسم 0<", blocks) < html.index("ب قسم 11<", blocks)
    assert small == large <= FRONT_BUDGET


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}])
def test_section_page_stays_within_budget(client, headers):
    (section,) = _sections(1, "د")
    story = rich_story(50, "هـ")
    from articles import services

    story.section = section
    services.save_story(story)
    for i in range(25):
        make_article(f"خبر قسم {i}", section=section)
    assert count_queries(client, section.get_absolute_url(), **headers) <= LIST_BUDGET
    assert count_queries(client, section.get_absolute_url() + "?page=2", **headers) <= LIST_BUDGET
    assert count_queries(client, story.get_absolute_url()) <= STORY_BUDGET
