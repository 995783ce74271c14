"""The editors' desk through the admin, posted as a browser posts it: spelling variants
answered with a form error (never a 500), workflow states, roles, review queue, merge."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles import roles
from articles.models import Article, ArticleTag, Source, Tag
from tests.factories import add_quote, make_article, make_editor, make_source, make_tag
from tests.test_admin import _article_post, _inline_management

pytestmark = pytest.mark.django_db


def _user(username, *groups, is_staff=True):
    user = get_user_model().objects.create_user(username, password="كلمة-سر-طويلة-123", is_staff=is_staff)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(_user("editor-role", roles.EDITORS))
    return client


@pytest.fixture
def writer_client(client):
    client.force_login(_user("writer-role", roles.WRITERS))
    return client


# ---------------------------------------------------------------- 1. never a 500


@pytest.mark.parametrize("popup", [False, True])
def test_adding_a_spelling_variant_tag_is_a_form_error(editor_client, popup):
    existing = make_tag("كوريا الشمالية")
    url = reverse("admin:articles_tag_add")
    data = {"name": "كوريا الشماليه", "slug": ""}
    if popup:
        url += "?_to_field=id&_popup=1"
        data.update({"_popup": "1", "_to_field": "id"})
    response = editor_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "بتهجئة أخرى" in html and "استخدم الموجود" in html
    use_url = reverse("admin:articles_tag_change", args=[existing.pk])
    assert use_url in html
    if popup:
        assert f"{use_url}?_popup=1&amp;_to_field=id" in html
    assert Tag.objects.count() == 1


def test_renaming_a_tag_to_a_variant_offers_the_merge(editor_client):
    existing = make_tag("كوريا الشمالية")
    other = make_tag("بيونغ يانغ")
    response = editor_client.post(
        reverse("admin:articles_tag_change", args=[other.pk]), {"name": "كوريا الشماليه", "slug": other.slug}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ادمجه فيه" in html
    assert f"{reverse('admin:articles_tag_merge')}?ids={other.pk}&amp;into={existing.pk}" in html
    other.refresh_from_db()
    assert other.name == "بيونغ يانغ"


def test_adding_a_spelling_variant_source_is_a_form_error(editor_client):
    make_source("سكاي نيوز عربية")
    url = reverse("admin:articles_source_add")
    response = editor_client.post(url, {"name": "سكاى نيوز عربيه", "slug": ""})
    assert response.status_code == 200
    assert "بتهجئة أخرى" in response.content.decode()
    assert Source.objects.count() == 1


def test_a_variant_author_is_a_form_error_without_merge(editor_client):
    editor_client.post(reverse("admin:articles_author_add"), {"name": "أحمد علي", "slug": ""})
    response = editor_client.post(reverse("admin:articles_author_add"), {"name": "احمد علي", "slug": ""})
    assert response.status_code == 200
    assert "بتهجئة أخرى" in response.content.decode()


ADMIN_PAGES = [
    "admin:index",
    "admin:articles_article_changelist",
    "admin:articles_article_add",
    "admin:articles_article_import",
    "admin:articles_article_recoverlist",
    "admin:articles_tag_changelist",
    "admin:articles_tag_add",
    "admin:articles_source_changelist",
    "admin:articles_source_add",
    "admin:articles_author_changelist",
    "admin:articles_author_add",
    "admin:auth_group_changelist",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_every_admin_page_answers_a_superuser(client, name):
    client.force_login(make_editor("root"))
    make_article("خبر", tags=["وسم"], source=make_source())
    assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse(name), {"_popup": "1", "_to_field": "id"}).status_code in (200, 302)


@pytest.mark.parametrize(
    "filters",
    [{"state": state} for state in Article.State.values]
    + [{"guessed": "yes"}, {"guessed": "no"}, {"state": "nonsense"}, {"o": "3"}, {"q": "خبر"}],
)
def test_changelist_filters_answer(editor_client, filters):
    make_article("خبر منشور")
    assert editor_client.get(reverse("admin:articles_article_changelist"), filters).status_code == 200


def test_change_and_history_pages_of_each_object(client):
    client.force_login(make_editor("root"))
    article = make_article("خبر", tags=["وسم"], source=make_source())
    add_quote(article)
    for name, obj in [("article", article), ("tag", Tag.objects.get()), ("source", Source.objects.get())]:
        for view in ("change", "history", "delete"):
            assert client.get(reverse(f"admin:articles_{name}_{view}", args=[obj.pk])).status_code == 200


# ---------------------------------------------------------------- 2. workflow


def test_states_are_shown_with_the_scheduled_time(editor_client):
    make_article("مسودة", status=Article.Status.DRAFT)
    make_article("للمراجعة", status=Article.Status.REVIEW)
    make_article("مجدول", published_at=timezone.now() + timedelta(days=1))
    make_article("مسحوب", status=Article.Status.UNPUBLISHED)
    url = reverse("admin:articles_article_changelist")
    html = editor_client.get(url).content.decode()
    for label in ("مسودة", "بانتظار المراجعة", "مجدول", "سُحب من النشر"):
        assert label in html
    assert 'class="state-when"' in html
    scheduled = editor_client.get(url, {"state": "scheduled"}).content.decode()
    assert "مجدول" in scheduled and "مسحوب" not in scheduled and "للمراجعة" not in scheduled


def test_scheduled_story_goes_live_at_its_time(client):
    story = make_article("يُنشر غداً", published_at=timezone.now() + timedelta(days=1))
    assert story.is_scheduled and not story.is_visible
    assert not Article.objects.published().filter(pk=story.pk).exists()
    later = timezone.now() + timedelta(days=2)
    assert Article.objects.published(now=later).filter(pk=story.pk).exists()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_guessed_import_lands_in_review_with_its_notes(editor_client):
    from articles.importer.persist import Importer

    raw = "أعلنت الشركة أرباحا قياسية في الربع الثالث.\n\nوارتفع السهم بنسبة خمسة بالمئة."
    importer = Importer()
    outcome = importer.save(importer.parse(raw))
    article = Article.objects.get(pk=outcome.article_ids[0])
    assert article.status == Article.Status.REVIEW and article.needs_review
    assert article.headline_is_derived
    assert not Article.objects.published().filter(pk=article.pk).exists()
    # The queue on the admin index, with its count.
    index = editor_client.get(reverse("admin:index")).content.decode()
    assert 'id="review-queue"' in index and "بانتظار المراجعة (1)" in index
    change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "العنوان مشتق من الجملة الأولى" in change
    assert 'name="_publish"' in change


def test_derived_headline_cannot_be_published_unedited(editor_client):
    article = make_article("عنوان مشتق من أول جملة", status=Article.Status.REVIEW, needs_review=True)
    article.derived_headline = article.headline
    article.save()
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _article_post(headline=article.headline, body=article.body, _publish="1")
    data["loaded_version"] = article.updated_at.isoformat()
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "اكتب عنواناً قبل النشر" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    # The bulk action refuses it too.
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "publish_now", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    # Rewritten: published from the same screen, no longer flagged.
    data["headline"] = "الوزير: المحادثات تستأنف الأسبوع المقبل"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and not article.needs_review


def test_writer_can_submit_but_not_publish(writer_client):
    add = reverse("admin:articles_article_add")
    response = writer_client.post(add, _article_post(status="published"))
    assert response.status_code == 200  # "published" is not a choice for a writer
    assert not Article.objects.exists()
    response = writer_client.post(add, _article_post(status="review"))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert writer_client.post(url, _article_post(_publish="1")).status_code == 403
    changelist = reverse("admin:articles_article_changelist")
    writer_client.post(changelist, {"action": "publish_now", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert "publish_now" not in writer_client.get(changelist).content.decode()
    # A published story is read-only to a writer.
    live = make_article("منشور")
    page = writer_client.get(reverse("admin:articles_article_change", args=[live.pk])).content.decode()
    assert 'name="_save"' not in page
    assert (
        writer_client.post(
            reverse("admin:articles_article_change", args=[live.pk]), _article_post()
        ).status_code
        == 403
    )


def test_writer_cannot_merge_tags(writer_client):
    a, b = make_tag("أ ب"), make_tag("ج د")
    url = reverse("admin:articles_tag_merge")
    assert writer_client.get(url, {"ids": f"{a.pk},{b.pk}"}).status_code == 403


def test_staff_without_rights_gets_403_on_preview(client):
    draft = make_article("مسودة سرية", status=Article.Status.DRAFT)
    client.force_login(_user("bare-staff"))
    response = client.get(reverse("articles:preview", args=[draft.pk]))
    assert response.status_code == 403
    assert "مسودة سرية" not in response.content.decode()


def test_writer_may_preview(writer_client):
    draft = make_article("مسودة الكاتب", status=Article.Status.DRAFT)
    assert "مسودة الكاتب" in writer_client.get(reverse("articles:preview", args=[draft.pk])).content.decode()


def test_roles_migration_made_the_groups():
    editors = Group.objects.get(name=roles.EDITORS)
    assert editors.permissions.filter(codename="publish_article").exists()
    assert not Group.objects.get(name=roles.WRITERS).permissions.filter(codename="publish_article").exists()


# ---------------------------------------------------------------- 3. edit conflicts


def test_second_save_of_the_same_story_is_warned(editor_client):
    article = make_article("خبر يحرره اثنان")
    url = reverse("admin:articles_article_change", args=[article.pk])
    opened = article.updated_at.isoformat()
    first = _article_post(headline="تعديل المحرر الأول", body=article.body, loaded_version=opened)
    assert editor_client.post(url, first).status_code == 302
    second = _article_post(headline="تعديل المحرر الثاني", body=article.body, loaded_version=opened)
    response = editor_client.post(url, second)
    assert response.status_code == 200
    assert "حفظ محرر آخر هذا الخبر" in response.content.decode()
    article.refresh_from_db()
    assert article.headline == "تعديل المحرر الأول"
    second["overwrite"] = "on"
    assert editor_client.post(url, second).status_code == 302
    article.refresh_from_db()
    assert article.headline == "تعديل المحرر الثاني"


# ---------------------------------------------------------------- 4. merge


def test_merge_tags_moves_links_adds_weights_and_redirects(editor_client, client):
    keep = make_tag("كوريا الشمالية")
    variant = Tag.objects.create(name="كوريا شمالية")
    both = make_article("خبر بالوسمين")
    ArticleTag.objects.create(article=both, tag=keep, weight=2)
    ArticleTag.objects.create(article=both, tag=variant, weight=3)
    only_variant = make_article("خبر بالوسم الآخر", tags=[variant])
    old_url = variant.get_absolute_url()

    changelist = reverse("admin:articles_tag_changelist")
    selected = {"action": "merge_selected", "_selected_action": [keep.pk, variant.pk]}
    response = editor_client.post(changelist, selected)
    assert response.status_code == 302 and reverse("admin:articles_tag_merge") in response["Location"]
    page = editor_client.get(response["Location"])
    assert page.status_code == 200 and "كوريا شمالية" in page.content.decode()
    response = editor_client.post(
        reverse("admin:articles_tag_merge"), {"ids": f"{keep.pk},{variant.pk}", "into": keep.pk}
    )
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=variant.pk).exists()
    assert ArticleTag.objects.get(article=both).weight == 5
    assert ArticleTag.objects.get(article=only_variant).tag == keep
    moved = client.get(old_url + "?page=1")
    assert moved.status_code == 301 and moved["Location"] == keep.get_absolute_url() + "?page=1"


def test_renamed_tag_slug_answers_301(client):
    tag = make_tag("بيونغ يانغ")
    old = tag.get_absolute_url()
    tag.slug = "بيونغيانغ"
    tag.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == tag.get_absolute_url()
    assert client.get(tag.get_absolute_url()).status_code == 200


def test_merge_sources(editor_client, client):
    keep, other = make_source("رويترز"), Source.objects.create(name="وكالة رويترز")
    story = make_article("خبر", source=other)
    old = other.get_absolute_url()
    merge_url = reverse("admin:articles_source_merge")
    editor_client.post(merge_url, {"ids": f"{keep.pk},{other.pk}", "into": keep.pk})
    story.refresh_from_db()
    assert story.source == keep
    assert client.get(old).status_code == 301


def test_merge_page_with_one_row_goes_back(editor_client):
    tag = make_tag()
    response = editor_client.get(reverse("admin:articles_tag_merge"), {"ids": f"{tag.pk},x"})
    assert response.status_code == 302


def test_old_story_slug_keeps_its_301(client):
    story = make_article("عنوان أول")
    old = story.get_absolute_url()
    story.slug = "عنوان-جديد"
    story.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == story.get_absolute_url()


def test_add_article_with_two_quotes_as_editor(editor_client):
    data = _article_post(
        **_inline_management("quotes", 2),
        **{
            "quotes-0-speaker_name": "أ",
            "quotes-0-text": "الأول",
            "quotes-0-kind": "inline",
            "quotes-1-speaker_name": "ب",
            "quotes-1-text": "الثاني",
            "quotes-1-kind": "inline",
        },
    )
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    assert Article.objects.get().quotes.count() == 2


# ---------------------------------------------------------------- 7. Arabic everywhere

ENGLISH_LEFT_BY_DJANGO = ["Filter by", ">Run<", "Pagination", "Search ", "Logout", "Select an option"]


def test_admin_pages_have_no_english_left(client):
    from pathlib import Path

    from django.conf import settings

    catalog = Path(settings.LOCALE_PATHS[0]) / "ar" / "LC_MESSAGES" / "django.mo"
    assert catalog.exists(), "locale/ is not compiled: run `make messages` (make install does)"
    client.force_login(make_editor("root"))
    make_article("خبر", source=make_source(), tags=["وسم"])
    pages = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?state=published",
        reverse("admin:articles_article_add"),
        reverse("admin:articles_tag_changelist"),
        reverse("admin:index"),
    ]
    from django.contrib import admin

    story, registered = Article.objects.get(), list(admin.site._registry)
    pages += [
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_history", args=[story.pk]),
        *(reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in registered),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        left = [s for s in ENGLISH_LEFT_BY_DJANGO if s in html]
        assert left == [], f"{url}: {left}"
        # Any English phrase a library left, not only the ones we know of («Tasks Database
        # Backend», «Task Results», «Loaded version» were found this way).
        text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S))
        assert re.findall(r"\b[A-Z][a-z]{2,}(?: [a-z]{2,})*\b", text) == [], url
    assert "تصفية حسب" in client.get(pages[0]).content.decode()


def test_blank_choice_and_javascript_catalog_are_arabic(client):
    from django.utils import translation

    with translation.override("ar"):
        assert translation.gettext("- Select an option -") == "— اختر —"
    client.force_login(make_editor("root"))
    script = client.get(reverse("admin:jsi18n")).content.decode()
    assert "\\u0623\\u062f\\u062e\\u0644 \\u0627\\u0644\\u0623\\u0648\\u0642\\u0627\\u062a" in script or (
        "أدخل الأوقات" in script
    )


# ---------------------------------------------------------------- 3. revisions


def test_every_admin_save_is_a_revision_with_a_readable_diff_and_restore(editor_client):
    add = reverse("admin:articles_article_add")
    data = _article_post(
        headline="العنوان الأول",
        **_inline_management("quotes", 1),
        **{"quotes-0-speaker_name": "أ", "quotes-0-text": "الاقتباس الأول", "quotes-0-kind": "inline"},
    )
    assert editor_client.post(add, data).status_code == 302
    article = Article.objects.get()
    quote = article.quotes.get()
    url = reverse("admin:articles_article_change", args=[article.pk])
    second = _article_post(
        headline="العنوان الثاني",
        loaded_version=article.updated_at.isoformat(),
        **_inline_management("quotes", 1, initial=1),
        **{
            "quotes-0-id": str(quote.pk),
            "quotes-0-article": str(article.pk),
            "quotes-0-speaker_name": "ب",
            "quotes-0-text": "الاقتباس المعدل",
            "quotes-0-kind": "inline",
            "quotes-0-order": "0",
        },
    )
    assert editor_client.post(url, second).status_code == 302

    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    html = history.content.decode()
    assert '<del dir="auto">− العنوان: العنوان الأول</del>' in html
    assert '<ins dir="auto">+ العنوان: العنوان الثاني</ins>' in html
    assert "اقتباس: ب — الاقتباس المعدل" in html
    assert "editor-role" in html

    from reversion.models import Version

    oldest = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    form = editor_client.get(revision_url)
    assert form.status_code == 200 and "العنوان الأول" in form.content.decode()
    article.refresh_from_db()
    assert article.headline == "العنوان الثاني"  # looking is not restoring
    restored = _article_post(
        headline="العنوان الأول",
        **_inline_management("quotes", 1, initial=1),
        **{
            "quotes-0-id": str(quote.pk),
            "quotes-0-article": str(article.pk),
            "quotes-0-speaker_name": "أ",
            "quotes-0-text": "الاقتباس الأول",
            "quotes-0-kind": "inline",
            "quotes-0-order": "0",
        },
        loaded_version="2000-01-01T00:00:00+00:00",  # a stale token must not block a restore
    )
    assert editor_client.post(revision_url, restored).status_code == 302
    article.refresh_from_db()
    assert article.headline == "العنوان الأول"
    assert article.quotes.get().speaker_name == "أ"


def test_status_actions_are_revisions_too(editor_client):
    from reversion.models import Version

    article = make_article("خبر للمراجعة", status=Article.Status.DRAFT)
    changelist = reverse("admin:articles_article_changelist")
    editor_client.post(changelist, {"action": "submit_for_review", "_selected_action": [article.pk]})
    version = Version.objects.get_for_object(article).get()
    assert version.revision.user.username == "editor-role"
    assert "بانتظار المراجعة" in version.revision.get_comment()


# ---------------------------------------------------------------- 5. authors


def test_author_page_feed_byline_link_and_json_ld(client):
    import json
    import re

    from django.conf import settings

    from articles.models import Author

    author = Author.objects.create(name="أحمد الليثي", role="مراسل", bio="يكتب عن الاقتصاد.")
    story = make_article("خبر بقلمه", byline="صالح عسكول، احمد الليثى", author=author)
    make_article("مسودته", status=Article.Status.DRAFT, author=author)
    page = client.get(author.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200 and "خبر بقلمه" in html and "مسودته" not in html and "مراسل" in html
    feed = client.get(reverse("articles:author-feed-rss", args=[author.slug])).content.decode()
    assert "خبر بقلمه" in feed and "مسودته" not in feed
    detail = client.get(story.get_absolute_url()).content.decode()
    assert f'href="{author.get_absolute_url()}" rel="author"' in detail
    script = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', detail, re.S)
    ld = json.loads(script.group(1))
    people = {p["name"]: p for p in ld["author"]}
    assert people["احمد الليثى"]["url"] == settings.SITE_URL + author.get_absolute_url()
    assert "url" not in people["صالح عسكول"]


def test_importer_links_the_byline_to_an_author():
    from articles.authors import author_id_for
    from articles.models import Author

    author = Author.objects.create(name="أحمد الليثي")
    assert author_id_for("صالح عسكول، احمد الليثى") == author.pk
    assert author_id_for("كاتب آخر") is None
    assert author_id_for("") is None


def test_admin_save_links_byline_to_author(editor_client):
    from articles.models import Author

    author = Author.objects.create(name="أحمد الليثي")
    data = _article_post(byline="أحمد الليثي", dateline="")
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    assert Article.objects.get().author == author
