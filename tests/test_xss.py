"""Stored XSS: what an editor (or a scraped file) writes is shown as text, never run (PRODUCT §6).

A hostile corpus puts script tags, event handlers, javascript: URLs (also entity-obfuscated),
htmx attributes and bidi overrides into every editor-writable field, then every public page
(from the resolver), its HTMX partial, the feeds, sitemaps, JSON-LD and the admin are parsed:
no element or attribute the attacker wrote may exist in the output.
"""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, Author, LiveUpdate, Quote, RelatedLink, Section, Source, Tag
from tests.factories import add_link, add_quote, make_article, make_editor
from tests.public_urls import Corpus, public_patterns, url_for
from tests.test_security import assert_no_inline_code, start_tags

pytestmark = pytest.mark.django_db

BIDI = "\u202e"
ZERO_WIDTH = "\u200b"


def hostile(label: str) -> str:
    """Every attack at once, tagged with `label` so a leak names its field; short enough
    (at most 200 characters) for every field it goes into, so nothing is cut off."""
    return (
        f"{label}\"'></title></script><!--{BIDI}{ZERO_WIDTH}<script>alert(1)</script>"
        "<img src=x onerror=alert(1)><a href=javascript:alert(1)>j&#106;avascript:"
        '<b hx-get="/evil/" data-hx-post="/evil/" hx-on:click="alert(1)">b</b>'
    )


def short_hostile(label: str) -> str:
    """For 100-character fields (tag names)."""
    return f"{label}<script>alert(1)</script><img src=x onerror=alert(2)>{BIDI}\"'"


HOSTILE_URL = "https://example.com/\"><script>alert('url')</script><img src=x onerror=alert(3)>"


@pytest.fixture
def hostile_corpus():
    source = Source.objects.create(name=hostile("source"))
    tag = Tag.objects.create(name=short_hostile("tag"))
    recently = timezone.now() - timedelta(hours=1)
    section = services.save_section(Section(name=short_hostile("section"), description=hostile("section-d")))
    other = make_article(
        hostile("other-headline"),
        dek=hostile("other-dek"),
        source=source,
        tags=[tag],
        section=section,
        published_at=recently,
        is_live=True,
    )
    update = LiveUpdate(
        article=other, text=hostile("update"), quote=hostile("update-q"), quote_by=hostile("by")
    )
    services.save_story(other, write_parts=update.save)
    article = make_article(
        hostile("headline"),
        dek=hostile("dek"),
        body=f"{hostile('body1')}\n\n{hostile('body2')}\n\n{hostile('body3')}",
        source=source,
        tags=[tag],
        published_at=recently,
    )
    quote = add_quote(article, text=hostile("quote"), speaker=hostile("speaker"), role=hostile("role"))
    add_quote(article, text=hostile("block"), speaker=hostile("speaker"), kind="block", position=1)
    add_link(article, title=hostile("link-internal"), kind="read_also", target=other)
    add_link(article, title=hostile("link-external"), kind="manual", url=HOSTILE_URL)
    add_link(article, title=hostile("link-inline"), kind="inline")
    add_link(article, title=hostile("link-similar"), kind="similar")
    Article.objects.filter(pk=other.pk).update(similar_ids=[article.pk])
    Article.objects.filter(pk=article.pk).update(similar_ids=[other.pk])
    author = Author.objects.create(name=hostile("author"), role=hostile("role"), bio=hostile("bio"))
    for story in (article, other):  # through save(): the byline is cleaned as every writer's is
        story.author, story.byline = author, hostile("author")
        story.save()
    return Corpus(article, other, tag.slug, source.slug, quote.speaker_slug, author.slug, section.slug)


def test_the_payload_fits_every_field():
    assert all(len(hostile(label)) <= 200 for label in ["source", "speaker", "role"])  # 200-char fields
    assert all(len(hostile(label)) <= 300 for label in ["other-headline", "link-external"])


# ---------------------------------------------------------------- what "escaped" means


def assert_nothing_attacker_written_runs(html: str, what: str):
    """Parse the page: no element, attribute or URL from the payload may have survived."""
    assert BIDI not in html and ZERO_WIDTH not in html, f"{what}: bidi/zero-width control in output"
    for tag, attrs in start_tags(html):
        assert not (tag == "img" and attrs.get("src") == "x"), f"{what}: injected <img>"
        assert tag != "b" or not any(n.startswith(("hx-", "data-hx-")) for n in attrs), (
            f"{what}: injected <b hx-…>"
        )
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{what}: <{tag} {name}=…>"
            assert not name.startswith(("hx-on", "data-hx-on")), f"{what}: <{tag} {name}>"
            assert not value.startswith("/evil/"), f"{what}: attacker URL in <{tag} {name}={value!r}>"
            if name in {"href", "src", "action", "hx-get", "hx-post", "data-hx-get", "data-hx-post"}:
                lowered = value.strip().lower()
                assert not lowered.startswith(("javascript:", "&#106;", "data:", "vbscript:")), (
                    f"{what}: <{tag} {name}={value!r}>"
                )
        if tag == "script":
            assert (
                attrs.get("nonce")
                or attrs.get("src")
                or attrs.get("type")
                in {
                    "application/ld+json",
                    "application/json",
                }
            ), f"{what}: attacker's <script> is an element"
    _assert_json_ld_is_data(html, what)


