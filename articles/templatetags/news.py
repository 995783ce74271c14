"""Template helpers for the reader pages: Arabic dates, search highlighting, JSON-LD."""

import json
import re

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django_htmx.jinja import htmx_script

from articles import queries, search
from articles.caching import keys
from articles.text import dates

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing inside the data can
# close the <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


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
    """'14 جمادى الآخرة 1448 هـ' (tabular calendar; templates mark it approximate)."""
    return dates.hijri_date(_local(value)) if value else ""


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
    """Navigation: the most used tags (cached with the tag cloud)."""
    request = context.get("request")
    if request is not None:
        keys.add(request, keys.CLOUD)
    return queries.sections()


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


@register.simple_tag
def absolute_url(path):
    return settings.SITE_URL + str(path)


@register.simple_tag
def json_ld(data):
    """<script type="application/ld+json"> with user text safely escaped."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag
def news_article_ld(article, tags=()):
    """schema.org NewsArticle for the story page's head."""
    url = settings.SITE_URL + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.excerpt,
        "inLanguage": "ar",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.published_at.isoformat(),
        "dateModified": max(article.updated_at, article.published_at).isoformat(),
        "publisher": {"@type": "Organization", "name": "نيوزروم", "url": settings.SITE_URL + "/"},
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


@register.filter
def story_count(value):
    """'25 خبراً' with Arabic number agreement."""
    return dates.story_count(int(value or 0))


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
