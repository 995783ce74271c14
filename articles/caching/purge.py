"""What the write path calls after a change: purge the cached pages that show it.

`articles.services.refresh` calls `purge_changed` with the ids of everything a write
touched. For now every cached page is made stale (the content version is bumped),
which is what invalidation did on every save; the ids let it become precise.
"""

from django.conf import settings
from django.core.cache import caches

from .version import bump_now_and_after_commit


def purge_changed(article_ids=(), tag_ids=(), source_ids=(), author_ids=(), section_ids=()):
    """Make stale every cached page showing one of these objects."""
    if not any((article_ids, tag_ids, source_ids, author_ids, section_ids)):
        return
    bump_now_and_after_commit(caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")])
