"""«الأكثر قراءة»: story reads counted from a beacon, aggregated per hour, without
touching the page cache.

The story page stays a cached, cookie-free page; a small static script
(static/js/read.js) posts to /beacon/read/<pk>/ once the page is visible. That request is
never cached and sets nothing. A read counts when:

- it looks like a browser: a user agent that names no bot, crawler, headless browser or
  HTTP library (pages fetched without running the script never count at all);
- it is the first from this client for this story in the window: the client is an HMAC
  of its address (newsroom.security.client_ip, which sees through trusted proxies) and
  user agent under a salt that changes every day (derived from SECRET_KEY), kept only as
  a cache key that expires with the window — no address, no cookie, nothing that outlives
  a day;
- the client has not posted more than BEACONS_PER_MINUTE beacons this minute, and the
  story is one readers may see (bounded writes: one increment per client, story, day).

Counts live in hourly buckets: in Redis (a sorted set per hour, expiring after the
window) when REDIS_URL is set, else in the database (ReadCount rows, pruned hourly).
The box reads the last WINDOW_HOURS buckets, at most once a minute per process.
"""

import hashlib
import hmac
import re
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

WINDOW_HOURS = 24
BOX_SIZE = 5
BEACONS_PER_MINUTE = 20
BOX_CACHE_SECONDS = 60
REDIS_PREFIX = "newsroom:most-read:"

# User agents that are not readers: crawlers, previews, monitors, headless browsers, libraries.
BOT_WORDS = (
    "bot", "crawl", "spider", "slurp", "scrape", "fetch", "preview", "monitor", "check", "scan",
    "headless", "lighthouse", "pagespeed", "phantom", "selenium", "puppeteer", "playwright",
    "python", "curl", "wget", "httpclient", "okhttp", "java/", "go-http", "libwww", "axios", "node-fetch",
    "facebookexternalhit", "whatsapp", "telegram", "discord", "embedly", "feed", "rss",
)  # fmt: skip
_BOT = re.compile("|".join(re.escape(word) for word in BOT_WORDS), re.IGNORECASE)


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or not user_agent.startswith("Mozilla/") or bool(_BOT.search(user_agent))


def _day_salt(now: float) -> bytes:
    day = int(now // 86400)
    return hmac.new(settings.SECRET_KEY.encode(), f"most-read:{day}".encode(), hashlib.sha256).digest()


def client_key(address: str, user_agent: str, now: float) -> str:
    """An opaque name for this client today (not reversible without SECRET_KEY, and
    unlinkable across days)."""
    who = f"{address}|{user_agent}"
    return hmac.new(_day_salt(now), who.encode(), hashlib.sha256).hexdigest()[:32]


def hour_of(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


# ---------------------------------------------------------------- counting


def record_read(request, article_id: int) -> str:
    """Count one read of `article_id` from the client that sent `request`.
    Returns what happened: "counted", "repeat", "bot", "limited" or "unknown"."""
    from newsroom.security import client_ip

    from .models import Article

    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if is_bot(user_agent):
        return "bot"
    if not 0 < article_id < 2**63:  # no such id in any database (PostgreSQL would refuse it)
        return "unknown"
    now = time.time()
    # The reader's address as the login throttle sees it: behind Varnish or a CDN
    # (TRUSTED_PROXY_COUNT) REMOTE_ADDR is the proxy's, and every reader would be one client.
    client = client_key(client_ip(request), user_agent, now)
    minute = f"most-read:rate:{client}:{int(now // 60)}"
    cache.add(minute, 0, 120)
    try:
        if cache.incr(minute) > BEACONS_PER_MINUTE:
            return "limited"
    except ValueError:  # evicted between add and incr: count this one
        pass
    if not cache.add(f"most-read:seen:{client}:{article_id}", 1, WINDOW_HOURS * 3600):
        return "repeat"
    if not Article.objects.published().filter(pk=article_id).exists():
        return "unknown"
    _increment(article_id, hour_of(timezone.now()))
    return "counted"


def _redis():
    import redis

    client = getattr(_redis, "client", None)
    if client is None:
        client = _redis.client = redis.Redis.from_url(settings.REDIS_URL)
    return client


def _uses_redis() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def _increment(article_id: int, hour: datetime) -> None:
    if _uses_redis():
        key = f"{REDIS_PREFIX}{int(hour.timestamp())}"
        pipe = _redis().pipeline()
        pipe.zincrby(key, 1, article_id)
        pipe.expire(key, (WINDOW_HOURS + 1) * 3600)
        pipe.execute()
        return
    from .models import ReadCount

    if not ReadCount.objects.filter(article_id=article_id, hour=hour).update(count=F("count") + 1):
        try:
            with transaction.atomic():
                ReadCount.objects.create(article_id=article_id, hour=hour, count=1)
        except IntegrityError:  # another reader created the row first
            ReadCount.objects.filter(article_id=article_id, hour=hour).update(count=F("count") + 1)
        if cache.add(f"most-read:pruned:{int(hour.timestamp())}", 1, 3600):
            ReadCount.objects.filter(hour__lt=hour - timedelta(hours=WINDOW_HOURS + 1)).delete()


# ---------------------------------------------------------------- the box


def _top_ids(now: datetime, limit: int) -> list[tuple[int, int]]:
    """(article id, reads) of the most read stories in the last WINDOW_HOURS buckets."""
    current = hour_of(now)
    hours = [current - timedelta(hours=n) for n in range(WINDOW_HOURS)]
    if _uses_redis():
        keys = [f"{REDIS_PREFIX}{int(hour.timestamp())}" for hour in hours]
        # Over-fetch: a story unpublished since it was read is dropped by the caller.
        rows = _redis().zunion(keys, withscores=True)
        ranked = sorted(((int(member), int(score)) for member, score in rows), key=lambda r: (-r[1], -r[0]))
        return ranked[: limit * 3]
    from .models import ReadCount

    rows = (
        ReadCount.objects.filter(hour__gte=hours[-1])
        .values("article_id")
        .annotate(reads=Sum("count"))
        .order_by("-reads", "-article_id")
        .values_list("article_id", "reads")[: limit * 3]
    )
    return list(rows)


def most_read(limit: int = BOX_SIZE):
    """The box's stories, most read first: [(article, reads)], cached BOX_CACHE_SECONDS
    (pages live PAGE_CACHE_SECONDS anyway: a fresher box would not reach readers)."""
    key = f"most-read:box:{limit}"
    found = cache.get(key)
    if found is not None:
        return found
    from .models import Article
    from .queries import reader_rows

    ranked = _top_ids(timezone.now(), limit)
    stories = {
        a.pk: a
        for a in reader_rows(
            Article.objects.published().filter(pk__in=[pk for pk, _ in ranked]).only("id", "headline", "slug")
        ).order_by()
    }
    box = [(stories[pk], reads) for pk, reads in ranked if pk in stories][:limit]
    cache.set(key, box, BOX_CACHE_SECONDS)
    return box
