"""«عاجل»: set and ended from the admin, on every reader page while live, and cache-correct —
setting or ending it purges every page, and a cached page never outlives the bar's
expiry (nor its start), in this cache or in shared caches (s-maxage)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.caching import schedule
from articles.models import Article, BreakingNews
from tests.factories import make_article, make_editor, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    from django.test import Client

    client = Client()
    client.force_login(make_editor())
    return client


@pytest.fixture
def pages():
    section = make_section("العالم")
    story = make_article("قمة في العاصمة", section=section)
    return ["/", story.get_absolute_url(), section.get_absolute_url(), "/?q=قمة"], story


def _split(value):
    return {"_0": value.strftime("%Y-%m-%d"), "_1": value.strftime("%H:%M:%S")}


def _post(text, *, article="", starts=None, expires=None):
    now = timezone.localtime()
    data = {"text": text, "article": article}
    for name, value in (
        ("starts_at", starts or now - timedelta(minutes=1)),
        ("expires_at", expires or now + timedelta(hours=1)),
    ):
        for suffix, part in _split(timezone.localtime(value)).items():
            data[name + suffix] = part
    return data  # fmt: skip


def _bar(html):
    found = re.search(r'<div class="breaking".*?</div>', html, re.S)
    return found.group(0) if found else ""


def test_an_editor_sets_a_bar_that_every_page_shows_and_ends_it(client, editor, pages):
    urls, story = pages
    for url in urls:  # cached before the bar exists
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"
    response = editor.post(
        reverse("admin:articles_breakingnews_add"), _post("انفجار قرب المطار", article=str(story.pk))
    )
    assert response.status_code == 302, response.content.decode()
    for url in urls:
        page = client.get(url)
        assert page["X-Cache"] == "MISS", url  # purged by the save
        bar = _bar(page.content.decode())
        assert "عاجل" in bar and "انفجار قرب المطار" in bar, url
        assert f'href="{story.get_absolute_url()}"' in bar
        assert "breaking" in page["xkey"].split()
        assert "js/breaking.js" in page.content.decode()
    bar = BreakingNews.objects.get()
    ended = editor.post(
        reverse("admin:articles_breakingnews_changelist"),
        {"action": "end_now", "_selected_action": [str(bar.pk)]},
    )
    assert ended.status_code == 302
    for url in urls:
        page = client.get(url)
        assert page["X-Cache"] == "MISS" and _bar(page.content.decode()) == "", url
        assert "js/breaking.js" not in page.content.decode()


def test_the_admin_refuses_an_expiry_before_the_start(editor):
    now = timezone.now()
    response = editor.post(
        reverse("admin:articles_breakingnews_add"), _post("خبر", starts=now, expires=now - timedelta(hours=1))
    )
    assert response.status_code == 200
    assert "وقت الانتهاء يجب أن يأتي بعد وقت البدء." in response.content.decode()
    assert not BreakingNews.objects.exists()


def test_expired_and_future_bars_are_not_shown_and_a_draft_is_no_link(client):
    now = timezone.now()
    services.save_breaking(
        BreakingNews(text="انتهى", starts_at=now - timedelta(hours=3), expires_at=now - timedelta(hours=1))
    )
    services.save_breaking(
        BreakingNews(text="لاحقاً", starts_at=now + timedelta(hours=1), expires_at=now + timedelta(hours=2))
    )
    assert _bar(client.get("/").content.decode()) == ""
    draft = make_article("مسودة", status=Article.Status.DRAFT)
    services.save_breaking(BreakingNews(text="الآن", article=draft, expires_at=now + timedelta(hours=1)))
    bar = _bar(client.get("/").content.decode())
    assert "الآن" in bar and "href" not in bar  # fmt: skip


def test_a_cached_page_ends_with_the_bar_here_and_in_shared_caches(client, pages):
    urls, _story = pages
    expires = timezone.now() + timedelta(seconds=40)
    services.save_breaking(BreakingNews(text="عاجل قصير", expires_at=expires))
    assert schedule.scheduled_after_now() == pytest.approx(expires.timestamp())
    for url in urls:
        page = client.get(url)
        assert "عاجل قصير" in page.content.decode()
        s_maxage = int(re.search(r"s-maxage=(\d+)", page["Cache-Control"]).group(1))
        assert s_maxage <= 41, (url, page["Cache-Control"])  # not PAGE_CACHE_SECONDS (60)
        assert "max-age=0" in page["Cache-Control"]  # browsers always ask again
        iso = re.search(r'data-breaking-until="([^"]+)"', page.content.decode()).group(1)
        assert iso == timezone.localtime(expires).replace(microsecond=0).isoformat()


def test_a_bar_due_to_start_ends_the_pages_cached_before_it(client, pages):
    urls, _story = pages
    starts = timezone.now() + timedelta(seconds=30)
    services.save_breaking(
        BreakingNews(text="بعد قليل", starts_at=starts, expires_at=starts + timedelta(hours=1))
    )
    page = client.get(urls[0])
    assert _bar(page.content.decode()) == ""
    assert int(re.search(r"s-maxage=(\d+)", page["Cache-Control"]).group(1)) <= 31
