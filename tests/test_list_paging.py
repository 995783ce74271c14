"""Lists at any size: bounded counts and the tag page's two plans (articles/queries.py).

Why: at 100,000 stories a COUNT(*) over every published story cost more than the rest
of the home list, and the one query plan of the tag page read all stories for a tag on
a few hundred of them. The pages must still show the same stories in the same order,
and every page a reader can reach must exist.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import queries
from articles.models import Article
from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db


def stories(n, tags=(), hours=0):
    now = timezone.now()
    return [
        make_article(f"خبر للترقيم رقم {i}", tags=list(tags), published_at=now - timedelta(hours=hours + i))
        for i in range(n)
    ]


def test_the_count_stops_at_its_bound_and_every_page_still_opens(client, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_PAGES", 1)  # a bound of 40 stories from page 1, not 1,000
    stories(45)
    first = client.get("/")
    html = first.content.decode()
    assert "أكثر من 40 خبراً" in html  # counted up to the bound only
    assert "الصفحة 1 من أكثر من 2" in html
    assert 'rel="next"' in html
    third = client.get("/?page=3")  # past the first bound: counted again, further
    assert third.status_code == 200
    assert "45 خبراً" in third.content.decode() and "أكثر من" not in third.content.decode()
    assert client.get("/?page=4").status_code == 404


def test_without_more_stories_than_the_bound_the_count_is_exact(client):
    stories(3)
    html = client.get("/").content.decode()
    assert "3 أخبار" in html and "أكثر من" not in html


@pytest.mark.parametrize("highest_id", [1, 10**9], ids=["walk-newest-first", "from-the-tag"])
def test_both_tag_page_plans_give_the_stories_of_the_join(highest_id):
    tag = make_tag("وسم الترقيم")
    stories(30, tags=[tag])
    stories(10, hours=3)  # newer stories without the tag, between and around
    make_article("مسودة بالوسم", tags=[tag], status=Article.Status.DRAFT)
    make_article("مجدول بالوسم", tags=[tag], published_at=timezone.now() + timedelta(days=1))
    expected = list(queries.list_queryset().filter(tag_links__tag=tag).values_list("pk", flat=True))
    assert len(expected) == 30
    pages = queries.TagStories(tag, 30, highest_id)
    got = [a.pk for start in (0, 20) for a in pages[start : start + 20]]
    assert got == expected


def test_the_tag_page_counts_from_tag_stats_and_pages_through_its_stories(client):
    tag = make_tag("وسم الصفحات")
    mine = stories(25, tags=[tag])
    stories(5)
    second = client.get(tag.get_absolute_url() + "?page=2").content.decode()
    assert "25 خبراً" in second and "الصفحة 2 من 2" in second
    assert all(a.headline in second for a in mine[20:])
    assert mine[0].headline not in second
