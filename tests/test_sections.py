"""Editors' sections and the front page: the admin flows, the menu, section pages and
feeds, the sitemap, the importer's mapping, the demo — and that an edit purges exactly
the cached pages that show it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.importer.persist import Importer
from articles.models import Article, Section
from tests.factories import make_article, make_editor, make_section, make_tag

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def _menu(html: str) -> str:
    start = html.index('<nav class="sections"')
    return html[start : html.index("</nav>", start)]


# ---------------------------------------------------------------- admin


def test_editor_adds_orders_and_assigns_sections_in_the_arabic_admin(editor_client, client):
    add = editor_client.post(
        reverse("admin:articles_section_add"),
        {"name": "رياضة", "slug": "", "order": "20", "description": "المباريات والبطولات."},
    )
    assert add.status_code == 302, add.content.decode()
    editor_client.post(reverse("admin:articles_section_add"), {"name": "اقتصاد", "slug": "", "order": "10"})
    sport = Section.objects.get(name="رياضة")
    assert sport.slug == "رياضة"
    menu = _menu(client.get("/").content.decode())
    assert menu.index("اقتصاد") < menu.index("رياضة")

    # Reordered from the change list (list_editable), as the browser posts it.
    changelist = reverse("admin:articles_section_changelist")
    page = editor_client.get(changelist)
    assert page.status_code == 200 and "الأقسام" in page.content.decode()
    rows = list(Section.objects.order_by("order", "name"))
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "_save": "حفظ"}  # fmt: skip
    for i, row in enumerate(rows):
        data[f"form-{i}-id"] = str(row.pk)
        data[f"form-{i}-order"] = "5" if row == sport else "30"
    assert editor_client.post(changelist, data).status_code == 302
    menu = _menu(client.get("/").content.decode())  # the cached page was purged by the reorder
    assert menu.index("رياضة") < menu.index("اقتصاد")

    # A story filed in a section from its change form.
    story = make_article("المنتخب يفوز بالكأس")
    from tests.test_admin import _article_post

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        _article_post(
            headline="المنتخب يفوز بالكأس",
            section=str(sport.pk),
            loaded_version=story.updated_at.isoformat(),
        ),
    )
    assert response.status_code == 302, response.content.decode()
    assert Article.objects.get(pk=story.pk).section == sport
    assert "المنتخب يفوز بالكأس" in client.get(sport.get_absolute_url()).content.decode()


def test_a_spelling_variant_of_a_section_is_refused_with_a_way_out(editor_client):
    make_section("الاقتصاد")
    response = editor_client.post(reverse("admin:articles_section_add"), {"name": "الإقتصاد", "order": "1"})
    assert response.status_code == 200
    assert "استخدم الموجود" in response.content.decode()
    assert Section.objects.count() == 1


def test_deleting_a_section_keeps_its_stories(editor_client, client):
    section = make_section("منوعات")
    story = make_article("خبر منوع", section=section)
    assert "منوعات" in _menu(client.get("/").content.decode())
    response = editor_client.post(
        reverse("admin:articles_section_delete", args=[section.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.section is None
    assert "منوعات" not in _menu(client.get("/").content.decode())
    assert client.get(story.get_absolute_url()).status_code == 200


# ---------------------------------------------------------------- reader pages


def test_menu_shows_sections_in_order_not_tags(client):
    make_tag("كوريا الشمالية")
    make_article("خبر موسوم", tags=["كوريا الشمالية"])
    make_section("رياضة", order=2)
    make_section("سياسة", order=1)
    menu = _menu(client.get("/").content.decode())
    assert menu.index("الرئيسية") < menu.index("سياسة") < menu.index("رياضة")
    assert "كوريا الشمالية" not in menu


def test_section_page_lists_its_stories_paginated_with_feeds(client):
    sport, politics = make_section("رياضة", description="المباريات والبطولات."), make_section("سياسة")
    now = timezone.now()
    for i in range(23):
        make_article(f"مباراة رقم {i}", section=sport, published_at=now - timedelta(hours=i))
    make_article("خبر سياسي", section=politics)
    make_article("مسودة رياضية", section=sport, status=Article.Status.DRAFT)
    response = client.get(sport.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>رياضة</h1>" in html and "المباريات والبطولات." in html
    assert "مباراة رقم 0<" in html and "مباراة رقم 19<" in html and "مباراة رقم 20<" not in html
    assert "خبر سياسي" not in html and "مسودة رياضية" not in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{sport.get_absolute_url()}">' in html
    assert 'aria-current="page">رياضة<' in html
    assert '<input type="hidden" name="section" value="رياضة">' in html  # filtering stays in the section
    page2 = client.get(sport.get_absolute_url() + "?page=2").content.decode()
    assert "مباراة رقم 20<" in page2 and "مباراة رقم 0<" not in page2
    assert client.get(sport.get_absolute_url() + "?page=3").status_code == 404
    assert client.get("/section/لا-يوجد/").status_code == 404

    fragment = client.get(sport.get_absolute_url() + "?page=2", **HX)
    assert fragment.content.decode().lstrip().startswith("<title>")
    assert "HX-Request" in fragment["Vary"]

    # The home list filtered by the section (the filter form's own request) is canonical to it.
    filtered = client.get(f"/?section={sport.slug}", **HX).content.decode()
    assert "مباراة رقم 0<" in filtered and "خبر سياسي" not in filtered
    searched = client.get(f"/?section={sport.slug}&q=مباراة").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/?q=' in searched
    assert "خبر سياسي" not in searched

    rss = client.get(reverse("articles:section-feed-rss", args=[sport.slug]))
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "مباراة رقم 0" in body and "خبر سياسي" not in body and "<category>رياضة</category>" in body
    atom = client.get(reverse("articles:section-feed-atom", args=[sport.slug]))
    assert atom.status_code == 200 and "مباراة رقم 0" in atom.content.decode()


def test_story_page_names_its_section(client):
    section = make_section("اقتصاد")
    story = make_article("البورصة ترتفع", section=section, tags=["البورصة"])
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'<p class="kicker"><a href="{section.get_absolute_url()}">اقتصاد</a></p>' in html
    assert 'aria-current="true">اقتصاد<' in _menu(html)


def test_front_page_has_a_lead_then_section_blocks_then_the_list(client):
    now = timezone.now()
    sport, economy = make_section("رياضة", order=2), make_section("اقتصاد", order=1)
    make_article("أحدث خبر", section=sport, published_at=now - timedelta(minutes=1))
    for i in range(5):
        make_article(f"رياضي {i}", section=sport, published_at=now - timedelta(hours=1 + i))
        make_article(f"اقتصادي {i}", section=economy, published_at=now - timedelta(hours=1 + i))
    make_article("خبر بلا قسم", published_at=now - timedelta(hours=10))
    html = client.get("/").content.decode()
    lead = html.index('id="lead-title"')
    blocks = html.index('class="section-blocks"')
    listing = html.index('id="article-list"')
    assert lead < html.index("أحدث خبر") < blocks < listing
    assert blocks < html.index("اقتصادي 0", blocks) < html.index("رياضي 0", blocks) < listing
    assert "رياضي 3" in html[blocks:listing] and "رياضي 4" not in html[blocks:listing]  # four per section
    assert "أحدث خبر" not in html[blocks:listing]  # the lead is not repeated in its section
    assert "أحدث خبر" in html[listing:]  # the list stays the whole chronology (pages of 20)
    assert "خبر بلا قسم" in html[listing:]
    # A filter replaces the front page blocks (out of band); clearing it brings them back.
    filtered = client.get("/?q=اقتصادي", **HX).content.decode()
    assert '<div id="front" class="front" data-hx-swap-oob="true"></div>' in filtered
    cleared = client.get("/", **HX).content.decode()
    assert 'id="lead-title"' in cleared and "data-hx-swap-oob" in cleared


def test_sitemap_lists_sections_and_the_home_page(client):
    section = make_section("ثقافة")
    make_article("معرض الكتاب", section=section)
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-sections.xml" in index and "sitemap-home.xml" in index
    sections = client.get("/sitemap-sections.xml").content.decode()
    assert "/section/%D8%AB%D9%82%D8%A7%D9%81%D8%A9/" in sections or "/section/ثقافة/" in sections


# ---------------------------------------------------------------- cache: exact purges


def test_a_story_edit_purges_its_old_and_new_section_pages_only(client):
    sport, economy, culture = make_section("رياضة"), make_section("اقتصاد"), make_section("ثقافة")
    story = make_article("خبر متنقل", section=sport)
    make_article("خبر ثقافي", section=culture)
    for section in (sport, economy, culture):
        assert client.get(section.get_absolute_url())["X-Cache"] == "MISS"
        assert client.get(section.get_absolute_url())["X-Cache"] == "HIT"
    story.section = economy
    services.save_story(story)
    assert client.get(sport.get_absolute_url())["X-Cache"] == "MISS"
    now_economy = client.get(economy.get_absolute_url())
    assert now_economy["X-Cache"] == "MISS" and "خبر متنقل" in now_economy.content.decode()
    assert client.get(culture.get_absolute_url())["X-Cache"] == "HIT"


def test_a_section_rename_purges_every_page_showing_the_menu(client):
    section = make_section("رياضة")
    story = make_article("خبر", section=section)
    urls = ["/", story.get_absolute_url(), section.get_absolute_url()]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT"
    assert f"c{section.pk}" in client.get(section.get_absolute_url())["xkey"].split()
    assert "menu" in client.get(story.get_absolute_url())["xkey"].split()
    section.name = "الرياضة"
    services.save_section(section)
    for url in urls:
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "الرياضة" in response.content.decode()


# ---------------------------------------------------------------- importer and demo


def test_importer_files_a_page_in_the_section_of_the_same_normalized_name():
    from articles.importer.html import HtmlPage  # noqa: F401  (the page model the parser fills)
    from articles.importer.parsed import ParsedArticle, ParseResult

    economy = make_section("الاقتصاد")
    importer = Importer()
    parsed = ParsedArticle(title="الأسواق تتراجع", body=["فقرة أولى من الخبر."], kinds=["paragraph"])
    parsed.section = "الإقتصاد"  # another spelling of the same name
    outcome = importer.save(ParseResult(articles=[parsed], text="الأسواق تتراجع\n\nفقرة أولى من الخبر."))
    assert Article.objects.get(pk=outcome.article_ids[0]).section == economy
    parsed2 = ParsedArticle(title="خبر آخر", body=["فقرة أخرى."], kinds=["paragraph"])
    parsed2.section = "قسم لا يعرفه أحد"
    outcome = importer.save(ParseResult(articles=[parsed2], text="خبر آخر\n\nفقرة أخرى."))
    assert Article.objects.get(pk=outcome.article_ids[0]).section is None
    assert Section.objects.count() == 1  # the importer never invents sections


def test_demo_generator_creates_sections_and_files_every_story():
    # Without pictures (tests/test_demo_pictures.py's business): drawing them took most of the time.
    call_command("generate_demo", "60", no_pictures=True, verbosity=0)
    assert Section.objects.count() == 7
    assert not Article.objects.filter(section=None).exists()
    assert Section.objects.filter(articles__isnull=False).distinct().count() >= 4
    # A second run reuses them.
    call_command("generate_demo", "10", "--seed", "3", no_pictures=True, verbosity=0)
    assert Section.objects.count() == 7


def test_a_renamed_section_slug_answers_301_at_its_old_url(client):
    section = make_section("رياضة")
    old_slug, old_url = section.slug, section.get_absolute_url()
    section.slug = "الرياضة-العالمية"
    services.save_section(section)
    moved = client.get(old_url + "?page=2")
    assert moved.status_code == 301
    assert client.get(old_url).status_code == 301
    assert moved["Location"] == section.get_absolute_url() + "?page=2"
    assert client.get(section.get_absolute_url()).status_code == 200
    # A new section that takes the old slug wins over the redirect.
    taker = make_section("رياضة محلية")
    taker.slug = old_slug
    services.save_section(taker)
    assert client.get(old_url).status_code == 200
    assert client.get("/section/لا-يوجد/").status_code == 404


def test_the_section_form_lists_the_slugs_that_redirect_to_it(editor_client):
    section = make_section("رياضة")
    section.slug = "رياضة-وشباب"
    services.save_section(section)
    page = editor_client.get(reverse("admin:articles_section_change", args=[section.pk]))
    assert page.status_code == 200
    assert "رياضة" in page.content.decode().split("معرّفات قديمة")[1][:400]
