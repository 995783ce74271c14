"""Read side: what each page needs, fetched in a fixed number of queries.

Query budget (asserted in tests/test_queries.py): the story page runs at most six
queries and the list page at most five on a cold cache, whatever the number of
tags, quotes, links or results.
"""

import math
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection, models
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property

from . import search
from .forms import DateRange, ListFilters
from .links import slug_url
from .models import (
    Article,
    ArticleTag,
    BreakingNews,
    LiveUpdate,
    Quote,
    RelatedLink,
    Section,
    Source,
    Tag,
    TagStats,
)
from .text.normalize import normalize

PAGE_SIZE = 20
# A list counts its stories up to the next multiple of this many pages (BoundedPaginator).
COUNT_PAGES = 50
RELATED_LIMIT = 6
CLOUD_SIZE = 40
CLOUD_STEPS = 5
UPDATE_NOTICE_AFTER = timedelta(minutes=15)
# The cloud is one cheap query; the cache only spares pages that show it twice (the
# cloud and the navigation sections). Every process sees an edit within this time.
CLOUD_CACHE_SECONDS = 5
_CLOUD_KEY = "articles:tag-cloud:v3"
_SOURCES_KEY = "articles:source-choices:v1"


# ---------------------------------------------------------------- story page


def story_queryset():
    """Everything the story page shows, in a constant number of queries."""
    return Article.objects.select_related("source", "author", "section", "lead_image").prefetch_related(
        Prefetch(
            "tag_links", queryset=ArticleTag.objects.select_related("tag").order_by("-weight", "tag__name")
        ),
        Prefetch("quotes", queryset=Quote.objects.order_by("order", "id")),
        Prefetch(
            "related_links",
            queryset=RelatedLink.objects.select_related("target").order_by("order", "id"),
        ),
    )


@dataclass
class RelatedHeadline:
    """One line of "مقالات مشابهة" / "اقرأ أيضاً": an internal story, an external URL,
    or a headline only (shown as text: a story of ours with that headline would be `article`)."""

    title: str
    article: Article | None = None
    url: str = ""


@dataclass
class Story:
    article: Article
    # ("paragraph", text) | ("crosshead", text) | ("quote", Quote) | ("box", [links])
    body: list = field(default_factory=list)
    read_also: list[RelatedHeadline] = field(default_factory=list)
    related: list[RelatedHeadline] = field(default_factory=list)
    key_quotes: list[Quote] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    updated: datetime | None = None  # shown only when the story changed after publication
    live_updates: list = field(default_factory=list)  # a live-coverage story's, newest first


def get_story(pk: int, *, include_unpublished: bool = False) -> Story:
    """The story page's data: 4 queries for the story, 1 for computed similar stories."""
    qs = story_queryset() if include_unpublished else story_queryset().published()
    article = qs.filter(pk=pk).first()
    if article is None:
        raise Http404("لا يوجد خبر بهذا الرقم.")
    story = build_story(article)
    if article.is_live:  # one more query, for live coverage only
        story.live_updates = list(article.live_updates.order_by("-posted_at", "-id"))
    return story


def live_updates_after(article_id: int, after: int) -> int | None:
    """How many updates a live story gained since update `after` (None: no such live story)."""
    article = Article.objects.published().filter(pk=article_id, is_live=True).only("id").first()
    if article is None:
        return None
    return LiveUpdate.objects.filter(article_id=article_id, pk__gt=after).count()


def build_story(article: Article) -> Story:
    return story_from_parts(
        article,
        tags=[link.tag for link in article.tag_links.all()],
        quotes=list(article.quotes.all()),
        links=list(article.related_links.all()),
    )


