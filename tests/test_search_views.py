"""Search in the story list (issue 5 item 4): live search wiring, results, empty state.

Real requests through the Django test client (full page and the HTMX fragment), and
one real Chromium run of the debounced live search.
"""

import os
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_source, make_tag
from tools.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.django_db

HTMX = {
    "HTTP_HX_REQUEST": "true",
    "HTTP_HX_TRIGGER": "filter-form",
    "HTTP_HX_CURRENT_URL": "http://testserver/",
}


def _get(client, htmx=False, **params):
    return client.get(reverse("articles:list"), params, **(HTMX if htmx else {}))


def _form_tag(html: str) -> str:
    match = re.search(r'<form[^>]*id="filter-form"[^>]*>', html, re.S)
    assert match, "the filter bar form is missing"
    return match.group(0)


def test_search_box_is_a_debounced_live_search_that_cancels_stale_requests(client):
    """The typing pause lives in static/js/reader.js (it fires `filter-change`; the browser
    test in tests/browser/test_reader_defects.py proves one query is one request); the markup
    must wire that event and Enter to one queue whose newest request replaces the one in flight."""
    html = _get(client).content.decode()
    form = _form_tag(html)
    trigger = re.search(r'data-hx-trigger="([^"]*)"', form).group(1)
    assert {"submit", "filter-change"} <= {part.strip() for part in trigger.split(",")}
    assert re.search(r'data-hx-sync="[^"]*:replace"', html)
    assert "js/reader" in html
    # Results are swapped in place with the URL pushed.
    assert 'data-hx-push-url="true"' in html
    assert 'data-hx-target="#article-list"' in html
    # Without JavaScript it is a plain GET form with a search field.
    assert 'method="get"' in form
    assert re.search(r'<input[^>]*type="search"[^>]*name="q"', html)


def test_search_finds_variants_and_highlights_whole_words_in_the_headline(client):
    make_article("وزيرة خارجية أستراليا تزور سول", body="زارت وزيرة خارجية أستراليا العاصمة الكورية.")
    make_article("خبر عن الطقس")
    html = _get(client, q="استراليا").content.decode()
    assert "<mark>أستراليا</mark>" in html
    assert "خبر عن الطقس" not in html


def test_search_shows_a_snippet_around_the_match_deep_in_the_body(client):
    body = " ".join(["تمهيد طويل لا علاقة له بالموضوع."] * 40) + " ثم أعلن المنتخـب تأهّله إلى النهائي."
    make_article("خبر رياضي", body=body)
    html = _get(client, q="المنتخب تأهل").content.decode()
    assert "<mark>المنتخـب</mark>" in html
    assert "<mark>تأهّله</mark>" in html  # "تأهله" stems like "تأهل"
    assert "…" in html


def test_snippet_and_headline_are_escaped(client):
    make_article("<b>بوتين</b> يلتقي كيم", body="<script>alert('بوتين')</script> فقرة.")
    html = _get(client, q="بوتين").content.decode()
    assert "<script>alert" not in html
    assert "&lt;b&gt;<mark>بوتين</mark>&lt;/b&gt;" in html


def test_htmx_search_returns_the_list_fragment_and_pushes_the_url(client):
    make_article("بوتين يستقبل كيم")
    response = _get(client, htmx=True, q="بوتين")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="article-list"' in html
    assert "<mark>بوتين</mark>" in html
    pushed = urlsplit(response["HX-Push-Url"])
    assert parse_qs(pushed.query) == {"q": ["بوتين"]}
    assert "HX-Request" in response["Vary"]


def test_search_combines_with_tag_source_and_date_filters(client):
    now = timezone.now()
    sky = make_source("سكاي نيوز عربية")
    other = make_source("وكالة أخرى")
    korea = ["كوريا الشمالية"]

    def story(headline, tags, source, age):
        return make_article(headline, tags=tags, source=source, published_at=now - age)

    match = story("بوتين يستقبل كيم", korea, sky, timedelta(hours=2))
    story("بوتين يزور الصين", ["الصين"], sky, timedelta(hours=3))
    story("بوتين في موسكو", korea, other, timedelta(hours=4))
    story("بوتين قبل شهرين", korea, sky, timedelta(days=60))
    story("كيم وحده", korea, sky, timedelta(hours=5))
    tag = make_tag("كوريا الشمالية")
    html = _get(client, q="بوتين", tag=tag.slug, source=sky.slug, range="week").content.decode()
    assert "<mark>بوتين</mark> يستقبل كيم" in html
    for other_headline in ("يزور الصين", "في موسكو", "قبل شهرين", "كيم وحده"):
        assert other_headline not in html
    assert match.get_absolute_url() in html


