"""The reader in real Chromium: HTMX filtering with and without JavaScript, history,
live search, and axe-core accessibility checks on the story, list and tag pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.related import update_similar
from tests.browser.conftest import axe_violations
from tests.factories import add_link, add_quote, make_article, make_section, make_source, make_tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    now = timezone.now()
    sky = make_source("سكاي نيوز عربية")
    korea = make_tag("كوريا الشمالية")
    sport = make_tag("رياضة")
    world = make_section("العالم", order=1, description="أخبار الدول والحكومات.")
    sports = make_section("رياضة", order=2)
    story = make_article(
        "بوتين وكيم يتبادلان البنادق في قمة الشرق الأقصى",
        dek="هدايا متبادلة في ختام القمة.",
        body="الفقرة الأولى عن القمة في موسكو.\n\nالفقرة الثانية.\n\nالفقرة الثالثة.",
        source=sky,
        tags=[korea],
        section=world,
        published_at=now - timedelta(hours=2),
    )
    add_quote(story, "أعطى كيم بندقية من إنتاجنا", "دميتري بيسكوف", "الناطق باسم الكرملين")
    add_quote(story, "سنخوض المعركة إلى جانب روسيا", "كيم جونغ أون", kind="block", position=1)
    add_link(story, "كواليس المفاوضات السرية بين موسكو والغرب", kind="similar")
    add_link(story, "عنوان داخل النص", kind="inline")
    make_article(
        "مباراة حاسمة في الدوري",
        tags=[sport],
        source=sky,
        section=sports,
        published_at=now - timedelta(hours=3),
    )
    for i in range(4):
        make_article(
            f"كوريا الشمالية تطلق صاروخاً {i}", tags=[korea], published_at=now - timedelta(days=1, hours=i)
        )
    update_similar([story.pk])
    return {"url": live_server.url, "story": story, "korea": korea, "sport": sport, "sports": sports}


def list_headlines(page):
    return page.locator("#article-list .story-card__title").all_inner_texts()


def wait_for_cards(page, n):
    # A function, not an expression string: strings would need eval, which our CSP forbids.
    page.wait_for_function(
        "(n) => document.querySelectorAll('#article-list .story-card').length === n", arg=n
    )


def new_page(browser, *, javascript=True, scheme="light"):
    context = browser.new_context(java_script_enabled=javascript, color_scheme=scheme, locale="ar")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    return page


def test_tag_cloud_click_swaps_the_list_in_place_and_back_restores(browser, site):
    page = new_page(browser)
    page.goto(site["url"] + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.__sameDocument = true")
    assert len(list_headlines(page)) == 6

    page.locator(".tag-cloud__tag", has_text="رياضة").click()
    page.wait_for_url(re.compile(r"/tag/"))
    wait_for_cards(page, 1)
    assert page.evaluate("window.__sameDocument") is True  # no full reload
    assert list_headlines(page) == ["مباراة حاسمة في الدوري"]
    assert page.locator("#result-count").inner_text().startswith("خبر واحد")
    assert page.locator("#id_tag").input_value() == site["sport"].slug

    page.go_back()
    page.wait_for_url(site["url"] + "/")
    wait_for_cards(page, 6)
    assert page.console_errors == []
    page.context.close()


def test_typing_in_search_updates_the_results(browser, site):
    page = new_page(browser)
    page.goto(site["url"] + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.__sameDocument = true")
    page.locator("#id_q").press_sequentially("مباراة", delay=30)
    wait_for_cards(page, 1)
    assert list_headlines(page) == ["مباراة حاسمة في الدوري"]
    page.wait_for_url(re.compile(r"\?q="))
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator(".chip", has_text="مباراة").count() == 1
    assert page.console_errors == []
    page.context.close()


def test_search_still_live_after_the_form_was_refreshed_by_a_cloud_click(browser, site):
    """A cloud click replaces the filter fields (out of band); typing must still search."""
    page = new_page(browser)
    page.goto(site["url"] + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator(".tag-cloud__tag", has_text="كوريا الشمالية").click()
    wait_for_cards(page, 5)
    page.locator("#id_q").press_sequentially("بوتين", delay=30)
    wait_for_cards(page, 1)
    assert list_headlines(page) == ["بوتين وكيم يتبادلان البنادق في قمة الشرق الأقصى"]
    assert "tag=" in page.url and "q=" in page.url
    assert page.console_errors == []
    page.context.close()


def test_filter_select_and_chip_removal_with_htmx(browser, site):
    page = new_page(browser)
    page.goto(site["url"] + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.select_option("#id_tag", site["korea"].slug)
    wait_for_cards(page, 5)
    page.wait_for_url(re.compile(r"\?tag="))
    page.locator(".chip__remove").first.click()
    wait_for_cards(page, 6)
    assert page.url == site["url"] + "/"
    page.context.close()


def test_same_flows_without_javascript(browser, site):
    page = new_page(browser, javascript=False)
    page.goto(site["url"] + "/")
    page.locator(".tag-cloud__tag", has_text="رياضة").click()
    page.wait_for_url(re.compile(r"/tag/"))
    assert list_headlines(page) == ["مباراة حاسمة في الدوري"]
    page.go_back()
    page.wait_for_url(site["url"] + "/")
    assert len(list_headlines(page)) == 6

    page.fill("#id_q", "مباراة")
    page.locator("#filter-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"q=%D9%85"))
    assert list_headlines(page) == ["مباراة حاسمة في الدوري"]

    page.goto(site["url"] + "/")
    page.select_option("#id_tag", site["korea"].slug)
    page.locator("#filter-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"tag="))
    assert len(list_headlines(page)) == 5
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser, site, axe_source, scheme):
    page = new_page(browser, scheme=scheme)
    urls = {
        "list": "/",
        "story": site["story"].get_absolute_url(),
        "tag": site["korea"].get_absolute_url(),
        "section": site["sports"].get_absolute_url(),
        "search": "/?q=" + "مباراة",
    }
    for name, path in urls.items():
        page.goto(site["url"] + path)
        page.evaluate("document.fonts.ready")
        violations = axe_violations(page, axe_source)
        assert violations == [], f"{name} ({scheme}): {violations}"
    assert page.console_errors == []
    page.context.close()


def test_story_page_renders_arabic_right_to_left(browser, site):
    page = new_page(browser)
    page.goto(site["url"] + site["story"].get_absolute_url())
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    faces = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const loaded = [...document.fonts].filter(f => f.status === "loaded");
            return loaded.map(f => f.family.replaceAll('"', ""));
        }"""
    )
    assert {"Newsroom Naskh", "Newsroom Kufi"} <= set(faces)  # self-hosted faces used, not fallbacks
    quote = page.locator(".story__body blockquote")
    assert quote.inner_text() == "سنخوض المعركة إلى جانب روسيا"
    assert page.locator(".story__body figure cite a").inner_text() == "كيم جونغ أون"
    assert page.console_errors == []
    page.context.close()
