"""The content version: one token that changes whenever any story changes.

A cached page records the version it was rendered under and is served only while
that version is still current, so an edit makes every cached page stale at once,
in every process, without knowing which pages showed the story.

Where the version lives must be shared by every process that writes or serves:

- a shared cache (Redis, Memcached, database, file): a key in that cache, read in
  the same round trip as the page itself;
- the local-memory cache (one per process — gunicorn workers and the
  `import_articles` command would not see each other's keys): a small file whose
  replacement every process notices with one `stat()`.

The record is `(token, next_publish)`: a random token, and the epoch seconds of the
next scheduled story (math.inf when none is scheduled, None when unknown — then
pages simply live for PAGE_CACHE_SECONDS). Scheduled stories go live without any
write, so pages never outlive that moment.
"""

import hashlib
import math
import os
import secrets
import tempfile
import threading
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

VERSION_KEY = "page-cache:version"


class Version(NamedTuple):
    token: str
    next_publish: float | None  # epoch seconds; math.inf = nothing scheduled; None = unknown


def new_token() -> str:
    return secrets.token_hex(8)


def next_scheduled_publish() -> float:
    """Epoch seconds of the earliest published-but-future story (one indexed query)."""
    from articles.models import Article

    upcoming = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else math.inf


class CacheVersionStore:
    """The version as a key of a shared cache (no expiry)."""

    def __init__(self, cache):
        self.cache = cache

    def get_with(self, page_key: str):
        """(version, page) in one round trip."""
        found = self.cache.get_many([VERSION_KEY, page_key])
        return found.get(VERSION_KEY), found.get(page_key)

    def get(self) -> Version | None:
        return self.cache.get(VERSION_KEY)

    def set(self, version: Version):
        self.cache.set(VERSION_KEY, version, None)

    def add(self, version: Version) -> Version:
        self.cache.add(VERSION_KEY, version, None)
        return self.cache.get(VERSION_KEY) or version


class FileVersionStore:
    """The version in a file, for process-local caches: a bump replaces the file
    atomically; readers re-read it only when stat() says it changed."""

    def __init__(self, path: Path):
        self.path = path
        self._seen = (None, None)  # (stat signature, Version)
        self._lock = threading.Lock()

    def get(self) -> Version | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        signature = (st.st_ino, st.st_mtime_ns, st.st_size)
        seen_signature, seen_version = self._seen
        if signature == seen_signature:
            return seen_version
        try:
            token, _, next_publish = self.path.read_text(encoding="ascii").partition(" ")
            version = Version(token, None if next_publish.strip() == "" else float(next_publish))
        except (OSError, ValueError):
            return None  # replaced or half-written under us: count it as a miss
        self._seen = (signature, version)
        return version

    def set(self, version: Version):
        text = version.token + " " + ("" if version.next_publish is None else repr(version.next_publish))
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="ascii") as handle:
                    handle.write(text)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def add(self, version: Version) -> Version:
        existing = self.get()
        if existing is not None:
            return existing
        self.set(version)
        return self.get() or version


_file_stores: dict[tuple, FileVersionStore] = {}


class _Bound:
    """A shared FileVersionStore with the caller's (per-thread) cache connection."""

    __slots__ = ("cache", "store")

    def __init__(self, store: FileVersionStore, cache):
        self.store, self.cache = store, cache

    def get_with(self, page_key: str):
        return self.store.get(), self.cache.get(page_key)

    def get(self):
        return self.store.get()

    def set(self, version):
        self.store.set(version)

    def add(self, version):
        return self.store.add(version)


def version_file() -> Path:
    """The PAGE_CACHE_VERSION_FILE setting or environment variable, else one file per
    project and database in the temp dir (give every process the same path: a
    service with a private /tmp must set it)."""
    configured = getattr(settings, "PAGE_CACHE_VERSION_FILE", None)
    configured = configured or os.environ.get("PAGE_CACHE_VERSION_FILE")
    if configured:
        return Path(configured)
    database = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.blake2b(f"{settings.BASE_DIR}|{database}".encode(), digest_size=8).hexdigest()
    return Path(tempfile.gettempdir()) / f"newsroom-content-version-{digest}"


def store_for(cache):
    """The version store that every process using `cache` shares."""
    if not isinstance(cache, LocMemCache):
        return CacheVersionStore(cache)
    # Keyed by what decides the file, so a hit does not hash anything.
    memo = (
        getattr(settings, "PAGE_CACHE_VERSION_FILE", None),
        os.environ.get("PAGE_CACHE_VERSION_FILE"),
        settings.DATABASES["default"].get("NAME"),
    )
    store = _file_stores.get(memo)
    if store is None:
        store = _file_stores[memo] = FileVersionStore(version_file())
    return _Bound(store, cache)


def bump(cache) -> Version:
    """A new version: every cached page rendered before now is stale."""
    try:
        next_publish = next_scheduled_publish()
    except DatabaseError:  # e.g. inside a transaction that already failed
        next_publish = None
    version = Version(new_token(), next_publish)
    store_for(cache).set(version)
    return version


def bump_now_and_after_commit(cache):
    """Bump at once (this process sees the change immediately, tests included) and
    again when the transaction commits: a page rendered by another process between
    the two bumps may show the old data, and the second bump discards it."""
    bump(cache)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: bump(cache))