def story_from_parts(article: Article, *, tags, quotes, links) -> Story:
    """The story page's data from an article and its parts, saved or not: the admin's live
    preview (articles/admin_preview.py) passes what the form holds."""
    story = Story(article=article, tags=tags)

    def headline(link) -> RelatedHeadline:
        target = link.target if link.target_id and link.target.is_visible else None
        return RelatedHeadline(
            title=link.title,
            article=target,
            url="" if target else link.url,
        )

    story.read_also = [headline(link) for link in links if link.kind == RelatedLink.Kind.READ_ALSO]
    curated = [
        headline(link) for link in links if link.kind in (RelatedLink.Kind.SIMILAR, RelatedLink.Kind.MANUAL)
    ]
    inline_box = [headline(link) for link in links if link.kind == RelatedLink.Kind.INLINE]
    story.related = curated[:RELATED_LIMIT] + similar_headlines(
        article, exclude={h.article.pk for h in curated if h.article}, limit=RELATED_LIMIT - len(curated)
    )
    story.body = _body_blocks(article.blocks, quotes, inline_box)
    if article.updated_at and article.updated_at - article.published_at > UPDATE_NOTICE_AFTER:
        story.updated = article.updated_at
    story.key_quotes = [q for q in quotes if q.kind == Quote.Kind.INLINE][:5] or quotes[:3]
    return story


def _body_blocks(paragraphs, quotes, inline_box):
    """Paragraphs and crossheads (Article.blocks) with block quotes in place (Quote.position =
    paragraphs before it) and the inline related-headlines box after the second paragraph."""
    by_position = {}
    for quote in quotes:
        if quote.kind == Quote.Kind.BLOCK:
            position = min(quote.position if quote.position is not None else len(paragraphs), len(paragraphs))
            by_position.setdefault(position, []).append(quote)
    box_at = min(2, len(paragraphs)) if inline_box else None
    blocks = []
    for index in range(len(paragraphs) + 1):
        blocks.extend(("quote", quote) for quote in by_position.get(index, []))
        if index == box_at:
            blocks.append(("box", inline_box))
        if index < len(paragraphs):
            blocks.append(paragraphs[index])
    return blocks


def similar_headlines(article: Article, *, exclude=(), limit=RELATED_LIMIT) -> list[RelatedHeadline]:
    """Computed similar stories (Article.similar_ids, filled by articles.related), one query."""
    ids = [pk for pk in (article.similar_ids or []) if pk not in exclude and pk != article.pk][:limit]
    if limit <= 0 or not ids:
        return []
    # Looked up by primary key, unordered, visibility checked here: with the default
    # ordering and the published() filter SQLite walks the feed index instead (19 ms
    # at 100,000 stories against 0.4 ms).
    found = {
        a.pk: a
        for a in reader_rows(
            Article.objects.filter(pk__in=ids)
            .order_by()
            .only("id", "headline", "slug", "published_at", "status")
        )
        if a.is_visible
    }
    return [RelatedHeadline(title=found[pk].headline, article=found[pk]) for pk in ids if pk in found]


# ---------------------------------------------------------------- story list


def reader_rows(queryset):
    """`queryset` with the fetch mode for reader pages' hand-kept column lists (.only()):
    a field a template reads but the list forgot raises in tests (DEFERRED_FETCH_MODE
    "raise", tests/settings.py) and, in production, costs one query for the whole page
    instead of one per row (Django's FETCH_PEERS)."""
    mode = models.FETCH_RAISE if settings.DEFERRED_FETCH_MODE == "raise" else models.FETCH_PEERS
    return queryset.fetch_mode(mode)


def list_queryset():
    """The story list: published, newest first, with what a list item shows."""
    return card_rows(Article.objects.published())


def card_rows(queryset):
    """`queryset` with what a list item shows."""
    return reader_rows(
        queryset.select_related("source", "section", "lead_image").only(
            *("id", "headline", "slug", "excerpt", "published_at"),
            *("source__name", "source__slug", "section__name", "section__slug"),
            *("lead_image__file", "lead_image__width", "lead_image__height", "lead_image__renditions"),
        )
    )


