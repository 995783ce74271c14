"""Every public URL of the site, found from the URL resolver rather than listed by hand.

The bad-input, CSP and XSS tests run over `public_patterns()`: a page added later is
covered without touching them. Each pattern's arguments (story id, tag, source or
speaker slug…) are filled from a small corpus of real rows by trying the candidates
until the page answers 200 — so a new `<uslug:slug>` page gets the right kind of slug.
"""

import itertools
import re
from dataclasses import dataclass
from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from articles.models import Article, Author
from tests.factories import add_link, add_quote, make_article, make_section, make_source, make_tag

# Not public pages: the admin has its own tests; static files are served by whitenoise.
_SKIPPED_NAMESPACES = {"admin"}
_SKIPPED_PREFIXES = ("static/", "media/", "__debug__/")
# Not pages: a POST-only, CSRF-exempt beacon (no cookie, no input but the id), tested on its
# own in tests/test_most_read.py (CSRF, cookies, methods, bad ids, bots, floods).
_SKIPPED_NAMES = {"articles:read-beacon"}


@dataclass(frozen=True)
class PublicPattern:
    """One URL pattern: its reversible name, route text and argument names."""

    name: str
    route: str
    arguments: tuple[str, ...]
    int_arguments: frozenset[str]

    def __str__(self):
        return self.route or "/"


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in _SKIPPED_NAMESPACES:
                continue
            yield from _walk(entry.url_patterns, route, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            if route.startswith(_SKIPPED_PREFIXES) or not entry.name:
                continue
            if f"{namespace}{entry.name}" in _SKIPPED_NAMES:
                continue
            converters = getattr(entry.pattern, "converters", {})
            arguments = tuple(entry.pattern.regex.groupindex)
            ints = frozenset(
                name for name, conv in converters.items() if type(conv).__name__ == "IntConverter"
            )
            yield PublicPattern(f"{namespace}{entry.name}", route, arguments, ints)


def public_patterns() -> list[PublicPattern]:
    """Every named, non-admin URL pattern, each once (collection-time safe: no database)."""
    seen, found = set(), []
    for pattern in _walk(get_resolver().url_patterns):
        if pattern.name not in seen:
            seen.add(pattern.name)
            found.append(pattern)
    return found


@dataclass
class Corpus:
    """Real rows that give every kind of page something to show."""

    article: Article
    other: Article
    tag_slug: str
    source_slug: str
    speaker_slug: str
    author_slug: str = ""
    section_slug: str = ""

    def int_candidates(self):
        return [self.article.pk, self.other.pk]

    def slug_candidates(self):
        slugs = [
            *(self.article.slug, self.tag_slug, self.source_slug),
            *(self.speaker_slug, self.author_slug, self.section_slug),
        ]
        return [*(slug for slug in slugs if slug), "2026", "1"]


def make_corpus() -> Corpus:
    source = make_source("وكالة الأنباء الاختبارية")
    tag = make_tag("كوريا الشمالية")
    section = make_section("العالم", description="أخبار الدول والحكومات.")
    other = make_article(
        "خبر ثان عن المفاوضات",
        source=source,
        tags=[tag],
        published_at=timezone.now() - timedelta(days=2),
        is_live=True,  # live coverage: its page polls /news/<id>/live/<update id>/
    )
    from articles import services
    from articles.models import LiveUpdate

    update = LiveUpdate(article=other, text="تحديث أول من المفاوضات.", quote="نريد اتفاقاً", quote_by="وسيط")
    services.save_story(other, write_parts=update.save)
    article = make_article(
        "وزيرة خارجية أستراليا تزور سول",
        dek="زيارة رسمية تستغرق يومين.",
        body="فقرة أولى عن الزيارة.\n\nفقرة ثانية عن المحادثات.\n\nفقرة ثالثة.",
        source=source,
        section=section,
        tags=[tag, "أستراليا"],
        published_at=timezone.now() - timedelta(hours=1),
    )
    quote = add_quote(article, text="نريد علاقات أقوى", speaker="جولي بيشوب", role="وزيرة الخارجية")
    add_quote(article, text="تصريح مستقل طويل", speaker="جولي بيشوب", kind="block", position=1)
    add_link(article, title="خبر ثان عن المفاوضات", kind="read_also", target=other)
    add_link(article, title="رابط خارجي", kind="manual", url="https://example.com/a")
    author = Author.objects.create(name="مراسل الاختبار", role="مراسل")
    Article.objects.filter(pk__in=[article.pk, other.pk]).update(author=author)
    return Corpus(article, other, tag.slug, source.slug, quote.speaker_slug, author.slug, section.slug)


# Which candidate positions worked for a pattern, remembered across tests (rows differ
# per test, candidate kinds do not).
_chosen: dict[str, tuple[int, ...]] = {}


def _reverse(pattern: PublicPattern, kwargs: dict) -> str | None:
    try:
        return reverse(pattern.name, kwargs=kwargs)
    except Exception:
        return None


def url_for(pattern: PublicPattern, corpus: Corpus, client) -> str:
    """A URL for `pattern` whose page exists (200), or the best one found."""
    if not pattern.arguments:
        return reverse(pattern.name)
    pools = [
        corpus.int_candidates() if name in pattern.int_arguments or name in {"pk", "id"} else []
        for name in pattern.arguments
    ]
    pools = [pool or corpus.slug_candidates() for pool in pools]
    if pattern.name in _chosen:
        choice = _chosen[pattern.name]
        url = _reverse(
            pattern, {n: pools[i][c] for i, (n, c) in enumerate(zip(pattern.arguments, choice, strict=True))}
        )
        if url:
            return url
    fallback = None
    for choice in itertools.product(*[range(len(pool)) for pool in pools]):
        kwargs = {
            name: pools[i][c] for i, (name, c) in enumerate(zip(pattern.arguments, choice, strict=True))
        }
        url = _reverse(pattern, kwargs)
        if url is None:
            continue
        status = client.get(url).status_code
        if status == 200:
            _chosen[pattern.name] = choice
            return url
        if fallback is None or status < 400:
            fallback = url
    discovered = _discover(pattern, corpus, client)
    if discovered:
        return discovered
    assert fallback, f"no URL could be built for {pattern}"
    return fallback


_LINK = re.compile(r'(?:href|src|hx-get)="([^"]+)"|<loc>([^<]+)</loc>')


def _discover(pattern: PublicPattern, corpus: Corpus, client) -> str | None:
    """A URL of `pattern` that the site itself links to (for arguments no candidate fits,
    e.g. a sitemap section): follows the links of the home page, the story page and the
    sitemap index."""
    from html import unescape
    from urllib.parse import urlsplit

    from django.urls import Resolver404, resolve

    for page in ["/", corpus.article.get_absolute_url(), "/sitemap.xml"]:
        try:
            body = client.get(page).content.decode("utf-8", "replace")
        except Exception:  # noqa: S112 — a seed page that does not exist
            continue
        for match in _LINK.finditer(body):
            link = urlsplit(unescape(match.group(1) or match.group(2)))
            try:
                found = resolve(link.path)
            except Resolver404:
                continue
            if found.view_name == pattern.name and client.get(link.path).status_code == 200:
                return link.path
    return None


def url_kwargs(url: str) -> dict:
    """The resolved arguments of `url` (the test client's resolver_match sees latin-1)."""
    from urllib.parse import unquote, urlsplit

    from django.urls import resolve

    return resolve(unquote(urlsplit(url).path)).kwargs


def slug_argument(pattern: PublicPattern) -> str | None:
    """The pattern's last non-integer argument (where slug attacks go), if any."""
    names = [n for n in pattern.arguments if n not in pattern.int_arguments and n not in {"pk", "id"}]
    return names[-1] if names else None


def replace_segment(url: str, old: str, new: str) -> str:
    """`url` with the path segment `old` (as reversed, percent-encoded) replaced by `new`."""
    from urllib.parse import quote

    encoded = quote(old, safe="")
    segments = url.split("/")
    for i in range(len(segments) - 1, -1, -1):
        if segments[i] in (encoded, old):
            segments[i] = new
            return "/".join(segments)
    return re.sub(re.escape(encoded), new, url, count=1)
