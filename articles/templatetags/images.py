"""Lead images in pages: <picture> with AVIF/WebP/JPEG srcsets, and the share image.

A story's picture appears only once its renditions exist for its current file
(`LeadImage.ready`): until then (the worker is drawing them, or a restore lacks the
files) the page shows none, never the heavy original.
"""

from django import template
from django.conf import settings
from django.core.files.storage import default_storage

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


def _srcset(entries) -> str:
    return ", ".join(f"{default_storage.url(name)} {width}w" for width, _, name in entries)


def absolute_media_url(name: str) -> str:
    """The stored file's absolute URL (an S3-style storage's is already absolute)."""
    url = default_storage.url(name)
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def picture_context(image, *, lead: bool, sizes: str = "", eager: bool | None = None) -> dict:
    made = image.renditions
    jpeg = made["jpeg"]
    # The 720-wide JPEG for browsers without srcset; its size gives the aspect ratio.
    fallback = next((entry for entry in jpeg if entry[0] >= 720), jpeg[-1])
    return {
        "sources": [
            {"type": MIME[kind], "srcset": _srcset(made[kind])} for kind in ("avif", "webp") if made.get(kind)
        ],
        "src": default_storage.url(fallback[2]),
        "srcset": _srcset(jpeg),
        "width": fallback[0],
        "height": fallback[1],
        "sizes": sizes or (LEAD_SIZES if lead else THUMB_SIZES),
        "alt": image.alt if lead else "",
        "eager": lead if eager is None else eager,
        "css_class": "lead-image__img" if lead else "story-card__thumb-img",
    }


@register.inclusion_tag("includes/_picture.html")
def lead_picture(image):
    """The story page's lead image: fetched first (fetchpriority), never lazy."""
    return picture_context(image, lead=True)


@register.inclusion_tag("includes/_picture.html")
def card_thumbnail(article, sizes=""):
    """A list card's thumbnail, or nothing; lazy, and decorative (alt=""): the card's
    headline beside it says what the story is."""
    image = ready_image(article)
    return picture_context(image, lead=False, sizes=sizes) if image else {"sources": None}


@register.inclusion_tag("includes/_picture.html")
def front_lead_picture(article):
    """The front page's lead story picture: the page's largest image, fetched first."""
    image = ready_image(article)
    return (
        picture_context(image, lead=False, sizes=FRONT_LEAD_SIZES, eager=True) if image else {"sources": None}
    )


@register.inclusion_tag("includes/_picture.html")
def section_block_picture(article):
    """The top story of a front-page section block: lazy (below the lead)."""
    image = ready_image(article)
    return picture_context(image, lead=False, sizes=BLOCK_SIZES) if image else {"sources": None}


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
