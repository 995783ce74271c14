"""Live coverage: a story of timestamped updates (newest first) written in the admin's
inline rows; the page lists them server-side (works without JavaScript), carries
LiveBlogPosting JSON-LD, and polls a small cached notice keyed by the last update id."""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, LiveUpdate
from tests.factories import make_article, make_editor
from tests.test_admin import _article_post, _inline_management

pytestmark = pytest.mark.django_db


def add_update(story, text, *, minutes_ago=0, quote="", quote_by=""):
    """An update added as the admin adds one: a save of the story with its new part."""
    update = LiveUpdate(
        article=story, text=text, quote=quote, quote_by=quote_by,
        posted_at=timezone.now() - timedelta(minutes=minutes_ago),
    )  # fmt: skip
    services.save_story(story, write_parts=update.save)
    return update


def _ld(html, kind):
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        if data.get("@type") == kind:
            return data
    return None


def test_an_editor_writes_a_live_story_with_updates_in_the_admin(client):
    editor = make_editor()
    admin = type(client)()
    admin.force_login(editor)
    now = timezone.localtime()
    data = _article_post(headline="تغطية مباشرة: قمة المناخ", is_live="on")
    data.update(_inline_management("live_updates", 2))
    for i, (minutes, text) in enumerate(
        [(30, "افتتاح القمة بكلمة الأمين العام."), (5, "الوفود تتفق على البيان.")]
    ):
        at = now - timedelta(minutes=minutes)
        data[f"live_updates-{i}-posted_at_0"] = at.strftime("%Y-%m-%d")
        data[f"live_updates-{i}-posted_at_1"] = at.strftime("%H:%M:%S")
        data[f"live_updates-{i}-text"] = text
    data["live_updates-1-quote"] = "هذا يوم تاريخي"
    data["live_updates-1-quote_by"] = "رئيس القمة"
    data["published_at_0"], data["published_at_1"] = (
        (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S").split()
    )
    response = admin.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    story = Article.objects.get(headline="تغطية مباشرة: قمة المناخ")
    assert story.is_live and story.live_updates.count() == 2

    html = client.get(story.get_absolute_url()).content.decode()
    section = html[html.index('id="live"') :]
    assert section.index("الوفود تتفق على البيان.") < section.index("افتتاح القمة بكلمة الأمين العام.")
    assert "هذا يوم تاريخي" in section and "رئيس القمة" in section
    latest = story.live_updates.order_by("-posted_at").first()
    notice = reverse("articles:live-notice", args=[story.pk]) + f"?after={latest.pk}"
    assert f'data-hx-get="{notice}"' in html and 'data-hx-trigger="every 30s"' in html
    assert "حدّث الصفحة لترى آخر التحديثات" in html  # without JavaScript: a plain link
    assert "django_htmx/htmx" in html  # the only story pages that load htmx
    ld = _ld(html, "LiveBlogPosting")
    assert ld["liveBlogUpdate"][0]["articleBody"] == "الوفود تتفق على البيان."
    assert len(ld["liveBlogUpdate"]) == 2 and _ld(html, "NewsArticle") is not None  # fmt: skip


def test_the_notice_is_cached_until_an_update_then_says_there_are_new_ones(client):
    story = make_article("تغطية مباشرة للانتخابات", is_live=True)
    first = add_update(story, "فتح مراكز الاقتراع.", minutes_ago=20)
    url = reverse("articles:live-notice", args=[story.pk]) + f"?after={first.pk}"
    quiet = client.get(url)
    assert quiet.status_code == 200 and "تحديثات جديدة" not in quiet.content.decode()
    assert client.get(url)["X-Cache"] == "HIT"
    assert f"a{story.pk}" in quiet["xkey"].split()
    add_update(story, "نسبة المشاركة 40٪.")
    news = client.get(url)
    assert news["X-Cache"] == "MISS"
    body = news.content.decode()
    assert "تحديثات جديدة" in body and f'href="{story.get_absolute_url()}?live={first.pk}#live"' in body
    assert 'id="live-notice"' in body and f'data-hx-get="{url}"' in body  # keeps polling
    page = client.get(story.get_absolute_url()).content.decode()
    assert page.index("نسبة المشاركة") < page.index("فتح مراكز الاقتراع.")


def test_an_ordinary_story_has_no_live_parts(client):
    story = make_article("خبر عادي")
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'id="live"' not in html and "LiveBlogPosting" not in html and "django_htmx/htmx" not in html
    assert client.get(reverse("articles:live-notice", args=[story.pk])).status_code == 404
    draft = make_article("مسودة مباشرة", is_live=True, status=Article.Status.DRAFT)
    assert client.get(reverse("articles:live-notice", args=[draft.pk])).status_code == 404


def test_the_demo_has_a_live_story_with_updates():
    """make run's site shows live coverage (generate_demo --live)."""
    from django.core.management import call_command

    call_command("generate_demo", 3, seed=1, live=True, no_pictures=True, verbosity=0)
    live = Article.objects.get(is_live=True)
    assert live.is_visible and live.live_updates.count() >= 3 and Article.objects.count() == 4


def test_the_change_form_has_the_live_updates_section_only_where_it_belongs(client):
    """On live coverage, and on a story that still has updates; an ordinary story's form
    says how to get it (tick «تغطية مباشرة» and save) instead of carrying a blank one."""
    client.force_login(make_editor())

    def form(story):
        return client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()

    ordinary, live = make_article("خبر عادي"), make_article("تغطية مباشرة للقمة", is_live=True)
    assert 'id="live_updates-group"' not in form(ordinary)
    assert "علّمه واحفظ ليظهر قسم التحديثات المباشرة" in form(ordinary)
    assert 'id="live_updates-group"' in form(live)
    assert "علّمه واحفظ" not in form(live)
    add_update(live, "انتهت القمة.")
    live.is_live = False
    services.save_story(live)
    assert 'id="live_updates-group"' in form(live)  # its updates stay editable
    assert 'id="live_updates-group"' in client.get(reverse("admin:articles_article_add")).content.decode()
