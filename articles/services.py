"""Every write to the newsroom's content, and everything that follows from it.

Writers — the admin, the importer, the demo generator, restore, tag and source merges —
call these functions; nothing hangs off model signals. Each operation:

1. cleans what it stores with the rules in articles/models.py (`clean_article`,
   `clean_quote`, `clean_link`): the same functions for one admin save and for a bulk
   batch of 2,000;
2. writes the story and its parts in one transaction;
3. keeps TagStats (visible stories per tag and their summed weight) in that same
   transaction (`_counting`), so the tag cloud and the tag page read counts, never count;
4. ends with one explicit `refresh(...)`: marks the stories for the worker (search
   entry, similar stories, the similar stories of their neighbours — articles/tasks.py)
   and purges the cached pages that show them.

What the request pays for is steps 1–3 and the marking; the rest runs in the worker.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from . import bulk
from .models import (
    Article,
    ArticleTag,
    BreakingNews,
    LeadImage,
    PendingRefresh,
    Quote,
    RelatedLink,
    Section,
    Source,
    Tag,
    TagStats,
    clean_article,
    clean_lead_image,
    clean_link,
    clean_quote,
    rendition_names,
)
from .text.normalize import clean_input, normalize

# No query carries more ids than SQLite accepts.
SLICE = 500

TagWeights = Iterable[tuple[Tag | int | str, int]]


# ---------------------------------------------------------------- one story


def save_story(
    article: Article,
    *,
    tags: TagWeights | None = None,
    quotes: list[Quote] | None = None,
    links: list[RelatedLink] | None = None,
    write_parts: Callable[[], None] | None = None,
) -> Article:
    """Create or update one story with its parts; returns it saved.

    `tags` ((tag, name or id, weight) pairs), `quotes` and `links` replace the story's
    current ones when given (in list order); None leaves them as they are.
    `write_parts` is for a caller that writes the parts itself after the story row (the
    admin's inline formsets): it runs inside the same transaction, before counting.
    """
    with transaction.atomic():
        # The section it leaves loses it from its page, as the one it joins gains it.
        sections = set(_sections_of([article.pk])) if article.pk else set()
        authors = set(_authors_of([article.pk])) if article.pk else set()
        quotes_before = _speaker_lines(article.pk)
        with _counting([article.pk] if article.pk else []) as counted:
            article.save()
            counted.add(article.pk)
            if tags is not None:
                _replace_tags(article, tags)
            if quotes is not None:
                _replace_ordered(article, Quote, quotes, clean_quote)
            if links is not None:
                _replace_ordered(article, RelatedLink, links, clean_link)
            if write_parts is not None:
                write_parts()
        _queue_renditions([article.pk])
        sources = _sources_joined_or_left(article, counted)
        sections = _joined_or_left(article, counted, sections, article.section_id)
        authors = _joined_or_left(article, counted, authors, article.author_id)
        tags = set(counted.tags)
        moved = _appeared_went_or_moved(article, counted)
        if moved:
            # Moved in time: its place changes in each list it is on.
            sources |= {article.source_id} - {None}
            sections |= {article.section_id} - {None}
            authors |= {article.author_id} - {None}
            tags |= set(ArticleTag.objects.filter(article=article).values_list("tag_id", flat=True))
        quotes_after = _speaker_lines(article.pk)
        refresh(
            moved_ids=[article.pk] if moved else [],
            edited_ids=[] if moved else [article.pk],
            listed_source_ids=sources,
            listed_tag_ids=tags,
            listed_section_ids=sections,
            listed_author_ids=authors,
            # Speaker pages list quotes by their story's time, visible stories only.
            quotes=quotes_after != quotes_before or (moved and bool(quotes_after)),
            cloud=counted.cloud_changed,
        )
    return article


def _appeared_went_or_moved(article: Article, counted: "_Counted") -> bool:
    """Whether the lists of all stories (home list, feeds) change beyond the story's card:
    it became visible or hidden, or, visible, moved in time. An edit of its words alone
    changes only the pages showing it, which carry its key."""
    if article.pk in counted.shown_changed:
        return True
    return article.pk in counted.visible and counted.published_before.get(article.pk) != article.published_at


def _speaker_lines(article_id) -> list:
    """What speaker pages show of a story's quotes (they list quotes, not stories)."""
    if article_id is None:
        return []
    return list(
        Quote.objects.filter(article_id=article_id)
        .order_by("pk")
        .values_list("pk", "speaker_slug", "speaker_name", "speaker_role", "text", "kind", "order")
    )


def _sources_joined_or_left(article: Article, counted: "_Counted") -> set:
    """The sources whose lists gain or lose the story (`ls<pk>`: the pages listing it
    already carry its key), when it moved to another or became visible or hidden."""
    before = counted.sources_before.get(article.pk)
    if article.pk in counted.shown_changed or before != article.source_id:
        return {before, article.source_id} - {None}
    return set()


def _joined_or_left(article: Article, counted: "_Counted", before: set, now) -> set:
    """The sections (or authors) whose pages gain or lose the story, `before` the ones it
    had and `now` its own (as for sources: the pages listing it already carry its key)."""
    if article.pk in counted.shown_changed or before != {now} - {None}:
        return (before | {now}) - {None}
    return set()


def publish(article_ids: Iterable[int], at=None) -> int:
    """Publish stories (at `at`, default now; a future time schedules them)."""
    ids = _ids(article_ids)
    with transaction.atomic():
        with _counting(ids) as counted:
            fields = {"status": Article.Status.PUBLISHED, "updated_at": timezone.now()}
            if at is not None:
                fields["published_at"] = at
            changed = Article.objects.filter(pk__in=ids).update(**fields)
        refresh(
            article_ids=ids,
            listed_source_ids=_sources_of(ids),
            listed_tag_ids=counted.tags,
            listed_section_ids=_sections_of(ids),
            listed_author_ids=_authors_of(ids),
            cloud=counted.cloud_changed,
        )
    return changed


def unpublish(article_ids: Iterable[int]) -> int:
    ids = _ids(article_ids)
    with transaction.atomic():
        with _counting(ids) as counted:
            changed = Article.objects.filter(pk__in=ids).update(
                status=Article.Status.DRAFT, updated_at=timezone.now()
            )
        refresh(
            article_ids=ids,
            listed_source_ids=_sources_of(ids),
            listed_tag_ids=counted.tags,
            listed_section_ids=_sections_of(ids),
            listed_author_ids=_authors_of(ids),
            cloud=counted.cloud_changed,
        )
    return changed


def delete_stories(article_ids: Iterable[int]) -> int:
    """Delete stories with their parts; their search entries and counts go with them."""
    ids = _ids(article_ids)
    with transaction.atomic():
        sources, sections, authors = _sources_of(ids), _sections_of(ids), _authors_of(ids)
        deleted = 0
        with _counting(ids) as counted:
            for chunk in _slices(ids):
                deleted += Article.objects.filter(pk__in=chunk).delete()[1].get(Article._meta.label, 0)
        refresh(
            article_ids=ids,
            listed_source_ids=sources,
            listed_tag_ids=counted.tags,
            listed_section_ids=sections,
            listed_author_ids=authors,
            cloud=counted.cloud_changed,
        )
    return deleted


# ---------------------------------------------------------------- many stories at once


@dataclass
class Draft:
    """A new story for `create_stories`: an unsaved Article and its parts.

    A link's `target` may be another draft's article (same batch): it is saved first.
    """

    article: Article
    tags: list[tuple[Tag | int | str, int]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    links: list[RelatedLink] = field(default_factory=list)
    # Its file already in storage; renditions made for that file are kept, else queued.
    image: LeadImage | None = None


def create_stories(drafts: list[Draft]) -> list[Article]:
    """Insert new stories in bulk (an import chunk, a generator batch); one transaction.

    The same cleaning as `save_story`, the same counting and one refresh for the batch.
    """
    if not drafts:
        return []
    with transaction.atomic():
        with _counting([]) as counted:
            articles = _insert(drafts)
            counted.update(a.pk for a in articles)
        _queue_renditions([d.article.pk for d in drafts if d.image is not None])
        sources = {a.source_id for a in articles}
        sections = {a.section_id for a in articles}
        refresh(
            article_ids=[a.pk for a in articles],
            listed_source_ids=sources,
            listed_tag_ids=counted.tags,
            listed_section_ids=sections,
            listed_author_ids={a.author_id for a in articles},
            cloud=counted.cloud_changed,
        )
    return articles


def _insert(drafts: list[Draft]) -> list[Article]:
    articles = [d.article for d in drafts]
    for article in articles:
        clean_article(article)
    # Ids back from RETURNING without the ORM compiling every value (articles/bulk.py).
    bulk.insert_returning_ids(Article, articles, batch_size=SLICE)
    nameless = [a for a in articles if not a.slug]
    for article in nameless:  # emoji-only headline: the id is the slug (as Article.save())
        article.slug = str(article.pk)
    if nameless:
        Article.objects.bulk_update(nameless, ["slug"], batch_size=SLICE)
    tag_ids = resolve_tags(name for d in drafts for name, _ in d.tags)
    tag_links, quotes, links = [], [], []
    for draft in drafts:
        weights: dict[int, int] = defaultdict(int)
        for tag, weight in draft.tags:
            weights[tag_ids[_tag_ref(tag)]] += weight
        tag_links += [
            ArticleTag(article=draft.article, tag_id=tag_id, weight=weight)
            for tag_id, weight in weights.items()
        ]
        for order, quote in enumerate(draft.quotes):
            quote.article, quote.order = draft.article, order
            clean_quote(quote)
            quotes.append(quote)
        for order, link in enumerate(draft.links):
            # A target from this batch has its id by now; bulk.insert copies it.
            link.article, link.order = draft.article, order
            clean_link(link)
            links.append(link)
    # The parts need no ids back: plain executemany (articles/bulk.py), cleaned above.
    bulk.insert(ArticleTag, tag_links)
    bulk.insert(Quote, quotes)
    bulk.insert(RelatedLink, links)
    images = []
    for draft in drafts:
        if draft.image is not None:
            draft.image.article = draft.article
            clean_lead_image(draft.image)
            images.append(draft.image)
    LeadImage.objects.bulk_create(images, batch_size=SLICE)
    return articles


# ---------------------------------------------------------------- lead images


def _queue_renditions(article_ids) -> None:
    """Queue `make_renditions` for the stories whose lead image has none for its file
    (a new upload, a replaced one). Encoding takes a second or more per image: never in
    the editor's request."""
    from . import tasks

    waiting = [
        pk
        for pk, name, made in LeadImage.objects.filter(article_id__in=_ids(article_ids)).values_list(
            "article_id", "file", "renditions"
        )
        if (made or {}).get("source") != name
    ]
    for pk in waiting:
        tasks.enqueue_renditions(pk)


def make_renditions(article_id: int) -> bool:
    """Draw the renditions of a story's lead image into storage and record them; purges
    the pages showing it. Returns False when there was nothing to do (no image, already
    made, or replaced meanwhile: the newer file has its own task)."""

    image = LeadImage.objects.filter(article_id=article_id).first()
    if image is None or image.ready:
        return False
    name = image.file.name
    made = store_renditions(name)
    with transaction.atomic():
        # Only if the file is still the one drawn (an editor may have replaced it meanwhile).
        changed = LeadImage.objects.filter(article_id=article_id, file=name).update(renditions=made)
        if changed:
            _purge_picture(article_id)
    return bool(changed)


def store_renditions(name: str) -> dict:
    """Draw the renditions of the original stored at `name` and save them to storage;
    returns what `LeadImage.renditions` records. Writes no row (several stories may share
    one original: the demo's pool)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from .images import renditions as drawing

    with default_storage.open(name, "rb") as original:
        drawn = drawing.render(original)
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    made: dict = {"source": name}
    for item in drawn:
        # Named by content: a file never changes under its URL (cached as immutable).
        path = f"renditions/{stem}/{item.kind}-{item.width}x{item.height}-{item.digest}.{item.extension}"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(item.data))
        entry = [item.width, item.height, path]
        if item.kind == "share":
            made["share"] = entry
        else:
            made.setdefault(item.kind, []).append(entry)
    return made


def _purge_picture(article_id: int) -> None:
    """The pages showing a story's picture: its page and the lists with its card, all
    of which carry its key. (Not `stories`: no list's membership or order changed.)"""
    from .caching import keys
    from .caching.purge import purge_keys

    purge_keys({keys.article(article_id)})


def check_images() -> tuple[int, int]:
    """After a restore: each lead image whose renditions are not all in storage gets
    them again from its original; one whose original is missing too keeps its words
    and shows no picture (no broken image on the page) until the file is put back and
    this runs again. Returns (remade, missing)."""
    from django.core.files.storage import default_storage

    remade = missing = 0
    for image in LeadImage.objects.order_by("pk").iterator():
        names = rendition_names(image.renditions)
        if image.ready and names and all(default_storage.exists(n) for n in names):
            continue
        LeadImage.objects.filter(pk=image.pk).update(renditions={})
        if image.file.name and default_storage.exists(image.file.name):
            make_renditions(image.pk)
            remade += 1
        else:
            missing += 1
            _purge_picture(image.pk)
    return remade, missing


# ---------------------------------------------------------------- tags and sources


def get_or_create_tag(name: str) -> Tag:
    tag_id = resolve_tags([name])[_tag_ref(name)]
    return Tag.objects.get(pk=tag_id)


def get_or_create_source(name: str) -> Source | None:
    name = clean_input(name)[:200]
    key = normalize(name)
    if not key:
        return None
    source = Source.objects.filter(key=key).first()
    if source is None:
        source = Source(name=name)
        source.save()
    return source


def resolve_tags(refs: Iterable[Tag | int | str]) -> dict:
    """Tag ids for tags, ids or names (a name's tag is created when missing): ref → id,
    names keyed by their normalized key (see `_tag_ref`)."""
    found: dict = {}
    names: dict[str, str] = {}
    for ref in refs:
        if isinstance(ref, Tag):
            found[ref.pk] = ref.pk
        elif isinstance(ref, int):
            found[ref] = ref
        else:
            key = _tag_ref(ref)
            if key:
                names.setdefault(key, clean_input(ref)[:100])
    keys = list(names)
    for chunk in _slices(keys):
        found.update(Tag.objects.filter(key__in=chunk).values_list("key", "id"))
    for key in keys:
        if key not in found:
            tag = Tag(name=names[key])
            tag.save()
            found[key] = tag.pk
    return found


def save_tag(tag: Tag) -> Tag:
    """Create or rename a tag; a rename changes every page and search entry showing it."""
    with transaction.atomic():
        tag.save()
        refresh(article_ids=_stories_of_tags([tag.pk]), tag_ids=[tag.pk], cloud=True)
    return tag


def save_source(source: Source) -> Source:
    with transaction.atomic():
        source.save()
        refresh(article_ids=_stories_of_sources([source.pk]), source_ids=[source.pk])
    return source


def save_section(section: Section) -> Section:
    """Create, rename or reorder a section: the sections menu (every reader page) and the
    section's own page change; its stories' pages show its name as their kicker."""
    with transaction.atomic():
        section.save()
        # Every reader page carries the menu (`menu`): story kickers included.
        purge(section_ids=[section.pk], menu=True)
    return section


def delete_section(section: Section) -> None:
    """Its stories stay, without a section (SET_NULL)."""
    with transaction.atomic():
        section_id = section.pk
        section.delete()
        purge(section_ids=[section_id], menu=True)


def section_id_for(name: str, known: dict[str, int] | None = None) -> int | None:
    """The existing section whose normalized name is `name`'s (an imported page's
    `article:section`), or None: the importer never creates sections — editors do."""
    key = normalize(clean_input(name or ""))
    if not key:
        return None
    if known is not None:
        return known.get(key)
    return Section.objects.filter(key=key).values_list("pk", flat=True).first()


def save_breaking(bar: BreakingNews) -> BreakingNews:
    """Set or change the «عاجل» bar: every reader page shows it (key `breaking`), and the
    page cache learns its start and expiry through the purge (caching/schedule.py)."""
    with transaction.atomic():
        bar.save()
        purge(breaking=True)
    return bar


def end_breaking(bars) -> int:
    """End bars now (the admin's "end now"): they leave every page at once."""
    now = timezone.now()
    with transaction.atomic():
        ended = BreakingNews.objects.filter(pk__in=[b.pk for b in bars], expires_at__gt=now).update(
            expires_at=now
        )
        purge(breaking=True)
    return ended


def delete_breaking(bars) -> None:
    with transaction.atomic():
        BreakingNews.objects.filter(pk__in=[b.pk for b in bars]).delete()
        purge(breaking=True)


def delete_tag(tag: Tag) -> None:
    with transaction.atomic():
        ids = _stories_of_tags([tag.pk])
        with _counting(ids):
            tag_id = tag.pk
            tag.delete()
        refresh(article_ids=ids, tag_ids=[tag_id], cloud=True)


def delete_source(source: Source) -> None:
    with transaction.atomic():
        ids = _stories_of_sources([source.pk])
        source_id = source.pk
        source.delete()  # stories keep existing, without a source (SET_NULL)
        refresh(article_ids=ids, source_ids=[source_id])


def merge_tags(keep: Tag, merged: Iterable[Tag]) -> int:
    """Fold `merged` tags into `keep`: their stories get `keep` (weights added where a
    story had both), their slugs answer with a 301 to `keep`, then they are deleted.
    Returns the number of stories touched."""
    merged = [t for t in merged if t.pk != keep.pk]
    if not merged:
        return 0
    merged_ids = [t.pk for t in merged]
    with transaction.atomic():
        ids = _stories_of_tags(merged_ids)
        with _counting(ids):
            links = list(ArticleTag.objects.filter(tag_id__in=[keep.pk, *merged_ids], article_id__in=ids))
            weight_of: dict[int, int] = defaultdict(int)
            for link in links:
                weight_of[link.article_id] += link.weight
            ArticleTag.objects.filter(pk__in=[link.pk for link in links]).delete()
            ArticleTag.objects.bulk_create(
                [ArticleTag(article_id=a, tag_id=keep.pk, weight=w) for a, w in weight_of.items()],
                batch_size=SLICE,
            )
        _keep_old_slugs(Tag, merged, keep)
        Tag.objects.filter(pk__in=merged_ids).delete()
        refresh(article_ids=ids, tag_ids=[keep.pk, *merged_ids], cloud=True)
    return len(ids)


def merge_sources(keep: Source, merged: Iterable[Source]) -> int:
    """Fold `merged` sources into `keep`; their slugs answer with a 301 to `keep`."""
    merged = [s for s in merged if s.pk != keep.pk]
    if not merged:
        return 0
    merged_ids = [s.pk for s in merged]
    with transaction.atomic():
        ids = _stories_of_sources(merged_ids)
        Article.objects.filter(source_id__in=merged_ids).update(source=keep, updated_at=timezone.now())
        _keep_old_slugs(Source, merged, keep)
        Source.objects.filter(pk__in=merged_ids).delete()
        refresh(article_ids=ids, source_ids=[keep.pk, *merged_ids])
    return len(ids)


def _keep_old_slugs(model, merged, survivor):
    """The merged rows' slugs, and the old slugs that pointed at them, answer 301 to
    `survivor` (TagOldSlug / SourceOldSlug, read by the tag and source views)."""
    redirects = model.old_slugs.rel.related_model.objects
    redirects.filter(target__in=merged).update(target=survivor)
    slugs = [obj.slug for obj in merged]
    redirects.filter(old_slug__in=slugs).delete()
    redirects.bulk_create([redirects.model(old_slug=slug, target=survivor) for slug in slugs])


# ---------------------------------------------------------------- whole database


def recount_tags() -> None:
    """Rebuild TagStats and every story's `counted` flag from the stories (restore, a
    bulk SQL change). The write path keeps them true otherwise."""
    from django.db.models import Count, Sum

    now = timezone.now()
    with transaction.atomic():
        TagStats.objects.all().delete()
        Article.objects.filter(counted=True).update(counted=False)
        visible = Article.objects.published(now)
        visible.update(counted=True)
        rows = (
            ArticleTag.objects.filter(article__in=visible)
            .values("tag_id")
            .annotate(stories=Count("article_id"), weight=Sum("weight"))
        )
        TagStats.objects.bulk_create(
            [TagStats(tag_id=r["tag_id"], stories=r["stories"], weight=r["weight"]) for r in rows],
            batch_size=SLICE,
        )


def restore(path) -> int:
    """Load a backup into an empty database (articles/backup), then rebuild what is
    derived and not in the backup: counts now, the search index through the worker.
    Similar stories are in the backup as they were: restored, not recomputed."""
    from . import tasks
    from .backup import load

    stories = load(path)
    recount_tags()
    check_images()
    tasks.rebuild_search.enqueue()
    purge(article_ids=Article.objects.values_list("pk", flat=True))
    return stories


def count_newly_live(limit: int = SLICE) -> list[int]:
    """Count the scheduled stories whose time has come (the worker calls this; nothing
    writes when a story goes live). Returns their ids."""
    now = timezone.now()
    # The uncounted stories through their partial index, the status tested here: with
    # `status =` in the same WHERE, SQLite walked the feed index over every published
    # story instead (230 ms at 100,000, at the start of every worker batch).
    due = (
        Article.objects.filter(counted=False, published_at__lte=now)
        .order_by("published_at")
        .values_list("pk", "status")
    )
    live = (pk for pk, status in due.iterator(chunk_size=2000) if status == Article.Status.PUBLISHED)
    ids = list(islice(live, limit))
    if ids:
        with transaction.atomic():
            with _counting(ids) as counted:
                pass  # nothing to write: the clock made them visible
            refresh(
                article_ids=ids,
                listed_source_ids=_sources_of(ids),
                listed_tag_ids=counted.tags,
                listed_section_ids=_sections_of(ids),
                listed_author_ids=_authors_of(ids),
                cloud=counted.cloud_changed,
            )
    return ids


# ---------------------------------------------------------------- refresh


def refresh(
    article_ids=(),
    tag_ids=(),
    source_ids=(),
    author_ids=(),
    section_ids=(),
    moved_ids=(),
    edited_ids=(),
    listed_tag_ids=(),
    listed_source_ids=(),
    listed_section_ids=(),
    listed_author_ids=(),
    quotes=False,
    cloud=False,
    menu=False,
) -> None:
    """What follows a write, named in one place.

    - the stories are marked for the worker (PendingRefresh, in the caller's transaction):
      their search entries, their similar stories, and their neighbours' similar stories
      (so an older story gains a newer one) — articles/tasks.py;
    - the cached pages showing these objects are purged (after commit): for
      `article_ids` every list of all stories and speaker pages too (they appeared,
      went or moved), for `moved_ids` the lists and not the speakers (the caller says
      `quotes`), for `edited_ids` only the pages showing them (caching/purge.py);
    - scheduled stories get a task at their publication time that counts them.
    """
    ids = _ids([*article_ids, *moved_ids, *edited_ids])
    keys = {
        "article_ids": _ids(article_ids),
        "moved_ids": _ids(moved_ids),
        "edited_ids": _ids(edited_ids),
        "tag_ids": _ids(tag_ids),
        "source_ids": _ids(source_ids),
        "author_ids": _ids(author_ids),
        "section_ids": _ids(section_ids),
        "listed_tag_ids": _ids(listed_tag_ids),
        "listed_source_ids": _ids(listed_source_ids),
        "listed_section_ids": _ids(listed_section_ids),
        "listed_author_ids": _ids(listed_author_ids),
        "quotes": quotes,
        "cloud": cloud,
        "menu": menu,
    }
    if ids:
        for chunk in _slices(ids):
            PendingRefresh.objects.bulk_create(
                [PendingRefresh(article_id=pk, token=uuid.uuid4().hex) for pk in chunk],
                update_conflicts=True,
                unique_fields=["article_id"],
                update_fields=["token", "requested_at"],
            )
        from . import tasks

        tasks.enqueue_refresh()
        tasks.schedule_going_live(ids)
    purge(**keys)


def purge(**keys) -> None:
    """Purge cached pages showing these objects: here at once and again at commit,
    shared caches (Varnish) after commit (articles/caching/purge.py)."""
    from .caching.purge import purge_changed

    purge_changed(**keys)


# ---------------------------------------------------------------- counting


class _Counted(set):
    """The ids a write touched, gathered while it runs (new stories get ids late);
    after the block, `tags` holds the tags whose counts or weights changed (their
    pages and the tag cloud are what the purge must reach)."""

    tags: frozenset = frozenset()
    # Whether the tag cloud shows other tags or sizes after the write.
    cloud_changed: bool = False
    # The touched stories that became visible or hidden, and each one's source before.
    shown_changed: frozenset = frozenset()
    visible: frozenset = frozenset()
    sources_before: dict = {}
    published_before: dict = {}


@contextmanager
def _counting(article_ids):
    """Keep TagStats equal to the visible stories' tags across the write in the block.

    Before: the tag weights of the touched stories that are counted now. After: those of
    the touched stories visible now. The difference goes to TagStats, and each story's
    `counted` flag says whether it is in. Two queries and one UPDATE per distinct change.
    """
    counted = _Counted(pk for pk in article_ids if pk is not None)
    was_counted, counted.sources_before, counted.published_before = _lock_counted(counted)
    before = _contributions(was_counted)
    yield counted
    ids = _ids(counted)
    now = timezone.now()
    visible = set()
    for chunk in _slices(ids):
        visible.update(Article.objects.published(now).filter(pk__in=chunk).values_list("pk", flat=True))
    after = _contributions(visible)
    delta: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for contributions, sign in ((before, -1), (after, 1)):
        for weights in contributions.values():
            for tag_id, weight in weights.items():
                delta[tag_id][0] += sign
                delta[tag_id][1] += sign * weight
    counted.tags = frozenset(tag for tag, change in delta.items() if change != [0, 0])
    if counted.tags:
        # The cloud shows names and sizes, no counts: most changes leave it as it was, and
        # then the pages showing it (every HTML page) stay cached.
        from .queries import cloud_shown

        shown = cloud_shown()
        _apply(delta)
        counted.cloud_changed = cloud_shown() != shown
    counted.shown_changed = frozenset(pk for pk in ids if (pk in visible) != (pk in was_counted))
    counted.visible = frozenset(visible)
    for chunk in _slices(ids):
        now_in = [pk for pk in chunk if pk in visible]
        now_out = [pk for pk in chunk if pk not in visible]
        Article.objects.filter(pk__in=now_in, counted=False).update(counted=True)
        Article.objects.filter(pk__in=now_out, counted=True).update(counted=False)


def _lock_counted(ids) -> tuple[set[int], dict[int, int | None], dict]:
    """The stories among `ids` that are counted now, their rows locked (PostgreSQL) so
    that two writers (an editor, the worker counting a story that went live) cannot
    both count one story; and the source and publication time of each as they were."""
    found, sources, published = set(), {}, {}
    for chunk in _slices(_ids(ids)):
        rows = Article.objects.select_for_update().filter(pk__in=chunk).order_by("pk")
        for pk, counted, source_id, published_at in rows.values_list(
            "pk", "counted", "source_id", "published_at"
        ):
            sources[pk] = source_id
            published[pk] = published_at
            if counted:
                found.add(pk)
    return found, sources, published


def _contributions(ids) -> dict[int, dict[int, int]]:
    result: dict[int, dict[int, int]] = defaultdict(dict)
    for chunk in _slices(_ids(ids)):
        links = ArticleTag.objects.filter(article_id__in=chunk)
        for article_id, tag_id, weight in links.values_list("article_id", "tag_id", "weight"):
            result[article_id][tag_id] = weight
    return result


def _apply(delta: dict[int, list[int]]) -> None:
    changes = {tag: tuple(d) for tag, d in delta.items() if d != [0, 0]}
    if not changes:
        return
    existing = set(Tag.objects.filter(pk__in=list(changes)).values_list("pk", flat=True))
    changes = {tag: d for tag, d in changes.items() if tag in existing}
    TagStats.objects.bulk_create(
        [TagStats(tag_id=t) for t in changes], ignore_conflicts=True, batch_size=SLICE
    )
    # Never below zero: a link written around the write path (raw SQL, a script) was
    # never counted, and must not make its removal fail. recount_tags() repairs.
    # One statement for every tag (executemany), in tag order (one lock order).
    table = TagStats._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET "  # noqa: S608 (the model's own table name)
            "stories = CASE WHEN stories + %s < 0 THEN 0 ELSE stories + %s END, "
            "weight = CASE WHEN weight + %s < 0 THEN 0 ELSE weight + %s END WHERE tag_id = %s",
            [(stories, stories, weight, weight, tag) for tag, (stories, weight) in sorted(changes.items())],
        )


# ---------------------------------------------------------------- parts


def _replace_tags(article: Article, tags: TagWeights) -> None:
    pairs = list(tags)
    ids = resolve_tags(ref for ref, _ in pairs)
    weights: dict[int, int] = defaultdict(int)
    for ref, weight in pairs:
        weights[ids[_tag_ref(ref)]] += max(1, int(weight))
    current = {link.tag_id: link for link in ArticleTag.objects.filter(article=article)}
    ArticleTag.objects.filter(article=article).exclude(tag_id__in=list(weights)).delete()
    for tag_id, weight in weights.items():
        link = current.get(tag_id)
        if link is None:
            ArticleTag.objects.create(article=article, tag_id=tag_id, weight=weight)
        elif link.weight != weight:
            link.weight = weight
            link.save(update_fields=["weight"])


def _replace_ordered(article: Article, model, rows, clean) -> None:
    """Replace a story's quotes or links with `rows`, numbered in list order."""
    keep = [row.pk for row in rows if row.pk]
    model.objects.filter(article=article).exclude(pk__in=keep).delete()
    # Move the kept rows out of the way first: (article, order) is unique.
    model.objects.filter(pk__in=keep).update(order=F("id") + 1_000_000)
    for order, row in enumerate(rows):
        row.article, row.order = article, order
        clean(row)
        row.save()


def _tag_ref(ref):
    if isinstance(ref, Tag):
        return ref.pk
    if isinstance(ref, int):
        return ref
    return normalize(clean_input(ref)[:100])


# ---------------------------------------------------------------- helpers


def _stories_of_tags(tag_ids) -> list[int]:
    return sorted(set(ArticleTag.objects.filter(tag_id__in=tag_ids).values_list("article_id", flat=True)))


def _stories_of_sources(source_ids) -> list[int]:
    return list(Article.objects.filter(source_id__in=source_ids).values_list("pk", flat=True))


def _sections_of(ids) -> set[int]:
    return _column_of(ids, "section_id")


def _sources_of(ids) -> set[int]:
    return _column_of(ids, "source_id")


def _authors_of(ids) -> set[int]:
    return _column_of(ids, "author_id")


def _column_of(ids, column: str) -> set[int]:
    """The distinct non-null values of `column` over the stories `ids`."""
    found = set()
    for chunk in _slices(_ids(ids)):
        found.update(Article.objects.filter(pk__in=chunk).values_list(column, flat=True))
    found.discard(None)
    return found


def _ids(values) -> list[int]:
    return sorted({int(v) for v in values if v is not None})


def _slices(values):
    values = list(values)
    for start in range(0, len(values), SLICE):
        yield values[start : start + SLICE]