class BoundedPaginator(Paginator):
    """A Paginator that counts the stories only up to a bound, not all of them.

    `SELECT COUNT(*)` over every published story took 13 ms at 100,000 (the home list, a
    source's list, a date range), more than the rest of the page. The bound covers the
    asked page and the pages up to the next multiple of COUNT_PAGES; beyond it the page
    says «أكثر من …» (`more`), and a reader who goes that far gets the next bound.
    A count known without counting (a tag's, from TagStats) is set as `count`.
    """

    def __init__(self, object_list, per_page, number: int = 1):
        super().__init__(object_list, per_page)
        self.bound = (max(1, number) // COUNT_PAGES + 1) * COUNT_PAGES * per_page
        self._more = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: self.bound + 1].count()
        self._more = counted > self.bound
        return min(counted, self.bound)

    @property
    def more(self) -> bool:
        """Whether there are more stories than `count` (then also more pages than num_pages)."""
        self.count  # noqa: B018 (counting is what finds out)
        return self._more


class TagStories:
    """A tag's visible stories, newest first, for the Paginator to slice: the page's ids by
    the cheaper of two plans, then the page's rows by primary key.

    No one plan suits every tag, and neither database's planner knows which tag it is:
    walking every story newest first and probing the tag is instant for a tag on half
    the stories and scans all 100,000 for a tag on 500 (40-100 ms on SQLite); starting
    from the tag's links and sorting them is the reverse. The tag's count (TagStats)
    and the highest story id (an upper bound of the stories, one index probe) decide.
    """

    def __init__(self, tag: Tag, count: int, highest_id: int):
        self.tag, self.known, self.highest = tag, count, highest_id

    def count(self) -> int:
        return self.known

    def __len__(self) -> int:
        return self.known

    def __getitem__(self, window: slice) -> list[Article]:
        """One query either way."""
        offset, limit = window.start or 0, window.stop - (window.start or 0)
        now = timezone.now()
        walked = (offset + limit) * self.highest / max(1, self.known)  # rows read newest first
        if walked <= self.known:
            tagged = ArticleTag.objects.filter(article=OuterRef("pk"), tag=self.tag)
            return list(list_queryset().filter(Exists(tagged))[offset : offset + limit])
        # CROSS JOIN: SQLite keeps this join order (the links first); to PostgreSQL it is
        # an inner join like any other. The visibility rule is Article.visible_q's.
        at = connection.ops.adapt_datetimefield_value(now)
        page_ids = RawSQL(
            "SELECT a.id FROM articles_articletag t CROSS JOIN articles_article a "
            "WHERE a.id = t.article_id AND t.tag_id = %s AND a.status = %s AND a.published_at <= %s "
            "ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s",
            [self.tag.pk, Article.Status.PUBLISHED, at, limit, offset],
        )
        # Unordered and unfiltered (the ids are the page): else SQLite walks the feed index.
        rows = list(card_rows(Article.objects.filter(pk__in=page_ids)).order_by())
        return sorted(rows, key=lambda a: (a.published_at, a.pk), reverse=True)


def _tag_count_and_highest_id(tag: Tag) -> tuple[int | None, int]:
    """The tag's visible stories (TagStats; None when not counted yet) and the highest
    story id, an upper bound of all stories, in one query."""
    highest = Article.objects.order_by("-pk").values("pk")[:1]
    row = TagStats.objects.filter(tag=tag).values_list("stories", Subquery(highest)).first()
    return row if row is not None else (None, 0)


@dataclass
class Listing:
    filters: ListFilters
    page: Page
    tag: Tag | None = None
    source: Source | None = None
    section: Section | None = None
    suggestion: str = ""  # «هل تقصد»: the query as the reader likely meant it


def apply_search(queryset, q: str):
    """(`queryset` restricted to the stories matching `q`, best match first; the «هل تقصد»
    suggestion, "" when none).

    The only place the list talks to articles.search: ranking comes back as an ordered
    id list, the suggestion as a query string.
    """
    results = search.search(q)
    ids = results.ids
    best = None
    if results.corrections and ids:  # the best story settles which correction it is about
        best = Article.objects.only("headline", "dek", "body").filter(pk=ids[0]).first()
    suggested = search.suggestion(q, results, best)
    if not ids:
        return queryset.none(), suggested
    return SearchStories(queryset, ids), suggested