class _Text(__import__("html.parser").parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in {"script", "style", "title"}

    def handle_endtag(self, tag):
        self._skip -= tag in {"script", "style", "title"}

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """What a reader sees: text nodes, entities decoded, markup (such as <bdi>) gone."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


class _ScriptBodies(__import__("html.parser").parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self._in = [], None

    def handle_starttag(self, tag, attrs):
        self._in = dict(attrs).get("type") if tag == "script" else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "application/ld+json":
            self.blocks.append(data)


def _assert_json_ld_is_data(html, what):
    parser = _ScriptBodies()
    parser.feed(html)
    for block in parser.blocks:
        assert "</" not in block and "<!--" not in block, f"{what}: JSON-LD can break out of its <script>"
        json.loads(block)  # still valid JSON, the payload kept as data


def _check_feed(body: bytes, what: str):
    """Feeds: well-formed XML; description/summary/content are HTML, so payload tags must arrive
    escaped there (a feed reader renders them); titles are text and may carry the payload as text."""
    root = ET.fromstring(body)  # noqa: S314 — our own output
    entries = [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in {"item", "entry", "url", "sitemap"}]
    assert entries, f"{what}: the hostile stories are missing"
    for element in [child for entry in entries for child in entry.iter()]:
        local = element.tag.rsplit("}", 1)[-1]
        if local in {"description", "summary", "content"} and element.text:
            assert "<script" not in element.text and "<img" not in element.text, f"{what}: {local} is HTML"
    for element in root.iter():
        for attr in element.attrib.values():
            assert not attr.strip().lower().startswith("javascript:"), f"{what}: {attr}"
    assert BIDI.encode() not in body, f"{what}: bidi control in feed"


# ---------------------------------------------------------------- every public page


PATTERNS = public_patterns()


@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_hostile_content_is_inert_on_every_public_page(client, hostile_corpus, pattern, htmx):
    url = url_for(pattern, hostile_corpus, client)
    headers = {"HX-Request": "true", "HX-Target": "article-list"} if htmx else {}
    response = client.get(url, headers=headers)
    assert response.status_code in {200, 301, 302}, f"{url}: {response.status_code}"
    content_type = response.get("Content-Type", "")
    if "xml" in content_type:
        _check_feed(response.content, url)
    elif "html" in content_type:
        html = response.content.decode()
        assert_nothing_attacker_written_runs(html, url)
        assert_no_inline_code(response, url)


def test_story_page_shows_every_field_as_text(client, hostile_corpus):
    """The payload is there — as visible text — in every field, not silently dropped."""
    article = hostile_corpus.article
    html = client.get(article.get_absolute_url()).content.decode()
    text = visible_text(html)
    for label in ["headline", "dek", "body1", "body2", "quote", "speaker", "block", "link-external"]:
        assert f"{label}\"'></title></script><!--<script>alert(1)</script>" in text, label
    assert "<script>alert(1)</script>" in text  # the tag name in the kicker
    assert_nothing_attacker_written_runs(html, "story")


def test_external_link_keeps_its_url_escaped_in_href(client, hostile_corpus):
    html = client.get(hostile_corpus.article.get_absolute_url()).content.decode()
    hrefs = [a.get("href", "") for t, a in start_tags(html) if t == "a"]
    assert HOSTILE_URL in hrefs  # one attribute, quotes escaped, nothing spilled out of it


def test_json_ld_round_trips_the_hostile_headline(client, hostile_corpus):
    html = client.get(hostile_corpus.article.get_absolute_url()).content.decode()
    parser = _ScriptBodies()
    parser.feed(html)
    assert parser.blocks, "story page has no JSON-LD"
    data = json.loads(parser.blocks[0])
    assert data["headline"] == hostile_corpus.article.headline[:110]


def test_search_for_the_payload_is_inert(client, hostile_corpus):
    for headers in [{}, {"HX-Request": "true", "HX-Target": "article-list"}]:
        response = client.get("/?q=" + quote(hostile("q")[:200]), headers=headers)
        assert response.status_code == 200
        assert_nothing_attacker_written_runs(response.content.decode(), "search")


# ---------------------------------------------------------------- the admin


def test_admin_pages_show_hostile_content_inert(client, hostile_corpus):
    client.force_login(make_editor())
    article = hostile_corpus.article
    urls = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + "?q=" + quote("<script>alert(1)</script>"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_delete", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_tag_changelist"),
        reverse("admin:articles_tag_change", args=[Tag.objects.get().pk]),
        reverse("admin:articles_source_changelist"),
        reverse("admin:articles_source_change", args=[Source.objects.get().pk]),
        reverse("admin:autocomplete") + "?app_label=articles&model_name=articletag&field_name=tag&term=tag",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if "html" in response["Content-Type"]:
            assert_nothing_attacker_written_runs(response.content.decode(), url)


# ---------------------------------------------------------------- related-link URLs: http(s) only

BAD_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example.com/x",
    "ftp://example.com/x",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_model_validation_refuses_non_http_urls(hostile_corpus, url):
    link = RelatedLink(article=hostile_corpus.article, title="رابط", url=url, order=99)
    with pytest.raises(ValidationError):
        link.full_clean()


@pytest.mark.parametrize("url", BAD_URLS)
def test_database_refuses_non_http_urls_on_direct_save(hostile_corpus, url):
    """The CheckConstraint holds even for code that skips validation (bulk or raw saves)."""
    link = RelatedLink(article=hostile_corpus.article, title="رابط", url=url, order=99)
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedLink.objects.bulk_create(
            [RelatedLink(article=hostile_corpus.article, title="x", url=url, order=98)]
        )


def _article_form_data(article, **link):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "source": article.source_id or "",
    }
    for prefix, total in [
        ("lead_image", 0),
        ("tag_links", 0),
        ("quotes", 0),
        ("related_links", 1),
        ("live_updates", 0),
    ]:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": total,
                f"{prefix}-INITIAL_FORMS": 0,
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update({f"related_links-0-{k}": v for k, v in link.items()})
    return data


@pytest.mark.parametrize("url", [u for u in BAD_URLS if not u.startswith("//")])
def test_admin_form_refuses_non_http_urls(client, url):
    client.force_login(make_editor())
    article = make_article("خبر لاختبار الروابط")
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        _article_form_data(article, kind="manual", title="رابط خبيث", url=url, order=""),
    )
    assert response.status_code == 200  # the form again, with an error
    assert not RelatedLink.objects.filter(article=article).exists()


def test_admin_form_makes_a_scheme_relative_url_https(client):
    client.force_login(make_editor())
    article = make_article("خبر لاختبار الروابط")
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        _article_form_data(article, kind="manual", title="رابط", url="//example.com/x", order=""),
    )
    assert response.status_code == 302
    assert RelatedLink.objects.get(article=article).url == "https://example.com/x"


def test_admin_form_accepts_https(client):
    client.force_login(make_editor())
    article = make_article("خبر لاختبار الروابط")
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        _article_form_data(
            article, kind="manual", title="رابط سليم", url="https://example.com/خبر", order=""
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RelatedLink.objects.get(article=article).url == "https://example.com/خبر"


# ---------------------------------------------------------------- invisible characters stripped on input

INVISIBLE = "\u202e\u202d\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\u061c\ufeff\u2060"


def test_invisible_characters_are_stripped_from_stored_text():
    tag = Tag.objects.create(name=f"كوريا{INVISIBLE} الشمالية")
    source = Source.objects.create(name=f"سكاي{INVISIBLE} نيوز")
    article = make_article(
        f"بوتين{INVISIBLE} يلتقي كيم", slug=f"بوتين-{INVISIBLE}يلتقي", source=source, tags=[tag]
    )
    quote = add_quote(
        article, speaker=f"دميتري{INVISIBLE} بيسكوف", text=f"نص{INVISIBLE}", role=f"متحدث{INVISIBLE}"
    )
    link = add_link(article, title=f"عنوان{INVISIBLE}", url=f"https://example.com/{INVISIBLE}a")
    for value in [
        tag.name,
        tag.slug,
        source.name,
        source.slug,
        article.headline,
        article.slug,
        quote.speaker_name,
        quote.speaker_slug,
        quote.speaker_role,
        quote.text,
        link.title,
        link.url,
    ]:
        assert not set(value) & set(INVISIBLE), repr(value)
    assert article.headline == "بوتين يلتقي كيم"
    assert tag.name == "كوريا الشمالية"
    assert quote.speaker_name == "دميتري بيسكوف"


def test_admin_strips_invisible_characters_from_headline_and_tag(client):
    client.force_login(make_editor())
    response = client.post(
        reverse("admin:articles_tag_add"), {"name": f"{BIDI}أستراليا{ZERO_WIDTH}", "slug": f"{BIDI}استراليا"}
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    tag = Tag.objects.get()
    assert tag.name == "أستراليا"
    assert BIDI not in tag.slug


def test_quote_speaker_with_payload_gets_a_plain_slug(hostile_corpus):
    quote = Quote.objects.filter(article=hostile_corpus.article).first()
    assert all(ch.isalnum() or ch == "-" for ch in quote.speaker_slug), quote.speaker_slug