def test_results_are_ranked_headline_first(client):
    now = timezone.now()
    make_article("خبر جديد", body="قال بوتين كلمة.", published_at=now - timedelta(hours=1))
    make_article("بوتين يستقبل كيم", published_at=now - timedelta(days=5))
    html = _get(client, q="بوتين").content.decode()
    assert html.index("يستقبل كيم") < html.index("خبر جديد")


def _card_headlines(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'story-card__title"><a[^>]*>(.*?)</a>', html)]


def test_results_past_the_first_page_keep_the_ranking_and_the_filters(client):
    """The ranking is an id list: the count, both pages and their order honour it and the
    filters together (the page's rows are fetched by primary key, then put in rank order)."""
    from articles.queries import PAGE_SIZE

    now = timezone.now()
    sky, other = make_source("سكاي نيوز عربية"), make_source("وكالة أخرى")
    for i in range(3):  # headline matches, older than every body match
        make_article(f"بوتين يلتقي الوفد {i}", source=sky, published_at=now - timedelta(days=3, hours=i))
    for i in range(PAGE_SIZE + 2):
        at = now - timedelta(hours=i)
        make_article(f"خبر الطاقة {i}", body="قال بوتين كلمة.", source=sky, published_at=at)
    make_article("بوتين في موسكو", source=other, published_at=now)  # another source: filtered out

    first = _get(client, q="بوتين", source=sky.slug).content.decode()
    second = _get(client, q="بوتين", source=sky.slug, page=2).content.decode()
    shown = _card_headlines(first) + _card_headlines(second)
    assert shown[:3] == [f"بوتين يلتقي الوفد {i}" for i in range(3)]
    assert shown[3:] == [f"خبر الطاقة {i}" for i in range(PAGE_SIZE + 2)]  # newest first
    assert len(_card_headlines(first)) == PAGE_SIZE
    assert f"{PAGE_SIZE + 5} خبراً لعبارة «بوتين» — الصفحة 1 من 2" in first  # not Moscow's
    assert "الصفحة 2 من 2" in second


def test_empty_result_suggests_what_to_try(client):
    make_article("بوتين يستقبل كيم")
    html = _get(client, q="كلمةغيرموجودة").content.decode()
    assert "لا توجد أخبار تطابق «كلمةغيرموجودة»" in html
    assert "تحقق من الإملاء" in html
    assert "كلمات أقل" in html
    assert "بوتين يستقبل كيم" not in html


def test_empty_result_with_filters_offers_to_search_everything(client):
    make_article("بوتين يستقبل كيم", tags=["روسيا"])
    tag = make_tag("كوريا الشمالية")
    make_article("خبر آخر", tags=[tag])
    html = _get(client, q="بوتين", tag=tag.slug).content.decode()
    assert "امسح عوامل التصفية" in html
    link = re.search(r'<a href="([^"]*)"[^>]*>[^<]*امسح عوامل التصفية', html).group(1)
    assert parse_qs(urlsplit(link.replace("&amp;", "&")).query) == {"q": ["بوتين"]}
    assert "<mark>بوتين</mark>" in _get(client, q="بوتين").content.decode()


def test_empty_query_is_the_plain_list(client):
    make_article("بوتين يستقبل كيم")
    html = _get(client, q="   ").content.decode()
    assert "بوتين يستقبل كيم" in html
    assert "<mark>" not in html


def _did_you_mean(html: str):
    """(the suggested query, the link's href, its hx-get) of the «هل تقصد» line, or None."""
    match = re.search(
        r'<p class="did-you-mean">هل تقصد: <a href="([^"]*)" data-hx-get="([^"]*)"[^>]*>'
        r"<bdi>([^<]*)</bdi></a>؟</p>",
        html,
    )
    if not match:
        assert "هل تقصد" not in html, "a «هل تقصد» line in an unexpected shape"
        return None
    href, hx_get, shown = match.groups()
    return shown, href.replace("&amp;", "&"), hx_get.replace("&amp;", "&")


def test_a_typo_is_corrected_and_offered_as_did_you_mean(client):
    story = make_article("افتتاح مستشفى جديد في الرياض", body="افتتح مستشفى جديد للأطفال.")
    make_article("خبر عن الطقس")
    html = _get(client, q="مستشفى جذيد").content.decode()
    assert story.get_absolute_url() in html  # the results are the corrected query's
    shown, href, hx_get = _did_you_mean(html)
    assert shown == "مستشفى جديد"  # the typed word with its one letter fixed, ى as typed
    assert parse_qs(urlsplit(href).query) == {"q": ["مستشفى جديد"]}
    assert hx_get == href
    # The corrected search finds the story as typed, and needs no correction.
    corrected = _get(client, q="مستشفى جديد").content.decode()
    assert story.get_absolute_url() in corrected
    assert _did_you_mean(corrected) is None


