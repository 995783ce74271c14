"""Reader pages, full page: story, list, tag, source and speaker pages (PRODUCT §3)."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.queries import PAGE_SIZE
from articles.related import update_similar
from tests.factories import add_link, add_quote, make_article, make_editor, make_source, make_tag

pytestmark = pytest.mark.django_db


class _Scripts(HTMLParser):
    """Collects <script> elements and every attribute name, to check CSP-safe markup."""

    def __init__(self):
        super().__init__()
        self.scripts, self.attributes, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        self.attributes.extend(name for name, _ in attrs)
        if tag == "script":
            self._in = {"attrs": dict(attrs), "text": ""}

    def handle_data(self, data):
        if self._in is not None:
            self._in["text"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._in is not None:
            self.scripts.append(self._in)
            self._in = None


def parse(html):
    parser = _Scripts()
    parser.feed(html)
    return parser


@pytest.fixture
def story():
    source = make_source("سكاي نيوز عربية")
    article = make_article(
        "بوتين وكيم يتبادلان البنادق في قمة الشرق الأقصى",
        dek="هدايا متبادلة في ختام القمة.",
        body="الفقرة الأولى عن القمة.\n\nالفقرة الثانية عن الهدايا.\n\nالفقرة الثالثة عن الزيارة.",
        source=source,
        tags=["كوريا الشمالية", "روسيا"],
        published_at=timezone.now() - timedelta(hours=2, minutes=5),
    )
    add_quote(article, "أعطى كيم بندقية من إنتاجنا", "دميتري بيسكوف", "الناطق باسم الكرملين")
    add_quote(article, "سنخوض المعركة إلى جانب روسيا", "كيم جونغ أون", kind="block", position=2)
    return article


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response, response.content.decode()


# ---------------------------------------------------------------- story page


def test_story_page_shows_headline_dek_source_and_arabic_dates(client, story):
    response, html = get(client, story.get_absolute_url())
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "بوتين وكيم يتبادلان البنادق في قمة الشرق الأقصى</h1>" in html
    assert "هدايا متبادلة في ختام القمة." in html
    assert f'href="{story.source.get_absolute_url()}"' in html
    local = timezone.localtime(story.published_at)
    months = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو"]
    months += ["يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
    assert f"{local.day} {months[local.month - 1]} {local.year}" in html
    # Umm al-Qura (hijridate): exact, so not marked approximate.
    from hijridate import Gregorian

    hijri = Gregorian.fromdate(local.date()).to_hijri()
    assert f"{hijri.day} " in html and f"{hijri.year} هـ" in html
    assert "تقريبي" not in html
    assert "منذ ساعتين" in html


def test_story_body_has_block_quote_in_place_with_cited_speaker(client, story):
    _, html = get(client, story.get_absolute_url())
    body = html[html.index('class="story__body"') : html.index("أبرز التصريحات")]
    second = body.index("الفقرة الثانية")
    quote = body.index("<blockquote><p>سنخوض المعركة إلى جانب روسيا</p></blockquote>")
    third = body.index("الفقرة الثالثة")
    assert second < quote < third  # position=2: after two paragraphs
    assert '<cite><a href="/speaker/%D9%83%D9%8A%D9%85-%D8%AC%D9%88%D9%86%D8%BA-%D8%A3%D9%88%D9%86/">' in body


def test_key_quotes_box_links_speakers(client, story):
    _, html = get(client, story.get_absolute_url())
    box = html[html.index("أبرز التصريحات") :]
    assert "أعطى كيم بندقية من إنتاجنا" in box
    assert reverse("articles:speaker", kwargs={"slug": "دميتري-بيسكوف"}) in box


def test_tags_link_to_filtered_list(client, story):
    _, html = get(client, story.get_absolute_url())
    for name in ("كوريا الشمالية", "روسيا"):
        tag = make_tag(name)
        assert f'<a href="{tag.get_absolute_url()}">{name}</a>' in html


def test_read_also_and_related_headlines(client, story):
    target = make_article("وزيرة خارجية أستراليا: الاتفاق الدفاعي يزعزع الاستقرار")
    add_link(story, "وزيرة خارجية أستراليا: الاتفاق الدفاعي يزعزع الاستقرار", kind="read_also", target=target)
    add_link(story, "كواليس المفاوضات السرية بين موسكو والغرب", kind="similar")
    add_link(story, "تقرير خارجي", kind="similar", url="https://example.org/report")
    _, html = get(client, story.get_absolute_url())
    read_also = html[html.index("اقرأ أيضاً") :]
    assert f'<a href="{target.get_absolute_url()}">' in read_also
    related = html[html.index("مقالات مشابهة") :]
    # A headline with no target and no URL is text: a search for it would find nothing.
    assert '<span class="headline-only">كواليس المفاوضات السرية بين موسكو والغرب</span>' in related
    assert '<a href="https://example.org/report" rel="noopener nofollow">' in related


def test_related_shows_curated_first_then_computed_up_to_six(client, story):
    curated = [add_link(story, f"عنوان منتقى {i}", kind="similar") for i in range(2)]
    others = [
        make_article(f"كوريا الشمالية وروسيا خبر {i}", tags=["كوريا الشمالية", "روسيا"]) for i in range(8)
    ]
    for i in range(6):
        make_article(f"مباراة كرة قدم {i}", tags=["رياضة"])
    update_similar([story.pk])
    story.refresh_from_db()
    assert len(story.similar_ids) == 6
    _, html = get(client, story.get_absolute_url())
    related = html[html.index('id="related-title"') : html.index('id="tag-cloud-title"')]
    items = re.findall(r"<li>.*?</li>", related, flags=re.S)
    assert len(items) == 6
    assert curated[0].title in items[0] and curated[1].title in items[1]
    computed_titles = [a.headline for a in others]
    assert all(any(t in item for t in computed_titles) for item in items[2:])


def test_story_head_has_canonical_open_graph_and_json_ld(client, story, settings):
    settings.SITE_URL = "https://news.example"
    _, html = get(client, story.get_absolute_url())
    canonical = "https://news.example" + story.get_absolute_url()
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{story.headline}">' in html
    scripts = [s for s in parse(html).scripts if s["attrs"].get("type") == "application/ld+json"]
    assert len(scripts) == 1
    data = json.loads(scripts[0]["text"])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert data["url"] == canonical
    assert data["author"]["name"] == "سكاي نيوز عربية"
    assert set(data["keywords"]) == {"كوريا الشمالية", "روسيا"}


def test_json_ld_cannot_be_broken_out_of(client):
    evil = make_article("عنوان </script><script>alert(1)</script> & <!--", dek="ملخص </script>")
    _, html = get(client, evil.get_absolute_url())
    scripts = [s for s in parse(html).scripts if s["attrs"].get("type") == "application/ld+json"]
    assert len(scripts) == 1
    assert "</script>" not in scripts[0]["text"] and "<!--" not in scripts[0]["text"]
    assert json.loads(scripts[0]["text"])["headline"].startswith("عنوان </script>")
    assert "<script>alert(1)" not in html


def test_wrong_or_missing_slug_redirects_permanently(client, story):
    for url in (f"/news/{story.pk}/", f"/news/{story.pk}/عنوان-قديم/"):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == story.get_absolute_url()


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_drafts_and_scheduled_stories_are_404_for_readers(client, kind):
    if kind == "draft":
        article = make_article("مسودة سرية", status=Article.Status.DRAFT)
    else:
        article = make_article("خبر مجدول", published_at=timezone.now() + timedelta(days=1))
    assert client.get(article.get_absolute_url()).status_code == 404
    assert client.get(f"/news/{article.pk}/").status_code == 404
    assert "مسودة سرية" not in client.get("/").content.decode()


def test_editors_preview_drafts(client):
    draft = make_article("مسودة للمعاينة", status=Article.Status.DRAFT)
    url = reverse("articles:preview", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 302  # to the admin login
    client.force_login(make_editor())
    response, html = get(client, url)
    assert response.status_code == 200
    assert "مسودة للمعاينة" in html and "معاينة: مسودة غير منشورة." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_pages_have_no_inline_handlers_or_style_attributes(client, story):
    for url in ("/", story.get_absolute_url(), make_tag("روسيا").get_absolute_url()):
        _, html = get(client, url)
        parsed = parse(html)
        assert not [
            a for a in parsed.attributes if a.startswith("on") or a == "style" or a.startswith("hx-on")
        ]
        for script in parsed.scripts:
            # Data, or a file from 'self' (cacheable pages carry no nonce: no inline script).
            attrs = script["attrs"]
            assert attrs.get("type") == "application/ld+json" or attrs.get("src", "").startswith("/static/")
            assert "nonce" not in attrs


def test_page_landmarks_and_skip_link(client, story):
    _, html = get(client, story.get_absolute_url())
    assert '<a class="skip-link" href="#main">انتقل إلى المحتوى</a>' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'aria-label="الأقسام"' in html


# ---------------------------------------------------------------- story list


def test_list_is_newest_first_and_paginated(client):
    now = timezone.now()
    for i in range(PAGE_SIZE + 3):
        make_article(f"خبر رقم {i}", published_at=now - timedelta(hours=i))
    response, html = get(client, "/")
    assert response.status_code == 200
    assert html.index("خبر رقم 0<") < html.index("خبر رقم 1<") < html.index("خبر رقم 19<")
    assert "خبر رقم 20<" not in html
    assert "23 خبراً" in html
    _, page2 = get(client, "/?page=2")
    assert "خبر رقم 20<" in page2 and "خبر رقم 0<" not in page2
    assert client.get("/?page=3").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=-1",
        "page=0",
        "range=forever",
        "tag=%3Cscript%3E",
        "source=nope",
        "q=%00",
        "tag=" + "x" * 500,
    ],
)
def test_bad_filter_values_are_ignored(client, query):
    make_article("خبر ظاهر")
    response, html = get(client, "/?" + query)
    assert response.status_code == 200
    assert "خبر ظاهر" in html
    assert "<script>" not in html.split("<head>")[0] + html.split("</head>")[1].replace("<script src", "")


def test_filters_by_tag_source_range_and_query(client):
    now = timezone.now()
    sky = make_source("سكاي نيوز عربية")
    make_article("قمة في موسكو", tags=["روسيا"], source=sky, published_at=now - timedelta(hours=1))
    make_article("مباراة حاسمة", tags=["رياضة"], published_at=now - timedelta(days=10))
    _, html = get(client, "/?tag=" + make_tag("روسيا").slug)
    assert "قمة في موسكو" in html and "مباراة حاسمة" not in html
    _, html = get(client, "/?source=" + sky.slug)
    assert "قمة في موسكو" in html and "مباراة حاسمة" not in html
    _, html = get(client, "/?range=week")
    assert "قمة في موسكو" in html and "مباراة حاسمة" not in html
    _, html = get(client, "/?q=مباراة")
    assert "مباراة" in html and "قمة في موسكو" not in html


def test_active_filters_show_as_removable_chips(client):
    tag = make_tag("روسيا")
    make_article("قمة في موسكو", tags=[tag])
    _, html = get(client, f"/?tag={tag.slug}&range=month")
    chips = html[html.index('class="chips"') :]
    assert "وسم: روسيا" in chips
    assert 'href="/?range=month"' in chips  # removing the tag keeps the range
    assert f'href="/?{urlencode({"tag": tag.slug})}"' in chips  # removing the range keeps the tag
    assert "مسح الكل" in chips


def test_list_without_javascript_is_a_get_form_and_links(client):
    tag = make_tag("روسيا")
    make_article("قمة في موسكو", tags=[tag])
    _, html = get(client, "/")
    assert '<form id="filter-form" class="filter-bar" method="get" action="/"' in html
    assert '<button type="submit" class="button">بحث</button>' in html
    assert f'href="{tag.get_absolute_url()}"' in html  # the cloud: plain links


def test_tag_cloud_on_list_and_story_pages(client, story):
    for i in range(3):
        make_article(f"خبر روسي {i}", tags=["روسيا"])
    for url in ("/", story.get_absolute_url()):
        _, html = get(client, url)
        cloud = html[html.index('id="tag-cloud-title"') :]
        assert "الوسوم الأكثر تداولاً" in cloud
        assert re.search(r'class="tag-cloud__tag step-[1-5]" href="/tag/', cloud)
        # Names and sizes, no counts: a new story's counts leave every page's cloud as it was.
        assert ">روسيا</a>" in cloud and "tag-cloud__count" not in cloud


# ---------------------------------------------------------------- tag, source, speaker pages


def test_tag_page_is_the_filtered_list_with_its_feed(client):
    tag = make_tag("كوريا الشمالية")
    make_article("خبر كوري", tags=[tag])
    make_article("خبر آخر")
    response, html = get(client, tag.get_absolute_url())
    assert response.status_code == 200
    assert "<h1>كوريا الشمالية</h1>" in html
    assert "خبر كوري" in html and "خبر آخر" not in html
    assert reverse("articles:tag-feed-rss", kwargs={"slug": tag.slug}) in html
    assert client.get("/tag/لا-يوجد/").status_code == 404


def test_source_page_is_the_filtered_list_with_its_feed(client):
    source = make_source("BBC عربي")
    make_article("خبر من المصدر", source=source)
    make_article("خبر آخر")
    response, html = get(client, source.get_absolute_url())
    assert response.status_code == 200
    assert "<bdi>BBC</bdi> عربي" in html  # the Latin name is isolated, the Arabic flows around it
    assert "خبر من المصدر" in html and "خبر آخر" not in html
    assert reverse("articles:source-feed-atom", kwargs={"slug": source.slug}) in html


def test_speaker_page_lists_quotes_newest_first_with_story_links(client):
    old = make_article("خبر قديم", published_at=timezone.now() - timedelta(days=3))
    new = make_article("خبر جديد", published_at=timezone.now() - timedelta(hours=1))
    hidden = make_article("مسودة", status=Article.Status.DRAFT)
    add_quote(old, "تصريح قديم", "دميتري بيسكوف")
    add_quote(new, "تصريح جديد", "دميتري بيسكوف")
    add_quote(hidden, "تصريح سري", "دميتري بيسكوف")
    response, html = get(client, reverse("articles:speaker", kwargs={"slug": "دميتري-بيسكوف"}))
    assert response.status_code == 200
    assert "دميتري بيسكوف</h1>" in html
    assert html.index("تصريح جديد") < html.index("تصريح قديم")
    assert "تصريح سري" not in html
    assert new.get_absolute_url() in html and old.get_absolute_url() in html
    assert client.get("/speaker/مجهول/").status_code == 404


def test_robots_txt_points_to_sitemaps(client):
    with override_settings(SITE_URL="https://news.example"):
        response, text = get(client, "/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: https://news.example/sitemap.xml" in text
    assert "Sitemap: https://news.example/news-sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /preview/" in text


def test_first_visit_to_a_story_is_well_under_100_kb_compressed(client, story):
    """HTML + CSS + JS + fonts, gzip-compressed as served (woff2 is compressed already)."""
    import gzip

    from django.contrib.staticfiles import finders

    html = client.get(story.get_absolute_url()).content
    total = len(gzip.compress(html))
    assets = set(re.findall(r'(?:href|src)="/static/([^"]+)"', html.decode()))
    css = [a for a in assets if a.endswith(".css")]
    for name in css:
        text = open(finders.find(name), encoding="utf-8").read()
        assets |= {"fonts/" + f for f in re.findall(r'url\("\.\./fonts/([^"]+)"\)', text)}
    assert any(a.endswith(".woff2") for a in assets) and css
    for name in assets:
        data = open(finders.find(name), "rb").read()
        total += len(data) if name.endswith(".woff2") else len(gzip.compress(data))
    # Upper bound: every face counts, though the Latin companions (≈17 KB) are fetched only
    # by pages with Latin letters (issue 12: without them «RSS · Atom» fell back to Times).
    assert total < 80_000, total
    # Nothing is fetched from another host: every script, stylesheet, font and icon is ours.
    fetched = re.findall(
        r'<(?:script|img)[^>]* src="([^"]+)"|<link rel="(?:stylesheet|preload|icon)" href="([^"]+)"',
        html.decode(),
    )
    assert fetched and all(url.startswith("/static/") for pair in fetched for url in pair if url)


def test_stylesheet_is_logical_and_arabic_friendly():
    """No physical directions (the site is RTL), no letter-spacing (it breaks Arabic
    joining), self-hosted fonts that swap in, dark mode and print styles."""
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"\b(left|right)\b", rules)
    assert not re.search(
        r"(?<![-\w])(margin|padding|border)-(top|bottom)\b|(?<![-\w])(width|height|top|bottom)\s*:", rules
    )
    assert "letter-spacing" not in rules
    faces = re.findall(r"@font-face\s*{[^}]*}", rules)
    # An Arabic face and its Latin companion for each of the two families (tools/subset_fonts.py).
    assert len(faces) == 4 and all("font-display: swap" in f and ".woff2" in f for f in faces)
    assert "prefers-color-scheme: dark" in rules and "@media print" in rules
    for face in faces:
        font = re.search(r'url\("\.\./([^"]+)"\)', face).group(1)
        assert finders.find(font), font


def test_quotes_whose_speaker_is_unknown_or_only_a_title_render_without_links_or_empty_cites(client):
    article = make_article(body="الفقرة الأولى.\n\nالفقرة الثانية.")
    add_quote(article, "الخطة ستنفذ على مراحل خلال العام", speaker="")
    add_quote(article, "القضاء مستقل والفصل للمحاكم", speaker="", role="مسؤول تركي كبير")
    add_quote(article, "لن نتراجع عن مواقفنا أبدا", speaker="", kind="block", position=1)
    response, html = get(client, article.get_absolute_url())
    assert response.status_code == 200
    assert "<cite></cite>" not in html and "<cite> </cite>" not in html
    assert "/speaker/" not in html  # nobody to link to
    box = html[html.index("أبرز التصريحات") :]
    assert "الخطة ستنفذ على مراحل خلال العام" in box
    assert "مسؤول تركي كبير" in box  # a title alone still says who
    assert "<blockquote><p>لن نتراجع عن مواقفنا أبدا</p></blockquote>" in html


def test_story_has_share_links_without_third_party_scripts(client, story, settings):
    settings.SITE_URL = "https://news.example"
    html = client.get(story.get_absolute_url()).content.decode()
    share = html[html.index('class="share"') :]
    share = share[: share.index("</section>")]
    url = quote("https://news.example" + story.get_absolute_url(), safe="")
    for start in (
        "https://wa.me/?text=",
        "https://t.me/share/url?url=" + url,
        "https://x.com/intent/post?url=" + url,
        "https://www.facebook.com/sharer/sharer.php?u=" + url,
        "mailto:?subject=",
    ):
        assert f'href="{start}' in share, start
    assert share.count('rel="noopener noreferrer nofollow"') == 5
    # Copy and the system share sheet need share.js: hidden until it reveals them.
    assert share.count("hidden>") == 2
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts == ["/static/js/share.js", "/static/js/read.js"]  # both ours, from 'self'
