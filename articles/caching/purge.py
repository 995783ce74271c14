"""What the write path calls after a change: purge the cached pages that show it.

`articles.services.refresh` calls `purge_changed` with the ids of what a write touched;
the pages carrying those surrogate keys (see `keys`) are purged from this app's cache
and from every Varnish in VARNISH_PURGE_HOSTS.

- `article_ids`: stories created, published, unpublished, deleted or moved in time.
  Purged: each story's key (its page and every page listing it), `stories` (the home
  list and the main feeds, whose membership or order may change) and `quotes` (speaker
  pages).
- `moved_ids`: as `article_ids`, from a writer that names quote changes itself
  (`quotes`): speaker pages are not purged for them.
- `edited_ids`: stories whose words changed and nothing else (still visible or still
  hidden, same time): each story's key only — the pages showing it, not every list.
- `quotes`: some story's quotes changed (speaker pages).
- `page_ids`: stories whose own page alone changed (the worker recomputed their similar
  stories). Purged: their page key (`p<pk>`), not the lists showing their cards.
- `reindexed_ids`: stories whose search entry was rewritten. Purged: `search` (the
  pages with a query), not the other lists (the write's own purge reached those).
- `tag_ids` / `source_ids` / `author_ids` / `section_ids`: labels renamed or merged,
  or whose list of stories changed (a story gained or lost the tag, or was published).
  Purged: their keys.
- `listed_tag_ids` / `listed_source_ids` / `listed_section_ids` / `listed_author_ids`: labels a story joined
  or left (or that gained or lost a visible story): their lists only (`lt<pk>`…), not
  the story pages showing their names.
- `cloud`: what the tag cloud shows changed (which tags, their sizes; services decides),
  or a tag in it was renamed.
- `menu`: the sections themselves changed (added, renamed, reordered, deleted).
- `breaking`: the «عاجل» bar was set, changed or ended.

Called inside a transaction, the local purge happens now (this process sees it) and
again at commit (a page rendered in between from the old data is discarded); the
shared caches are purged after commit, once.
"""

import time

from django.db import connection, transaction

from . import keys as surrogate
from . import schedule, store, varnish


def keys_for(
    article_ids=(),
    tag_ids=(),
    source_ids=(),
    author_ids=(),
    section_ids=(),
    page_ids=(),
    reindexed_ids=(),
    moved_ids=(),
    edited_ids=(),
    listed_tag_ids=(),
    listed_source_ids=(),
    listed_section_ids=(),
    listed_author_ids=(),
    quotes=False,
    cloud=False,
    menu=False,
    breaking=False,
) -> set[str]:
    keys = {surrogate.article(pk) for pk in article_ids if pk is not None}
    if keys:
        keys |= {surrogate.STORIES, surrogate.QUOTES}
    moved = {surrogate.article(pk) for pk in moved_ids if pk is not None}
    if moved:
        keys |= moved | {surrogate.STORIES}
    keys |= {surrogate.article(pk) for pk in edited_ids if pk is not None}
    keys |= {surrogate.tag(pk) for pk in tag_ids if pk is not None}
    keys |= {surrogate.source(pk) for pk in source_ids if pk is not None}
    keys |= {surrogate.author(pk) for pk in author_ids if pk is not None}
    keys |= {surrogate.section(pk) for pk in section_ids if pk is not None}
    keys |= {surrogate.tag_list(pk) for pk in listed_tag_ids if pk is not None}
    keys |= {surrogate.source_list(pk) for pk in listed_source_ids if pk is not None}
    keys |= {surrogate.section_list(pk) for pk in listed_section_ids if pk is not None}
    keys |= {surrogate.author_list(pk) for pk in listed_author_ids if pk is not None}
    if keys:
        # Pages too big to name what they show (sitemaps) show it all the same.
        keys.add(surrogate.ANY_STORY)
    # A story page keeps its page key past MAX_KEYS (keys.of): no `anystory` for these.
    keys |= {surrogate.page(pk) for pk in page_ids if pk is not None}
    if any(pk is not None for pk in reindexed_ids):
        keys.add(surrogate.SEARCH)
    if quotes:
        keys.add(surrogate.QUOTES)
    if cloud:
        keys.add(surrogate.CLOUD)
    if menu:
        keys.add(surrogate.MENU)
    if breaking:
        keys.add(surrogate.BREAKING)
    return keys


def purge_keys(keys):
    """Purge pages carrying any of `keys`, here and in shared caches."""
    keys = set(keys)
    if not keys:
        return
    local = keys | {schedule.SCHEDULE_KEY}
    purges = store.purges_for(store.page_cache())
    purges.record(local, time.time())
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _after_commit(purges, local, keys))
    else:
        varnish.purge(keys)


def _after_commit(purges, local, keys):
    purges.record(local, time.time())
    varnish.purge(keys)


def purge_changed(**changed):
    """Purge every cached page showing one of these objects (the arguments of keys_for)."""
    purge_keys(keys_for(**changed))
