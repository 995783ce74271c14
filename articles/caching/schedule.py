"""Scheduled stories go live, and the «عاجل» bar appears and expires, without any write:
pages must not outlive that moment.

The next publish time is kept in the page cache next to the pages, and recomputed
(one indexed query) when it has passed, when it is older than PAGE_CACHE_SECONDS, or
when a purge happened since it was computed (a story may have been scheduled).
"""

import math
import time

from django.db import DatabaseError
from django.db.models import Q

from .store import page_seconds

NEXT_PUBLISH_KEY = "page-cache:next-publish"
# Recorded with every purge of stories; never sent to shared caches.
SCHEDULE_KEY = "~schedule"


def scheduled_after_now() -> float:
    """Epoch seconds of the earliest published-but-future story (math.inf when none)."""
    from articles.models import Article

    upcoming = (
        Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
    )
    upcoming = upcoming.timestamp() if upcoming else math.inf
    return min(upcoming, breaking_changes_after_now())


def breaking_changes_after_now() -> float:
    """Epoch seconds when the «عاجل» bar next appears or expires: pages showing it (or
    not yet showing it) end then, in this cache and in shared ones (s-maxage)."""
    from django.db.models import Min
    from django.utils import timezone

    from articles.models import BreakingNews

    now = timezone.now()
    found = BreakingNews.objects.filter(expires_at__gt=now).aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("expires_at")
    )
    times = [value.timestamp() for value in found.values() if value is not None]
    return min(times, default=math.inf)


def next_publish(cache, purges) -> float:
    now = time.time()
    known = cache.get(NEXT_PUBLISH_KEY)
    if known is not None:
        value, computed_at = known
        if value > now and purges.last_purge((SCHEDULE_KEY,)) < computed_at:
            return value
    try:
        value = scheduled_after_now()
    except DatabaseError:  # e.g. inside a transaction that already failed
        return now + page_seconds()
    cache.set(NEXT_PUBLISH_KEY, (value, now), page_seconds())
    return value