class SearchStories:
    """The stories of `queryset` (the list's filters) among the ranked `ids`, best first,
    for the Paginator to slice.

    Ordering the rows by the ranking in SQL took a CASE with one WHEN per id (up to
    1,000), which the ORM compiled twice, for the count and for the page: 90 ms of a
    search page. Instead the ids that pass the filters come back in one query, their
    number is the count, and the page's rows are fetched by primary key and put in
    rank order here.
    """

    def __init__(self, queryset, ids: list[int]):
        self.queryset, self.ids = queryset, ids

    @cached_property
    def matching(self) -> list[int]:
        passing = set(self.queryset.filter(pk__in=self.ids).order_by().values_list("pk", flat=True))
        return [pk for pk in self.ids if pk in passing]

    def count(self) -> int:
        return len(self.matching)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Article]:
        page_ids = self.matching[window]
        # defer(None): the result snippet comes from the dek or body, not the stored excerpt.
        rows = self.queryset.filter(pk__in=page_ids).order_by().defer(None).in_bulk()
        return [rows[pk] for pk in page_ids if pk in rows]


def date_range_start(value: str, now=None):
    now = now or timezone.now()
    if value == DateRange.TODAY:
        return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if value == DateRange.WEEK:
        return now - timedelta(days=7)
    if value == DateRange.MONTH:
        return now - timedelta(days=30)
    return None


def story_list(
    filters: ListFilters,
    *,
    tag: Tag | None = None,
    source: Source | None = None,
    section: Section | None = None,
) -> Listing:
    """The filtered, paginated story list. A tag, source or section given by slug that
    does not exist is ignored (a stale shared link still shows stories, not an error)."""
    qs = list_queryset()
    if tag is None and filters.tag:
        tag = Tag.objects.filter(slug=filters.tag).first()
    if source is None and filters.source:
        source = Source.objects.filter(slug=filters.source).first()
    if section is None and filters.section:
        section = Section.objects.filter(slug=filters.section).first()
    plain_tag_page = tag is not None and not (source or section or filters.range or filters.q)
    if tag is not None and not plain_tag_page:
        qs = qs.filter(tag_links__tag=tag)
    if source is not None:
        qs = qs.filter(source=source)
    if section is not None:
        qs = qs.filter(section=section)
    start = date_range_start(filters.range)
    if start is not None:
        qs = qs.filter(published_at__gte=start)
    suggested = ""
    if filters.q:
        qs, suggested = apply_search(qs, filters.q)
    filters = ListFilters(
        q=filters.q,
        tag=tag.slug if tag else "",
        source=source.slug if source else "",
        section=section.slug if section else "",
        range=filters.range,
        page=filters.page,
    )
    known, highest = _tag_count_and_highest_id(tag) if plain_tag_page else (None, 0)
    if isinstance(qs, SearchStories):
        paginator = BoundedPaginator(qs, PAGE_SIZE, filters.page)
        paginator.count = qs.count()  # at most search's limit: counted exactly
    elif known is not None:
        # The tag page's count is kept by the write path: no COUNT(*) over its stories.
        paginator = BoundedPaginator(TagStories(tag, known, highest), PAGE_SIZE, filters.page)
        paginator.count = known  # Paginator.count is a cached_property: this is its value
    else:
        if plain_tag_page:
            qs = qs.filter(tag_links__tag=tag)
        paginator = BoundedPaginator(qs, PAGE_SIZE, filters.page)
    if filters.page > 1 and filters.page > paginator.num_pages:
        raise Http404("لا توجد صفحة بهذا الرقم.")
    return Listing(
        filters=filters,
        page=paginator.get_page(filters.page),
        tag=tag,
        source=source,
        section=section,
        suggestion=suggested,
    )


