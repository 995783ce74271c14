"""A page served from the page cache still satisfies its Content-Security-Policy in
real Chromium: htmx loads from 'self' without a nonce (cacheable pages carry none),
no CSP violation is reported, and an htmx swap — itself a cached partial — works."""

import re

import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_htmx_loads_and_swaps_on_a_page_served_from_the_cache(browser, live_server):
    for i in range(25):
        make_article(f"خبر مخزن رقم {i}")
    warm = browser.new_context(locale="ar")
    first = warm.new_page().goto(live_server.url + "/")
    assert first.headers["x-cache"] == "MISS"
    warm.close()

    # A second visitor (fresh browser cache): the page comes from the page cache.
    context = browser.new_context(locale="ar")
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    cached = page.goto(live_server.url + "/")
    assert cached.headers["x-cache"] == "HIT"
    assert cached.headers["content-encoding"] == "gzip"
    page.wait_for_function("() => window.htmx !== undefined")
    assert "nonce" not in cached.headers["content-security-policy"]
    assert page.evaluate("() => document.querySelector('script[src*=htmx]').nonce") == ""

    page.evaluate("window.__sameDocument = true")
    with page.expect_response(lambda r: "page=2" in r.url) as swap:
        page.locator("#article-list a[href*='page=2']").first.click()
    assert swap.value.headers["x-cache"] in {"MISS", "HIT"}
    page.wait_for_url(re.compile(r"page=2"))
    page.wait_for_function(
        "() => document.querySelector('#article-list').textContent.includes('خبر مخزن رقم 24')"
    )
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, no reload
    assert problems == []
    context.close()
