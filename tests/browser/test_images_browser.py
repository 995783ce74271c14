"""Lead images in real Chromium: the space is reserved before a byte of the picture
arrives (no layout shift), a 390 px phone picks a rendition within the 60 KB budget, the
thumbnails are lazy, and axe finds nothing on pages with pictures, light and dark."""

import functools
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from articles.images import renditions
from tests.browser.conftest import axe_violations
from tests.factories import add_lead_image, image_bytes, make_article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("renditions_drawn_once"),
]

PHONE = {"width": 390, "height": 844}


@functools.cache
def _grainy_photo() -> bytes:
    """A picture as hard to compress as a high-ISO news photograph (drawn once: the grain
    is not seeded, and the same bytes let `renditions_drawn_once` draw its renditions once)."""
    base = Image.open(io.BytesIO(image_bytes(2400, 1600, "JPEG", seed=5)))
    grain = Image.effect_noise(base.size, 60).convert("RGB")
    out = io.BytesIO()
    Image.blend(base, grain, 0.25).save(out, "JPEG", quality=92)
    return out.getvalue()


@pytest.fixture
def site(live_server):
    now = timezone.now()
    story = make_article(
        "قمة إقليمية تبحث أزمة المياه",
        dek="القادة يتفقون على لجنة مشتركة.",
        body="\n\n".join(f"الفقرة {n} من الخبر عن القمة وما دار فيها من نقاش طويل." for n in range(1, 9)),
        published_at=now - timedelta(minutes=20),
    )
    add_lead_image(
        story, alt="القادة في قاعة القمة", caption="جلسة الافتتاح", credit="رويترز", data=_grainy_photo()
    )
    for i in range(12):
        other = make_article(f"خبر مصوَّر رقم {i}", published_at=now - timedelta(hours=i + 1))
        if i % 2 == 0:
            add_lead_image(other, alt=f"صورة {i}", data=image_bytes(1300, 760, seed=i))
    return {"url": live_server.url, "story": story}


def _context(browser, **options):
    context = browser.new_context(locale="ar", **options)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    return page


def _lead_box(page):
    return page.evaluate(
        """() => { const r = document.querySelector('.lead-image img').getBoundingClientRect();
                   const body = document.querySelector('.story__body').getBoundingClientRect();
                   return [r.width, r.height, body.top]; }"""
    )


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 900}], ids=["phone", "desktop"])
def test_the_lead_image_takes_its_place_before_it_arrives(browser, site, viewport):
    url = site["url"] + site["story"].get_absolute_url()
    blocked = _context(browser, viewport=viewport)
    blocked.route("**/media/**", lambda route: route.abort())
    blocked.goto(url, wait_until="load")
    blocked.evaluate("document.fonts.ready")
    without = _lead_box(blocked)
    blocked.context.close()

    page = _context(browser, viewport=viewport)
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    page.wait_for_function("() => document.querySelector('.lead-image img').complete")
    loaded = _lead_box(page)
    image = site["story"].lead_image
    assert without[0] > 0 and without[1] > 0
    # The same box (and the text below it in the same place) with and without the picture.
    assert (
        abs(loaded[0] - without[0]) < 1
        and abs(loaded[1] - without[1]) < 1
        and abs(loaded[2] - without[2]) < 1
    )
    assert abs(loaded[1] - loaded[0] * image.height / image.width) < 2
    assert page.console_errors == []
    page.context.close()


@pytest.mark.parametrize("density", [2, 3])
def test_a_phone_fetches_a_lead_image_within_the_budget(browser, site, density):
    page = _context(browser, viewport=PHONE, device_scale_factor=density, is_mobile=True, has_touch=True)
    sizes = {}

    def record(response):
        if "/media/" in response.url:
            sizes[response.url] = len(response.body())

    page.on("response", record)
    page.goto(site["url"] + site["story"].get_absolute_url(), wait_until="load")
    page.wait_for_function("() => document.querySelector('.lead-image img').complete")
    chosen = page.evaluate("() => document.querySelector('.lead-image img').currentSrc")
    assert chosen in sizes, (chosen, sizes)
    assert ".avif" in chosen  # Chromium takes the first <source> it supports
    assert sizes[chosen] <= renditions.PHONE_BUDGET, (chosen, sizes[chosen])
    # The rendition matches the screen: at least as wide as the column in device pixels.
    column = page.evaluate("() => document.querySelector('.lead-image img').getBoundingClientRect().width")
    width = int(chosen.rsplit("x", 1)[0].rsplit("-", 1)[-1])
    assert column * density <= width < column * density * 1.6
    page.context.close()


def test_list_thumbnails_are_lazy_and_small(browser, site):
    page = _context(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True)
    fetched = []
    page.on("response", lambda response: "/media/" in response.url and fetched.append(response.url))
    page.goto(site["url"] + "/", wait_until="load")
    # Lazy thumbnails load when they near the viewport, which the load event does not wait
    # for (CI once read them all before any had a source): bring the first into view.
    page.evaluate("() => document.querySelector('.story-card__thumb img').scrollIntoView()")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.story-card__thumb img')].some(i => i.complete && i.currentSrc)"
    )
    cards = page.evaluate(
        "() => [...document.querySelectorAll('.story-card__thumb img')].map(i => [i.loading, i.currentSrc])"
    )
    assert cards and all(loading == "lazy" for loading, _ in cards)
    # The front page's lead picture is the one fetched eagerly, at the phone's width.
    lead = page.evaluate(
        "() => { const i = document.querySelector('.lead-story__picture img');"
        " return [i.loading, i.currentSrc]; }"
    )
    assert lead[0] == "auto" and "-720x" in lead[1]
    # Thumbnails are the small renditions (7rem at 2×: the 320 px one) — or, for the lead
    # story's own card, the lead picture when Chromium already holds it (same srcset). Which
    # of the two that card shows depends on whether the lead had arrived when its srcset was
    # read, so the downloads are checked by size: the lead, and nothing else over 320 px.
    loaded = [src for _, src in cards if src]
    assert loaded and all("-320x" in src or src == lead[1] for src in loaded), loaded
    assert lead[1] in fetched, fetched
    assert all("-320x" in src for src in fetched if src != lead[1]), fetched
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_pages_with_pictures(browser, site, axe_source, scheme):
    page = _context(browser, color_scheme=scheme)
    for path in (site["story"].get_absolute_url(), "/"):
        page.goto(site["url"] + path)
        page.evaluate("document.fonts.ready")
        assert axe_violations(page, axe_source) == [], (path, scheme)
    assert page.console_errors == []
    page.context.close()
