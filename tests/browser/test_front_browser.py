"""The front page, «الأكثر قراءة» and what Chromium does with them: the story page's
beacon (static/js/read.js) counts one read, without cookies and without touching the
cached page; axe finds nothing on the front page with its boxes, light and dark."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles import reads, services
from articles.caching import keys
from articles.caching.purge import purge_keys
from articles.models import BreakingNews
from tests.browser.conftest import axe_violations
from tests.factories import make_article, make_section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Headless Chromium names itself "HeadlessChrome", which the counter treats as a bot.
READER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
)


@pytest.fixture
def site(live_server, settings):
    cache.clear()
    if settings.REDIS_URL:
        for key in reads._redis().scan_iter(reads.REDIS_PREFIX + "*"):
            reads._redis().delete(key)
    now = timezone.now()
    world, sport = make_section("العالم", order=1), make_section("رياضة", order=2)
    stories = [
        make_article(f"خبر العالم رقم {i}", section=world, published_at=now - timedelta(hours=i))
        for i in range(3)
    ]
    stories += [
        make_article(f"مباراة رقم {i}", section=sport, published_at=now - timedelta(hours=5 + i))
        for i in range(3)
    ]
    yield {"url": live_server.url, "stories": stories}
    cache.clear()


def new_page(browser, scheme="light"):
    context = browser.new_context(color_scheme=scheme, locale="ar", user_agent=READER_UA)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    return page


def test_opening_a_story_counts_one_read_and_the_box_shows_it(browser, site):
    story = site["stories"][4]
    page = new_page(browser)
    with page.expect_response(lambda r: "/beacon/read/" in r.url) as sent:
        page.goto(site["url"] + story.get_absolute_url())
    response = sent.value
    assert response.status == 204
    assert "cookie" not in {k.lower() for k in response.request.all_headers()}
    assert dict(reads._top_ids(timezone.now(), 5)) == {story.pk: 1}
    with page.expect_response(lambda r: "/beacon/read/" in r.url):
        page.reload()  # a refresh sends again, and is not counted again
    assert dict(reads._top_ids(timezone.now(), 5)) == {story.pk: 1}
    # The cached front page and box expire (PAGE_CACHE_SECONDS, BOX_CACHE_SECONDS). Not by
    # cache.clear(): on Redis that empties the database the counts live in too.
    cache.delete(f"most-read:box:{reads.BOX_SIZE}")
    purge_keys([keys.STORIES])
    page.goto(site["url"] + "/")
    assert page.locator(".most-read li").all_inner_texts() == ["مباراة رقم 1"]
    assert page.console_errors == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_front_page_with_its_boxes(browser, site, axe_source, scheme):
    for story in site["stories"][:2]:
        reads._increment(story.pk, reads.hour_of(timezone.now()))
    services.save_breaking(BreakingNews(text="عاجل: زلزال بقوة 6 درجات", article=site["stories"][1]))
    page = new_page(browser, scheme)
    page.goto(site["url"] + "/")
    assert page.locator(".lead-story").count() == 1
    assert page.locator(".section-block").count() == 2
    assert page.locator(".most-read li").count() == 2
    assert page.locator(".breaking").is_visible()
    page.evaluate("document.fonts.ready")
    violations = axe_violations(page, axe_source)
    assert violations == [], f"front ({scheme}): {violations}"
    assert page.console_errors == []
    page.context.close()


def test_the_breaking_bar_hides_itself_at_its_expiry_in_an_open_page(browser, site):
    """The page (from any cache) carries the expiry; the browser's clock ends the bar."""
    services.save_breaking(
        BreakingNews(text="عاجل: انقطاع الكهرباء", expires_at=timezone.now() + timedelta(minutes=10))
    )
    page = new_page(browser)
    page.clock.install()
    page.goto(site["url"] + site["stories"][0].get_absolute_url())
    bar = page.locator(".breaking")
    assert bar.is_visible() and "انقطاع الكهرباء" in bar.inner_text()
    page.clock.run_for("09:00")
    assert bar.is_visible()
    page.clock.run_for("01:30")
    assert bar.is_hidden()
    assert page.console_errors == []
    page.context.close()


def test_an_open_live_page_shows_new_updates_without_reloading(browser, site, settings, axe_source):
    from articles.models import LiveUpdate

    settings.LIVE_POLL_SECONDS = 5  # overridable: the page says how often it asks
    story = make_article("تغطية مباشرة: الانتخابات", is_live=True)
    first = LiveUpdate(article=story, text="فتح مراكز الاقتراع.")
    services.save_story(story, write_parts=first.save)
    page = new_page(browser)
    page.clock.install()
    page.goto(site["url"] + story.get_absolute_url())
    notice = page.locator("#live-notice")
    assert "every 5s" in notice.get_attribute("data-hx-trigger")
    assert "تحديثات جديدة" not in notice.inner_text()
    with page.expect_response(lambda r: "/live/" in r.url):
        page.clock.run_for("00:06")  # a poll: nothing new yet
    assert "تحديثات جديدة" not in page.locator("#live-notice").inner_text()
    second = LiveUpdate(article=story, text="نسبة المشاركة 40٪.")
    services.save_story(story, write_parts=second.save)  # an editor adds an update
    with page.expect_response(lambda r: "/live/" in r.url):
        page.clock.run_for("00:06")
    page.wait_for_selector("#live-notice a:has-text('تحديثات جديدة')")
    assert page.url.endswith(story.get_absolute_url())  # no reload
    assert page.locator(".live__update").count() == 1  # the list waits for the reader's click
    assert axe_violations(page, axe_source) == []
    page.locator("#live-notice a").click()
    page.wait_for_selector(".live__update >> nth=1")
    assert page.locator(".live__update").first.inner_text().count("نسبة المشاركة") == 1
    assert page.console_errors == []
    page.context.close()
