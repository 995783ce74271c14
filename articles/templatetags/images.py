"""Lead images in pages: <picture> with AVIF/WebP/JPEG srcsets, and the share image.

A story's picture appears only once its renditions exist for its current file
(`LeadImage.ready`): until then (the worker is drawing them, or a restore lacks the
files) the page shows none, never the heavy original.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.images.renditions import MIME

register = template.Library()

# What the browser picks from: the story column (44rem beside the sidebar, the screen
# less its margins on a phone) and the card thumbnail (site.css, .story-card__thumb).
LEAD_SIZES = "(min-width: 64rem) 44rem, calc(100vw - 2rem)"
THUMB_SIZES = "(min-width: 48rem) 12rem, 7rem"
# The front page: its lead story's picture (beside the headline on a wide screen: 1.35 of
# 2.35 parts of the ≈54rem main column; the whole width on a phone), and the top story of
# each section block (a grid of ≥16rem columns; one column on a phone).
FRONT_LEAD_SIZES = "(min-width: 64rem) 31rem, calc(100vw - 2rem)"
BLOCK_SIZES = "(min-width: 64rem) 18rem, (min-width: 36rem) 45vw, calc(100vw - 2rem)"


@register.filter
def ready_image(article):
    """The article's lead image if pages may show it, else None (no row raises, hence getattr).
    A filter for the story cards: `article.lead_image.ready` in a template costs a dir() of
    the story on every card without a picture (the template's failed-lookup path)."""
    image = getattr(article, "lead_image", None)
    return image if image is not None and image.ready else None


@lru_cache(maxsize=50_000)
def media_url(name: str) -> str:
    """The stored file's URL, memoized: a card's picture names about 16 renditions, and
    the storage's url() (a urljoin each) was a sixth of a tag page's time. A rendition's
    name carries its content's digest and is never reused, so its URL changes only with
    the storage settings (cleared below when a test changes them)."""
    return default_storage.url(name)


@receiver(setting_changed)
def _forget_media_urls(*, setting, **kwargs):
    if setting in {"MEDIA_URL", "STORAGES"}:
        media_url.cache_clear()


def _srcset(entries) -> str:
    return ", ".join(f"{media_url(name)} {width}w" for width, _, name in entries)


def absolute_media_url(name: str) -> str:
    """The stored file's absolute URL (an S3-style storage's is already absolute)."""
    url = media_url(name)
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def picture_html(image, *, lead: bool, sizes: str = "", eager: bool | None = None):
    """<picture> with AVIF/WebP sources and a JPEG <img>, for a ready `image`.

    Markup built here rather than in a template: a list page draws one per card, and the
    template engine cost ~0.4 ms a picture (a card's whole budget)."""
    made = image.renditions
    jpeg = made["jpeg"]
    # The 720-wide JPEG for browsers without srcset; its size gives the aspect ratio.
    width, height, fallback = next((entry for entry in jpeg if entry[0] >= 720), jpeg[-1])
    sizes = sizes or (LEAD_SIZES if lead else THUMB_SIZES)
    eager = lead if eager is None else eager
    sources = [
        format_html('<source type="{}" srcset="{}" sizes="{}">', MIME[kind], _srcset(made[kind]), sizes)
        for kind in ("avif", "webp")
        if made.get(kind)
    ]
    loading = ' fetchpriority="high"' if eager else ' loading="lazy" decoding="async"'
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        + loading
        + ' class="{}"></picture>',
        mark_safe("".join(sources)),  # noqa: S308 (each one built by format_html)
        media_url(fallback),
        _srcset(jpeg),
        sizes,
        width,
        height,
        image.alt if lead else "",
        "lead-image__img" if lead else "story-card__thumb-img",
    )


@register.simple_tag
def lead_picture(image):
    """The story page's lead image: fetched first (fetchpriority), never lazy."""
    return picture_html(image, lead=True)


@register.simple_tag
def card_thumbnail(article, sizes=""):
    """A list card's thumbnail, or nothing; lazy, and decorative (alt=""): the card's
    headline beside it says what the story is."""
    image = ready_image(article)
    return picture_html(image, lead=False, sizes=sizes) if image else ""


@register.simple_tag
def front_lead_picture(article):
    """The front page's lead story picture: the page's largest image, fetched first."""
    image = ready_image(article)
    return picture_html(image, lead=False, sizes=FRONT_LEAD_SIZES, eager=True) if image else ""


@register.simple_tag
def section_block_picture(article):
    """The top story of a front-page section block: lazy (below the lead)."""
    image = ready_image(article)
    return picture_html(image, lead=False, sizes=BLOCK_SIZES) if image else ""


def share_picture(image) -> dict:
    """The ready image's 1200×630 share rendition (og:image, feeds): absolute URL, size, words."""
    width, height, name = image.renditions["share"]
    url = absolute_media_url(name)
    return {"url": url, "width": width, "height": height, "alt": image.alt, "credit": image.credit}


@register.simple_tag
def story_image(article):
    """The story's picture for the page: None, or the image with its share rendition and
    the absolute URLs JSON-LD lists (largest first)."""
    image = ready_image(article)
    if image is None:
        return None
    share = share_picture(image)
    largest = image.renditions["jpeg"][-1]
    return {
        "image": image,
        "share": share,
        "ld": [absolute_media_url(largest[2]), share["url"]],
    }
