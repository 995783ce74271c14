"""The live preview beside the story form (articles/admin_preview.py): what the form holds
now, rendered as readers will see it, with nothing saved."""

from html import unescape

import pytest
from django.urls import reverse

from articles.models import Article, Quote
from tests.factories import add_quote, make_article, make_tag
from tests.test_admin import _article_post, _inline_management
from tests.test_desk import _user

pytestmark = pytest.mark.django_db
URL = reverse("admin:articles_article_live_preview")


@pytest.fixture(autouse=True)
def _groups():
    """The roles migration's groups (a transactional test before this one flushed them)."""
    from django.contrib.auth.models import Group, Permission

    from articles import roles

    roles.ensure_groups(Group, Permission)


@pytest.fixture
def editor_client(client):
    from articles import roles

    client.force_login(_user("preview-editor", roles.EDITORS))
    return client


def _preview(client, data) -> str:
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith("<iframe") and 'sandbox="allow-same-origin"' in html
    return unescape(html.split('srcdoc="', 1)[1].rsplit('"', 1)[0])


def test_a_new_story_is_previewed_as_readers_will_see_it_and_nothing_is_saved(editor_client):
    tag = make_tag("الاقتصاد")
    data = _article_post(
        headline="الحكومة تعلن خطة للطاقة الشمسية",
        dek="خطة على خمس سنوات",
        body="فقرة أولى عن الخطة.\n\n## تفاصيل التمويل\n\nفقرة ثانية عن التمويل.",
        status="draft",
        **_inline_management("tag_links", 1),
        **{"tag_links-0-tag": str(tag.pk), "tag_links-0-weight": "3"},
        **_inline_management("quotes", 2),
        **{
            "quotes-0-order": "1",
            "quotes-0-speaker_name": "وزير الطاقة",
            "quotes-0-text": "نريد أن نضاعف الإنتاج",
            "quotes-0-kind": "inline",
            "quotes-1-order": "2",
            "quotes-1-speaker_name": "خبيرة اقتصادية",
            "quotes-1-text": "الخطة طموحة لكنها ممكنة",
            "quotes-1-kind": "block",
            "quotes-1-position": "1",
        },
    )
    page = _preview(editor_client, data)
    assert '<h1 id="story-title"' in page and "الحكومة تعلن خطة للطاقة الشمسية" in page
    assert "خطة على خمس سنوات" in page
    assert '<h2 class="story__crosshead">' in page and "تفاصيل التمويل" in page
    assert "الخطة طموحة لكنها ممكنة" in page and "وزير الطاقة" in page
    assert "الاقتصاد" in page
    assert Article.objects.count() == 0 and Quote.objects.count() == 0


def test_an_edit_is_previewed_before_it_is_saved(editor_client):
    story = make_article("العنوان المحفوظ", body="نص محفوظ.")
    quote = add_quote(story, "قول محفوظ", speaker="متحدث محفوظ")
    data = _article_post(
        headline="العنوان بعد التعديل",
        body="نص بعد التعديل.",
        preview_of=str(story.pk),
        **_inline_management("quotes", 1, initial=1),
        **{
            "quotes-0-id": str(quote.pk),
            "quotes-0-article": str(story.pk),
            "quotes-0-order": "0",
            "quotes-0-speaker_name": "متحدث بعد التعديل",
            "quotes-0-text": "قول بعد التعديل",
            "quotes-0-kind": "inline",
        },
    )
    page = _preview(editor_client, data)
    assert "العنوان بعد التعديل" in page and "نص بعد التعديل." in page and "متحدث بعد التعديل" in page
    assert "العنوان المحفوظ" not in page
    story.refresh_from_db()
    quote.refresh_from_db()
    assert story.headline == "العنوان المحفوظ" and quote.speaker_name == "متحدث محفوظ"


def test_invalid_or_hostile_input_is_previewed_safely(editor_client):
    data = _article_post(
        headline='<script>alert(1)</script>"><img src=x onerror=alert(2)>',
        body="",
        published_at_0="ليس تاريخاً",
        **_inline_management("quotes", 5000),
    )
    page = _preview(editor_client, data)
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_the_preview_is_for_those_who_may_write_or_read_stories_in_the_admin(client):
    story = make_article("مسودة سرية", status=Article.Status.DRAFT)
    client.force_login(_user("no-rights"))
    assert client.post(URL, _article_post(preview_of=str(story.pk))).status_code == 403
    assert client.post(URL, _article_post()).status_code == 403


@pytest.mark.parametrize("preview_of", ["99999999999999999999", "-1", "abc", "٢", "1e5"])
def test_any_story_id_is_answered(editor_client, preview_of):
    assert editor_client.post(URL, _article_post(preview_of=preview_of)).status_code == 200


def test_the_preview_only_answers_posts(editor_client):
    assert editor_client.get(URL).status_code == 405


def test_the_story_form_carries_the_preview_panel(editor_client):
    story = make_article("خبر في التحرير")
    html = editor_client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert f'data-hx-post="{URL}"' in html and f'"preview_of": "{story.pk}"' in html
    assert 'data-hx-include="#article_form"' in html and 'id="article_form"' in html