def test_did_you_mean_is_in_the_htmx_partial_and_keeps_the_filters(client):
    tag = make_tag("صحة")
    make_article("افتتاح مستشفى جديد في الرياض", tags=[tag])
    response = client.get(tag.get_absolute_url(), {"q": "مستشفي جذيد"}, **HTMX)
    html = response.content.decode()
    assert "<html" not in html
    shown, href, _ = _did_you_mean(html)
    assert shown == "مستشفي جديد"
    assert urlsplit(href).path == tag.get_absolute_url()
    assert parse_qs(urlsplit(href).query) == {"q": ["مستشفي جديد"]}
    # Cache-correct: a searched page follows the index, whose vocabulary every story changes.
    assert "search" in client.get(tag.get_absolute_url(), {"q": "مستشفي جذيد"})["xkey"].split()


def test_a_latin_name_is_offered_in_arabic_as_the_stories_write_it(client):
    story = make_article("الكرملين: لقاء قريب", tags=["فلاديمير بوتين"], body="قال بوتين إن اللقاء قريب.")
    html = _get(client, q="Putin").content.decode()
    assert story.get_absolute_url() in html
    shown, _, _ = _did_you_mean(html)
    assert shown == "بوتين"


def test_a_better_known_spelling_is_offered_without_changing_the_results(client):
    now = timezone.now()
    for i in range(20):
        make_article(f"ضابط رقم {i} في الميدان", published_at=now - timedelta(days=2, hours=i))
    rare = make_article("الظابط المتقاعد يروي قصته")
    html = _get(client, q="ظابط").content.decode()
    assert rare.get_absolute_url() in html
    assert "ضابط رقم" not in html  # what the reader typed is what was searched
    shown, _, _ = _did_you_mean(html)
    assert shown == "ضابط"


def test_exact_queries_get_no_did_you_mean(client):
    make_article("افتتاح مستشفى جديد في الرياض")
    for q in ("مستشفى جديد", "مستشفى جد", "كلمةغيرموجودة", "مستشفى"):
        assert _did_you_mean(_get(client, q=q).content.decode()) is None, q
        assert _did_you_mean(_get(client, htmx=True, q=q).content.decode()) is None, q


@pytest.mark.parametrize("q", ["ا" * 1000, '"', "«", "NOT (", "\u202e", "*", "' OR 1=1 --", "<script>"])
def test_odd_or_long_queries_never_fail(client, q):
    make_article("بوتين يستقبل كيم")
    assert _get(client, q=q).status_code == 200
    assert _get(client, htmx=True, q=q).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_live_search_in_a_real_browser(live_server):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI")
        pytest.skip("no /usr/bin/chromium on this machine (and not CI)")
    from playwright.sync_api import sync_playwright

    make_article("وزيرة خارجية أستراليا تزور سول")
    make_article("المنتخب الوطني يتأهل")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        try:
            page = browser.new_page()
            requests = []
            page.on("request", lambda r: requests.append(r.url) if "q=" in r.url else None)
            page.goto(live_server.url + reverse("articles:list"))
            page.locator("#id_q").press_sequentially("استرال", delay=40)
            page.wait_for_selector("#article-list mark")
            assert page.locator("#article-list mark").first.inner_text() == "أستراليا"
            assert "المنتخب الوطني" not in page.locator("#article-list").inner_text()
            # Debounced: typing six letters quickly sends far fewer than six requests.
            assert 1 <= len(requests) <= 3
            assert parse_qs(urlsplit(page.url).query) == {"q": ["استرال"]}
            # The box keeps focus and its text while the list is swapped.
            assert page.evaluate("document.activeElement.id") == "id_q"
            page.go_back()
            page.wait_for_function("!location.search")
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_did_you_mean_in_a_real_browser(live_server):
    """Typed with a typo, the live search shows «هل تقصد» as a link; following it (HTMX)
    searches the corrected words, pushes their URL and shows no suggestion any more."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI")
        pytest.skip("no /usr/bin/chromium on this machine (and not CI)")
    from playwright.sync_api import sync_playwright

    make_article("افتتاح مستشفى جديد في الرياض")
    make_article("المنتخب الوطني يتأهل")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(live_server.url + reverse("articles:list"))
            page.locator("#id_q").press_sequentially("مستشفى جذيد", delay=30)
            link = page.locator("#article-list .did-you-mean a")
            link.wait_for()
            assert link.inner_text() == "مستشفى جديد"
            line = page.locator("#article-list .did-you-mean")
            assert line.evaluate("e => getComputedStyle(e).direction") == "rtl"
            assert "افتتاح مستشفى جديد" in page.locator("#article-list").inner_text()
            link.click()
            page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q") == ["مستشفى جديد"])
            page.locator("#article-list .did-you-mean").wait_for(state="detached")
            assert "افتتاح مستشفى جديد" in page.locator("#article-list").inner_text()
        finally:
            browser.close()
