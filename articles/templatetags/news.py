"""Template helpers for the reader pages: Arabic dates, search highlighting, JSON-LD."""

import json
import re

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_htmx.jinja import htmx_script

from articles import queries, search, sharing
from articles.caching import keys
from articles.templatetags.images import picture_html, ready_image
from articles.text import dates

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing inside the data can
# close the <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def iso_datetime(value):
    """'2026-11-25T14:05:09+03:00': a valid HTML datetime (at most three fraction digits;
    we show none), in the readers' time zone."""
    return _local(value).replace(microsecond=0).isoformat() if value else ""


@register.filter
def arabic_date(value):
    """'25 نوفمبر 2026'."""
    return dates.gregorian_date(_local(value)) if value else ""


@register.filter
def arabic_datetime(value):
    """'الأربعاء 25 نوفمبر 2026، 14:05'."""
    if not value:
        return ""
    value = _local(value)
    return f"{dates.weekday_name(value)} {dates.gregorian_date(value)}، {dates.clock_time(value)}"


@register.filter
def hijri_date(value):
    """'15 جمادى الآخرة 1448 هـ' (Umm al-Qura; see hijri_approximate for dates outside it)."""
    return dates.hijri_date(_local(value)) if value else ""


@register.filter
def hijri_approximate(value):
    """True where the Hijri date is the tabular calendar's (outside the Umm al-Qura table)."""
    return bool(value) and not dates.hijri_is_exact(_local(value))


@register.filter
def relative_time(value):
    return dates.relative_time(value, timezone.now()) if value else ""


@register.filter
def is_fresh(value):
    return bool(value) and dates.is_fresh(value, timezone.now())


@register.simple_tag
def today():
    return timezone.localtime()


@register.simple_tag(takes_context=True)
def sections(context):
    """Navigation: the editors' sections, in their order (articles.queries.sections)."""
    request = context.get("request")
    if request is not None:
        keys.add(request, keys.MENU)
    return queries.sections()


@register.simple_tag(takes_context=True)
def breaking_bar(context):
    """The live «عاجل» bar or None; every page names `breaking` (setting one purges all)."""
    request = context.get("request")
    if request is not None:
        keys.add(request, keys.BREAKING)
    return queries.breaking_bar()


@register.simple_tag(takes_context=True)
def most_read(context):
    """«الأكثر قراءة»: [(story, reads)] (articles/reads.py); the page names the stories it
    shows, so a headline edit purges it like any list."""
    from articles import reads

    box = reads.most_read()
    request = context.get("request")
    if request is not None:
        keys.add(request, *(keys.article(story.pk) for story, _ in box))
    return box


# The tag cloud's HTML by (cloud, in_list, language): the same for every page until the
# cloud changes (queries.tag_cloud), and 40 links of template cost 2.6 ms per page.
_CLOUD_HTML: dict = {}


@register.simple_tag
def tag_cloud_html(cloud, in_list=False):
    """includes/_tag_cloud.html for `cloud`, rendered once per cloud and reused."""
    key = (tuple(cloud), bool(in_list), get_language())
    html = _CLOUD_HTML.get(key)
    if html is None:
        html = render_to_string("includes/_tag_cloud.html", {"cloud": cloud, "in_list": in_list})
        if len(_CLOUD_HTML) >= 8:  # the old clouds: a few processes' worth, never more
            _CLOUD_HTML.clear()
        _CLOUD_HTML[key] = html
    return html


@register.simple_tag
def public_htmx_script():
    """django-htmx's <script> tags without a CSP nonce: reader pages are cacheable and
    carry no per-response secret; the scripts are files from 'self', which the policy
    allows. ({% htmx_script %} adds the nonce whenever the context holds one.)"""
    return htmx_script(nonce=None)


@register.filter
def highlight(text, query):
    """`text` escaped, with the words of `query` marked (articles.search decides how);
    without a query, Latin runs isolated as everywhere else."""
    return search.highlight(text, query) if query else isolate(text)


@register.filter
def snippet(text, query):
    return search.snippet(text, query) if query else isolate(text)


@register.filter
def story_snippet(article, query):
    """The passage of the dek or body where `query` matched, marked (search results)."""
    return search.story_snippet(article, query)


_CARD = (
    '<li class="story-card{}">\n'
    '  <h2 class="story-card__title"><a href="{}">{}</a></h2>\n'
    "  {}\n"
    '  <p class="meta">{}<time datetime="{}">{}</time></p>\n'
    "  {}\n"
    "</li>"
)