# ---------------------------------------------------------------- speaker page


def speaker_quotes(slug: str):
    """What one speaker said in published stories, newest first (one query per page)."""
    return reader_rows(
        Quote.objects.filter(speaker_slug=slug, article__in=Article.objects.published())
        .select_related("article")
        .only(
            "id",
            "text",
            "speaker_name",
            "speaker_role",
            "kind",
            "article__id",
            "article__headline",
            "article__slug",
            "article__published_at",
        )
        .order_by("-article__published_at", "-article_id", "order")
    )


# ---------------------------------------------------------------- site-wide, cached


@dataclass(frozen=True)
class CloudTag:
    name: str
    slug: str
    count: int
    step: int  # 1..CLOUD_STEPS, log scale of the summed weight

    @property
    def url(self) -> str:
        return slug_url(Tag.URL_NAME, self.slug)


def tag_cloud() -> list[CloudTag]:
    """The ≈40 most used tags of visible stories, alphabetical, sized in five steps.

    One indexed query on TagStats (kept by the write path, articles/services.py): it
    costs the same at 100 or 100,000 stories; it is cached for a few seconds, and not
    past a purge of the pages showing it (`cloud`: what it shows changed), so a page
    rendered after that purge never shows the cloud from before.
    """
    from .caching import keys, store

    found = cache.get(_CLOUD_KEY)
    if found is not None:
        cloud, computed_at = found
        if store.purges_for(store.page_cache()).last_purge((keys.CLOUD,)) < computed_at:
            return cloud
    computed_at = time.time()
    cloud = _compute_tag_cloud()
    cache.set(_CLOUD_KEY, (cloud, computed_at), CLOUD_CACHE_SECONDS)
    return cloud


def cloud_shown() -> tuple:
    """What the cloud's HTML is made of — each tag's name, link and size, no counts — read
    now from TagStats (the write path compares it before and after a change of counts)."""
    return tuple((t.name, t.slug, t.step) for t in _compute_tag_cloud())


def _compute_tag_cloud() -> list[CloudTag]:
    rows = list(
        TagStats.objects.filter(stories__gt=0)
        .order_by("-stories", "-weight", "tag__name")
        .values_list("tag__name", "tag__slug", "stories", "weight")[:CLOUD_SIZE]
    )
    if not rows:
        return []
    low = math.log(max(1, min(r[3] for r in rows)))
    high = math.log(max(1, max(r[3] for r in rows)))
    span = high - low

    def step(weight):
        if span == 0:
            return 3
        return 1 + min(CLOUD_STEPS - 1, int((math.log(max(1, weight)) - low) / span * CLOUD_STEPS))

    cloud = [CloudTag(name, slug, stories, step(weight)) for name, slug, stories, weight in rows]
    return sorted(cloud, key=lambda t: normalize(t.name))


@dataclass(frozen=True)
class NavSection:
    pk: int
    name: str
    slug: str

    @property
    def url(self) -> str:
        return slug_url(Section.URL_NAME, self.slug)


_MENU_KEY = "articles:sections-menu:v1"
MENU_CACHE_SECONDS = 3600


def sections() -> list[NavSection]:
    """The sections menu, in the editors' order: one small query, then cached until a
    section edit (articles/services.py purges the `menu` key). The cached copy is valid
    while no `menu` purge is newer than it, so every process sees an edit at once —
    the purge records are shared (articles/caching/store.py), the cache need not be."""
    from .caching import keys
    from .caching.store import page_cache, purges_for

    purges = purges_for(page_cache())  # where the write path records its purges
    found = cache.get(_MENU_KEY)
    if found is not None and purges.last_purge([keys.MENU]) < found[0]:
        return found[1]
    started = time.time()
    return _remember_menu(started, Section.objects.order_by("order", "name").only("id", "name", "slug"))


