"""Feeds and discovery: RSS/Atom (latest, per tag, per source), sitemap.xml, the Google
News sitemap and robots.txt — all well-formed XML with absolute URLs from SITE_URL."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_source, make_tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renditions_drawn_once")]

SITE = "https://news.example"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def corpus():
    tag = make_tag("كوريا الشمالية")
    source = make_source("سكاي نيوز عربية")
    now = timezone.now()
    return {
        "tag": tag,
        "source": source,
        "tagged": make_article("خبر كوري <عاجل> & مهم", tags=[tag], source=source, published_at=now),
        "plain": make_article("خبر عام", published_at=now - timedelta(days=5)),
        "draft": make_article("مسودة", status=Article.Status.DRAFT, tags=[tag]),
        "scheduled": make_article("مجدول", published_at=now + timedelta(hours=3), tags=[tag]),
    }


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, ET.fromstring(response.content)  # noqa: S314 (our own output)


def rss_items(root):
    return [(i.findtext("title"), i.findtext("link")) for i in root.iter("item")]


def test_latest_rss_lists_published_stories_with_absolute_links(client, corpus):
    response, root = xml(client, reverse("articles:feed-rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    assert root.find("channel/language").text == "ar"
    items = rss_items(root)
    titles = [t for t, _ in items]
    assert titles == ["خبر كوري <عاجل> & مهم", "خبر عام"]  # escaped in XML, intact once parsed
    assert items[0][1] == SITE + corpus["tagged"].get_absolute_url()
    assert root.find("channel/link").text == SITE + "/"


def test_latest_atom_is_valid_and_absolute(client, corpus):
    response, root = xml(client, reverse("articles:feed-atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = root.findall("atom:entry", NS)
    assert [e.findtext("atom:title", namespaces=NS) for e in entries] == ["خبر كوري <عاجل> & مهم", "خبر عام"]
    link = entries[0].find("atom:link", NS).get("href")
    assert link == SITE + corpus["tagged"].get_absolute_url()
    self_link = [li.get("href") for li in root.findall("atom:link", NS) if li.get("rel") == "self"]
    assert self_link == [SITE + reverse("articles:feed-atom")]


@pytest.mark.parametrize("route", ["articles:tag-feed-rss", "articles:tag-feed-atom"])
def test_tag_feeds_hold_only_that_tag(client, corpus, route):
    response = client.get(reverse(route, kwargs={"slug": corpus["tag"].slug}))
    assert response.status_code == 200
    body = response.content.decode()
    ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert "خبر كوري" in body and "خبر عام" not in body
    assert "مسودة" not in body and "مجدول" not in body


@pytest.mark.parametrize("route", ["articles:source-feed-rss", "articles:source-feed-atom"])
def test_source_feeds_hold_only_that_source(client, corpus, route):
    response = client.get(reverse(route, kwargs={"slug": corpus["source"].slug}))
    ET.fromstring(response.content)  # noqa: S314 (our own output)
    body = response.content.decode()
    assert "خبر كوري" in body and "خبر عام" not in body


def test_unknown_tag_feed_is_404(client):
    assert client.get("/tag/لا-يوجد/rss/").status_code == 404


def test_sitemap_lists_published_stories_tags_and_sources(client, corpus):
    _, index = xml(client, "/sitemap.xml")
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert sections and all(url.startswith(SITE + "/sitemap-") for url in sections)
    locs = set()
    for section in sections:
        _, root = xml(client, section.removeprefix(SITE))
        locs |= {loc.text for loc in root.findall("sm:url/sm:loc", NS)}
    assert SITE + corpus["tagged"].get_absolute_url() in locs
    assert SITE + corpus["plain"].get_absolute_url() in locs
    assert SITE + corpus["draft"].get_absolute_url() not in locs
    assert SITE + corpus["scheduled"].get_absolute_url() not in locs
    assert SITE + corpus["tag"].get_absolute_url() in locs
    assert SITE + corpus["source"].get_absolute_url() in locs
    assert all(loc.startswith(SITE + "/") for loc in locs)


def test_news_sitemap_has_only_the_last_two_days(client, corpus):
    response, root = xml(client, "/news-sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    urls = root.findall("sm:url", NS)
    assert [u.findtext("sm:loc", namespaces=NS) for u in urls] == [SITE + corpus["tagged"].get_absolute_url()]
    news = urls[0].find("news:news", NS)
    assert news.findtext("news:title", namespaces=NS) == "خبر كوري <عاجل> & مهم"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "ar"
    assert news.findtext("news:publication/news:name", namespaces=NS) == "نيوزروم"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published.startswith(str(timezone.localtime(corpus["tagged"].published_at).year))


def test_robots_txt_names_both_sitemaps(client):
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    assert f"Sitemap: {SITE}/news-sitemap.xml" in text


def test_feeds_never_use_the_request_host(client, corpus):
    body = client.get(reverse("articles:feed-rss"), HTTP_HOST="localhost").content.decode()
    assert "http://localhost" not in body


@pytest.mark.parametrize("route", ["articles:feed-rss", "articles:feed-atom"])
def test_feed_items_carry_their_lead_image_as_feed_readers_parse_it(client, corpus, route):
    """feedparser (what many readers and aggregators are built on) finds the share picture."""
    import feedparser

    from tests.factories import add_lead_image

    add_lead_image(corpus["tagged"], alt="قاعة المؤتمر", credit="وكالة الأنباء")  # renditions follow
    parsed = feedparser.parse(client.get(reverse(route)).content)
    assert not parsed.bozo, parsed.bozo_exception
    pictured, plain = parsed.entries
    assert plain.get("media_content") is None
    (media,) = pictured.media_content
    assert media["url"].startswith(SITE + "/") and media["url"].endswith(".jpg")
    assert (media["medium"], media["width"], media["height"]) == ("image", "1200", "630")
    assert pictured.media_credit[0]["content"] == "وكالة الأنباء"
