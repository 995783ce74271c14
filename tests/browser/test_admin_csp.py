"""The admin works under the strict Content-Security-Policy, in real Chromium: sign in,
open a story with its inlines, add an inline row with the admin's own JavaScript, pick a
tag in the autocomplete widget, save — and the browser reports no CSP violation."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleTag, Quote
from tests.factories import add_quote, make_article, make_editor, make_tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script (injected by the browser, not subject to the page's CSP).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def admin_page(browser, live_server):
    editor = make_editor("csp-editor")
    tag = make_tag("أستراليا")
    make_tag("كوريا الشمالية")
    story = make_article("وزيرة خارجية أستراليا تزور سول", published_at=timezone.now() - timedelta(hours=1))
    add_quote(story, "نريد علاقات أقوى", "جولي بيشوب")
    context = browser.new_context(locale="ar")
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    yield {
        "page": page,
        "url": live_server.url,
        "editor": editor,
        "story": story,
        "tag": tag,
        "console": console,
    }
    context.close()


def _violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def _assert_clean(setup, where):
    page = setup["page"]
    assert _violations(page) == [], f"{where}: CSP violations"
    csp_console = [m for m in setup["console"] if "Content Security Policy" in m or "pageerror" in m]
    assert csp_console == [], f"{where}: {csp_console}"


def test_admin_works_under_the_csp(admin_page):
    page, url = admin_page["page"], admin_page["url"]
    story, tag = admin_page["story"], admin_page["tag"]

    # Sign in through the real login form (CSRF, axes' throttling backend, session cookie).
    page.goto(f"{url}/admin/login/?next=/admin/")
    response = page.request.get(f"{url}/admin/login/")
    assert "'nonce-" in response.headers["content-security-policy"]
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", admin_page["editor"].raw_password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    _assert_clean(admin_page, "admin index")

    # The change form, with the tag, quote and related-link inlines.
    page.goto(f"{url}/admin/articles/article/{story.pk}/change/")
    assert page.locator("#quotes-group").is_visible()
    rows_before = page.locator("#quotes-group tr.form-row:not(.empty-form)").count()
    page.locator("#quotes-group .add-row a").click()  # inlines.js clones the empty form
    rows_after = page.locator("#quotes-group tr.form-row:not(.empty-form)").count()
    assert rows_after == rows_before + 1
    new_row = page.locator("#quotes-group tr.form-row:not(.empty-form)").last
    new_row.locator("textarea[name$='-text']").fill("تصريح أضيف في المتصفح")
    new_row.locator("input[name$='-speaker_name']").fill("بيني وونغ")

    # The tag inline's autocomplete (select2 loading results from the admin's JSON view).
    tag_row = page.locator("#tag_links-group tr.form-row:not(.empty-form)").last
    tag_row.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill("استرا")
    option = page.locator(".select2-results__option", has_text="أستراليا")
    option.wait_for()
    option.click()
    assert "أستراليا" in tag_row.locator(".select2-selection__rendered").inner_text()
    _assert_clean(admin_page, "change form")

    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    assert page.locator(".messagelist .success").count() == 1
    _assert_clean(admin_page, "after save")

    assert Quote.objects.filter(
        article=story, text="تصريح أضيف في المتصفح", speaker_name="بيني وونغ"
    ).exists()
    assert ArticleTag.objects.filter(article=story, tag=tag).exists()


def test_admin_pages_raise_no_violation(admin_page):
    """Changelist (with filters and date hierarchy), add form, tag and source pages, the
    import page and the delete confirmation, each loaded with its scripts."""
    page, url = admin_page["page"], admin_page["url"]
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", admin_page["editor"].raw_password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    paths = [
        "/admin/articles/article/",
        "/admin/articles/article/?status__exact=published",
        "/admin/articles/article/add/",
        "/admin/articles/tag/",
        "/admin/articles/tag/add/",
        "/admin/articles/source/add/",
        f"/admin/articles/article/{admin_page['story'].pk}/delete/",
        f"/admin/articles/article/{admin_page['story'].pk}/history/",
        "/admin/password_change/",
    ]
    paths.append(reverse("admin:articles_article_import"))
    for path in paths:
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        _assert_clean(admin_page, path)


def test_import_preview_and_confirm_under_the_csp(admin_page):
    page, url = admin_page["page"], admin_page["url"]
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "csp-editor")
    page.fill("#id_password", admin_page["editor"].raw_password)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(url + reverse("admin:articles_article_import"))
    raw = (Path(__file__).resolve().parents[2] / "corpus").glob("*.txt")
    page.fill("textarea[name=text]", next(iter(sorted(raw))).read_text(encoding="utf-8"))
    page.locator("input[name=preview]").click()
    page.locator("input[name=confirm]").wait_for()
    _assert_clean(admin_page, "import preview")
    page.locator("input[name=confirm]").click()
    page.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/$"))
    _assert_clean(admin_page, "after import")


def test_the_violation_listener_does_catch_violations(admin_page):
    """Proof that the checks above can fail: an inline handler on the admin login page is
    blocked by the CSP, and the listener records it."""
    page, url = admin_page["page"], admin_page["url"]
    page.goto(f"{url}/admin/login/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"/x.png\" onerror=\"window.ran=1\">')"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("script-src" in v for v in _violations(page))
    assert page.evaluate("window.ran") is None
