"""The Arabic admin for a logged-in editor: changelist, add, change with inlines, search."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, PendingRefresh, Quote, RelatedLink
from tests.factories import add_link, add_quote, make_article, make_editor, make_source, make_tag
from tests.tasks_backend import DUMMY, tasks_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def _inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _article_post(article=None, **overrides):
    data = {
        "headline": "الحكومة تعلن خطة جديدة",
        "slug": "",
        "dek": "",
        "body": "فقرة أولى.\n\nفقرة ثانية.",
        "status": "published",
        "published_at_0": "2026-11-20",
        "published_at_1": "10:00:00",
        "source": "",
        **_inline_management("lead_image", 0),
        **_inline_management("live_updates", 0),
        **_inline_management("tag_links", 0),
        **_inline_management("quotes", 0),
        **_inline_management("related_links", 0),
    }
    data.update(overrides)
    return data


def test_changelist_is_arabic_and_right_to_left(editor_client):
    make_article("بوتين يهدي كيم بندقية", source=make_source())
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    assert "بوتين يهدي كيم بندقية" in html
    assert "تخمينات المستورد" in html and "بانتظار المراجعة" in html  # the guess and state filters


def test_add_article_with_quotes_links_and_tags(editor_client):
    tag = make_tag("كوريا الشمالية")
    data = _article_post(
        **_inline_management("tag_links", 1),
        **{"tag_links-0-tag": str(tag.pk), "tag_links-0-weight": "3"},
        **_inline_management("quotes", 2),
        **{
            "quotes-0-speaker_name": "دميتري بيسكوف",
            "quotes-0-speaker_role": "الناطق باسم الكرملين",
            "quotes-0-text": "أعطى كيم بندقية",
            "quotes-0-kind": "inline",
            "quotes-0-order": "0",
            "quotes-1-speaker_name": "كيم",
            "quotes-1-text": "العلاقة مع روسيا ستشهد تعاونا",
            "quotes-1-kind": "block",
            "quotes-1-order": "0",  # same order as the first: the admin assigns the next free one
            "quotes-1-position": "2",
        },
        **_inline_management("related_links", 1),
        **{
            "related_links-0-kind": "similar",
            "related_links-0-title": "عنوان مشابه",
            "related_links-0-order": "0",
            "related_links-0-url": "",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(headline="الحكومة تعلن خطة جديدة")
    assert list(article.quotes.values_list("order", "speaker_name")) == [(0, "دميتري بيسكوف"), (1, "كيم")]
    assert article.tag_links.get().weight == 3
    assert article.related_links.get().title == "عنوان مشابه"


def test_change_article_swaps_quote_order_without_integrity_error(editor_client):
    article = make_article("خبر بتصريحين")
    first = add_quote(article, "الأول", order=0)
    second = add_quote(article, "الثاني", order=1)
    data = _article_post(
        headline=article.headline,
        body=article.body,
        **_inline_management("quotes", 2, initial=2),
        **{
            "quotes-0-id": str(first.pk),
            "quotes-0-article": str(article.pk),
            "quotes-0-order": "1",
            "quotes-0-text": "الأول",
            "quotes-0-kind": "inline",
            "quotes-0-speaker_name": "أ",
            "quotes-1-id": str(second.pk),
            "quotes-1-article": str(article.pk),
            "quotes-1-order": "0",
            "quotes-1-text": "الثاني",
            "quotes-1-kind": "inline",
            "quotes-1-speaker_name": "ب",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert [q.text for q in Quote.objects.filter(article=article)] == ["الثاني", "الأول"]


def test_related_link_rejects_javascript_url(editor_client):
    data = _article_post(
        **_inline_management("related_links", 1),
        **{
            "related_links-0-kind": "manual",
            "related_links-0-title": "رابط",
            "related_links-0-order": "0",
            "related_links-0-url": "javascript:alert(1)",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200  # the form comes back with an error, nothing saved
    assert not RelatedLink.objects.exists()
    assert not Article.objects.exists()


def test_change_form_has_inlines_view_on_site_and_auto_direction(editor_client):
    article = make_article("مسودة لم تنشر", status=Article.Status.DRAFT)
    add_quote(article)
    add_link(article)
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'dir="auto"' in html
    assert "الاقتباسات" in html and "روابط ذات صلة" in html
    # A draft's "view on site" goes to the editors' preview, not the public 404.
    assert reverse("articles:preview", args=[article.pk]) in html or "/r/" in html


def test_search_finds_headline(editor_client):
    make_article("وزيرة خارجية أستراليا تزور سول")
    make_article("خبر آخر")
    response = editor_client.get(reverse("admin:articles_article_changelist"), {"q": "أستراليا"})
    assert "وزيرة خارجية أستراليا تزور سول" in response.content.decode()
    assert "خبر آخر" not in response.content.decode()


def test_tag_autocomplete_answers_editors(editor_client):
    make_tag("كوريا الشمالية")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "كوريا", "app_label": "articles", "model_name": "articletag", "field_name": "tag"},
    )
    assert response.status_code == 200
    assert "كوريا الشمالية" in response.json()["results"][0]["text"]


def test_preview_shows_drafts_to_editors_only(client, editor_client):
    draft = make_article("مسودة سرية", status=Article.Status.DRAFT)
    url = reverse("articles:preview", args=[draft.pk])
    assert "مسودة سرية" in editor_client.get(url).content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_admin_save_queues_one_refresh_and_does_no_derived_work(editor_client):
    """The admin POST writes the story, its parts and its counts, marks one refresh and
    computes nothing derived: no search entry, no similar stories (the worker's job).
    The dummy backend stores the queued task and runs nothing."""
    with tasks_backend(DUMMY), CaptureQueriesContext(connection) as queries:
        response = editor_client.post(reverse("admin:articles_article_add"), _article_post())
    assert response.status_code == 302
    article = Article.objects.get(headline="الحكومة تعلن خطة جديدة")
    assert list(PendingRefresh.objects.values_list("article_id", flat=True)) == [article.pk]
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert not [sql for sql in writes if "articles_search" in sql or 'similar_ids" = ' in sql]


def test_a_save_that_leaves_the_time_alone_keeps_it_to_the_microsecond(editor_client):
    """The form shows the time to the second; an edit of the headline must not move the
    story by a fraction of a second (it would purge every list of all stories)."""
    from datetime import datetime

    from django.utils import timezone

    when = timezone.make_aware(datetime(2026, 11, 20, 10, 0, 0, 354829))
    article = make_article("خبر بوقت دقيق", published_at=when)
    form = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    shown = dict(re.findall(r'name="((?:initial-)?published_at_[01]|loaded_version)" value="([^"]*)"', form))
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        _article_post(article, headline="خبر بوقت دقيق بعد التعديل", **shown),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "خبر بوقت دقيق بعد التعديل"
    assert article.published_at == when