@register.simple_tag
def story_card(article, query=""):
    """One story of a list: its headline (the query's words marked), the passage that
    matched or its excerpt, source, time and thumbnail. Markup built here, not in an
    included template: a list page has 20-25 cards, and the include's template lookups
    cost about 0.5 ms a card, most of an uncached list page."""
    image = ready_image(article)
    if query:
        excerpt = format_html('<p class="story-card__excerpt">{}</p>', story_snippet(article, query))
    elif article.excerpt:
        excerpt = format_html('<p class="story-card__excerpt">{}</p>', isolate(article.excerpt))
    else:
        excerpt = ""
    source = article.source
    if source:
        source = format_html(
            '<a class="meta__source" href="{}">{}</a><span class="meta__sep" aria-hidden="true"> · </span>',
            source.get_absolute_url(),
            isolate(source.name),
        )
    thumbnail = ""
    if image:
        thumbnail = format_html('<div class="story-card__thumb">{}</div>', picture_html(image, lead=False))
    published = article.published_at
    return format_html(
        _CARD,
        " story-card--image" if image else "",
        article.get_absolute_url(),
        highlight(article.headline, query),
        excerpt,
        source or "",
        iso_datetime(published),
        relative_time(published) if is_fresh(published) else arabic_date(published),
        thumbnail,
    )


@register.simple_tag
def absolute_url(path):
    return settings.SITE_URL + str(path)


@register.simple_tag
def json_ld(data):
    """<script type="application/ld+json"> with user text safely escaped."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


# Raster brand images drawn by tools/brand_images.py: the publisher logo and the share
# image of a story without a lead image (search engines want an image for every story).
LOGO = ("images/logo.png", 600, 120)
DEFAULT_SHARE_IMAGE = ("images/og-default.png", 1200, 630)


@register.simple_tag
def default_share_image():
    path, width, height = DEFAULT_SHARE_IMAGE
    return {"url": settings.SITE_URL + static(path), "width": width, "height": height}


@register.simple_tag
def news_article_ld(article, tags=(), images=()):
    """schema.org NewsArticle for the story page's head. `images`: absolute URLs of the
    lead image's renditions, largest first (the default share image without one)."""
    url = settings.SITE_URL + article.get_absolute_url()
    logo_path, logo_width, logo_height = LOGO
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.excerpt,
        "inLanguage": "ar",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso_datetime(article.published_at),
        "dateModified": iso_datetime(max(article.updated_at, article.published_at)),
        "image": list(images) or [default_share_image()["url"]],
        "publisher": {
            "@type": "Organization",
            "name": "نيوزروم",
            "url": settings.SITE_URL + "/",
            "logo": {
                "@type": "ImageObject",
                "url": settings.SITE_URL + static(logo_path),
                "width": logo_width,
                "height": logo_height,
            },
        },
    }
    if article.byline:
        # The byline as printed may credit several reporters: "صالح عسكول، أحمد الليثى";
        # the one that is our author (Article.author, matched by normalized name) gets a url.
        from ..authors import byline_names
        from ..text.normalize import normalize

        author = article.author if article.author_id else None
        people = []
        for name in byline_names(article.byline):
            person = {"@type": "Person", "name": name}
            if author is not None and normalize(name) == author.key:
                person["url"] = settings.SITE_URL + author.get_absolute_url()
            people.append(person)
        data["author"] = people
    elif article.author_id:
        author = article.author
        data["author"] = [
            {"@type": "Person", "name": author.name, "url": settings.SITE_URL + author.get_absolute_url()}
        ]
    elif article.source:
        data["author"] = {"@type": "Organization", "name": article.source.name}
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    return json_ld(data)


@register.simple_tag
def live_blog_ld(article, updates):
    """schema.org LiveBlogPosting beside the NewsArticle: the updates, newest first."""
    url = settings.SITE_URL + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": article.headline[:110],
        "url": url,
        "inLanguage": "ar",
        "coverageStartTime": iso_datetime(article.published_at),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": update.text[:110],
                "articleBody": update.text,
                "datePublished": iso_datetime(update.posted_at),
                "url": f"{url}#update-{update.pk}",
            }
            for update in updates
        ],
    }
    return json_ld(data)


@register.simple_tag
def share_links(url, headline):
    return sharing.share_links(url, headline)


@register.filter
def story_count(value):
    """'25 خبراً' with Arabic number agreement."""
    return dates.story_count(int(value or 0))


@register.filter
def story_total(paginator):
    """A list's count: '25 خبراً', or 'أكثر من 1000 خبر' past a BoundedPaginator's bound."""
    shown = dates.story_count(paginator.count)
    return _("أكثر من %(count)s") % {"count": shown} if getattr(paginator, "more", False) else shown


@register.filter
def page_total(paginator):
    """A list's number of pages: '12', or 'أكثر من 50' past a BoundedPaginator's bound."""
    shown = paginator.num_pages
    return _("أكثر من %(count)s") % {"count": shown} if getattr(paginator, "more", False) else shown


# A run of Latin letters (with digits, spaces and name punctuation inside it), e.g.
# "Sky News" or "iPhone 16": isolated so it cannot reorder the Arabic around it.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9&'’.\-]*(?:[ ]+[A-Za-z0-9][A-Za-z0-9&'’.\-]*)*")


@register.filter(needs_autoescape=False)
def isolate(text):
    """Escape `text` and wrap Latin runs in <bdi> (PRODUCT §3: Latin names isolated)."""
    text = str(text or "")
    parts, last = [], 0
    for match in _LATIN_RUN.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html("<bdi>{}</bdi>", match.group(0)))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece escaped above)