def _remember_menu(started: float, rows) -> list[NavSection]:
    """Cache the menu read at `started` (before the query: an edit committing meanwhile
    purges after it, so the copy counts as stale)."""
    menu = [NavSection(row.pk, row.name, row.slug) for row in rows]
    cache.set(_MENU_KEY, (started, menu), MENU_CACHE_SECONDS)
    return menu


_BREAKING_KEY = "articles:breaking:v1"


def breaking_bar() -> BreakingNews | None:
    """The live «عاجل» bar, or None: one query, then cached until it (or the next one)
    starts or expires, or an editor changes it (a `breaking` purge newer than the copy)."""
    from .caching import keys
    from .caching.store import page_cache, purges_for

    now = time.time()
    found = cache.get(_BREAKING_KEY)
    if found is not None:
        computed_at, valid_until, bar = found
        if now < valid_until and purges_for(page_cache()).last_purge([keys.BREAKING]) < computed_at:
            return bar
    moment = timezone.now()
    # Bars not yet expired are a handful: one query gives the live one and the next change.
    pending = list(
        BreakingNews.objects.filter(expires_at__gt=moment)
        .select_related("article")
        .only(
            *("id", "text", "starts_at", "expires_at"),
            *("article__id", "article__slug", "article__status", "article__published_at"),
        )
        .order_by("-starts_at", "-id")[:50]
    )
    bar = next((b for b in pending if b.starts_at <= moment), None)
    if bar is not None and bar.article_id and not bar.article.is_visible:
        bar.article = None  # a draft or withdrawn story is no link for readers
    changes = [b.expires_at.timestamp() for b in pending] + [
        b.starts_at.timestamp() for b in pending if b.starts_at > moment
    ]
    valid_until = min(changes, default=math.inf)
    cache.set(_BREAKING_KEY, (now, valid_until, bar), max(1, int(min(3600, valid_until - now)) + 1))
    return bar


# ---------------------------------------------------------------- front page

SECTION_BLOCK_SIZE = 4


@dataclass
class SectionBlock:
    section: Section
    stories: list[Article]


def section_blocks(*, exclude=(), size: int = SECTION_BLOCK_SIZE) -> list[SectionBlock]:
    """The newest visible stories of each section, in section order: two queries
    whatever the number of stories or sections. The first reads each section's top ids
    with `size` correlated probes of the section index (an index seek each, LIMIT 1
    OFFSET n), the second fetches those stories by primary key."""
    now = timezone.now()
    newest = (
        Article.objects.filter(Article.visible_q(now=now), section=OuterRef("pk"))
        .exclude(pk__in=list(exclude))
        .order_by("-published_at", "-id")
        .values("pk")
    )
    slots = {f"top{n}": Subquery(newest[n : n + 1]) for n in range(size)}
    started = time.time()
    rows = list(Section.objects.order_by("order", "name").annotate(**slots))
    _remember_menu(started, rows)  # the same rows the menu shows: its query is spared
    ids = [getattr(row, f"top{n}") for row in rows for n in range(size)]
    found = {a.pk: a for a in list_queryset().filter(pk__in=[pk for pk in ids if pk]).order_by()}
    blocks = []
    for row in rows:
        stories = [found[pk] for n in range(size) if (pk := getattr(row, f"top{n}")) in found]
        if stories:
            blocks.append(SectionBlock(section=row, stories=stories))
    return blocks


def source_choices() -> list[tuple[str, str]]:
    """(slug, name) of every source with a visible story, for the filter bar: one probe
    of the source index per source (sources are few). Cached as briefly as the cloud:
    building the query cost more than running it (2 ms a page at 100,000 stories)."""
    choices = cache.get(_SOURCES_KEY)
    if choices is None:
        visible = Article.objects.published().filter(source=OuterRef("pk"))
        choices = list(Source.objects.filter(Exists(visible)).order_by("name").values_list("slug", "name"))
        cache.set(_SOURCES_KEY, choices, CLOUD_CACHE_SECONDS)
    return choices
