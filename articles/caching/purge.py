"""What the write path calls after a change: purge the cached pages that show it.

`articles.services.refresh` calls `purge_changed` with the ids of what a write touched;
the pages carrying those surrogate keys (see `keys`) are purged from this app's cache
and from every Varnish in VARNISH_PURGE_HOSTS.

- `article_ids`: stories created, edited, published, unpublished or deleted. Purged:
  each story's key (its page and every page listing it) and `stories` (the home list,
  the main feeds, sitemaps and speaker pages, whose membership or order may change).
- `page_ids`: stories whose own page alone changed (the worker recomputed their similar
  stories). Purged: their page key (`p<pk>`), not the lists showing their cards.
- `reindexed_ids`: stories whose search entry was rewritten. Purged: `search` (the
  pages with a query), not the other lists (the write's own purge reached those).
- `tag_ids` / `source_ids` / `author_ids` / `section_ids`: labels renamed or merged,
  or whose list of stories changed (a story gained or lost the tag, or was published).
  Purged: their keys, and for tags the tag cloud (`cloud`).
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
    menu=False,
    breaking=False,
) -> set[str]:
    keys = {surrogate.article(pk) for pk in article_ids if pk is not None}
    if keys:
        keys.add(surrogate.STORIES)
    if any(pk is not None for pk in reindexed_ids):
        keys.add(surrogate.SEARCH)
    keys |= {surrogate.page(pk) for pk in page_ids if pk is not None}
    tags = {surrogate.tag(pk) for pk in tag_ids if pk is not None}
    if tags:
        keys |= tags | {surrogate.CLOUD}
    keys |= {surrogate.source(pk) for pk in source_ids if pk is not None}
    keys |= {surrogate.author(pk) for pk in author_ids if pk is not None}
    keys |= {surrogate.section(pk) for pk in section_ids if pk is not None}
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
