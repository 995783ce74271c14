"""Sharing a story in real Chromium: plain links without JavaScript; with it, "copy link"
copies the canonical URL and says so to screen readers. No third-party request."""

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story_url(live_server, settings):
    settings.SITE_URL = live_server.url
    story = make_article("بوتين وكيم يتبادلان البنادق في قمة الشرق الأقصى")
    return live_server.url + story.get_absolute_url()


def test_copy_link_copies_the_canonical_url(browser, story_url, live_server):
    context = browser.new_context(locale="ar", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    foreign = []
    page.on("request", lambda r: r.url.startswith(live_server.url) or foreign.append(r.url))
    page.goto(story_url)
    copy = page.locator(".share__link--copy")
    copy.click()
    page.wait_for_function("() => document.querySelector('[data-share-status]').textContent !== ''")
    assert page.locator("[data-share-status]").inner_text() == "نُسخ الرابط."
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert foreign == []
    context.close()


def test_without_javascript_the_share_links_remain_and_buttons_stay_hidden(browser, story_url):
    context = browser.new_context(locale="ar", java_script_enabled=False)
    page = context.new_page()
    page.goto(story_url)
    assert page.locator(".share a.share__link").count() == 5
    assert not page.locator(".share__link--copy").is_visible()
    assert not page.locator(".share__link--native").is_visible()
    context.close()
