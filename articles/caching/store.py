"""Where cached pages and purges live: Django's cache framework.

A page is stored with the surrogate keys it shows and the time its rendering began.
A purge records, per key, when it happened; a page is served only while none of its
keys was purged after its rendering began (a page rendered from data read before an
edit committed is stale too) — or, purged, while it is younger than
PAGE_CACHE_REFRESH_SECONDS (1 s): however often edits purge the home page during
breaking news, it is rendered again at most once a second, and every reader sees an
edit within that second. Purge records outlive every page (PAGE_CACHE_SECONDS plus a
margin), so older ones can be forgotten.

Every process serving or writing must see the same purges:

- a shared cache (Redis, Memcached, database, file): the records are keys in it;
- the local-memory cache (one per process — gunicorn workers, the task worker and
  `import_articles` would not see each other's keys): the records are appended to a
  small file that each process re-reads from where it stopped when `stat()` says it grew.

With the local-memory cache, pages are also kept in files every process on the machine
reads (`shared_pages`, Django's file-based cache beside the purge log): a page one
gunicorn worker renders after an edit is the other workers' too, instead of each
rendering it again. A hit is still served from the process's own memory; the files are
read only when that misses.
"""

import fcntl
import hashlib
import math
import os
import stat
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed

PAGE_PREFIX = "page-cache:page:"
PURGED_PREFIX = "page-cache:purged:"
DEFAULT_SECONDS = 60
# A purged page younger than this is still served (see the module's docstring).
DEFAULT_REFRESH_SECONDS = 1.0
# A purge must outlive every page rendered before it.
PURGE_MARGIN_SECONDS = 60
# Pages kept in the shared files at most (each a few KB compressed; the oldest third goes
# when full, as Django's file-based cache culls).
SHARED_PAGES = 5000


def page_seconds() -> int:
    return int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS))


def refresh_seconds() -> float:
    return float(getattr(settings, "PAGE_CACHE_REFRESH_SECONDS", DEFAULT_REFRESH_SECONDS))


def page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


@dataclass(frozen=True)
class Page:
    status: int
    headers: tuple  # ((name, value), ...) as sent on the miss
    body: bytes
    keys: tuple  # surrogate keys
    rendered_at: float  # epoch seconds when rendering began
    expires_at: float  # epoch seconds (the cache's own timeout is whole seconds)

    def age(self, now: float) -> str:
        return str(max(0, int(now - self.rendered_at)))

    def is_fresh(self, purges, now: float, refresh_seconds: float = 0.0) -> bool:
        """Not expired, and none of its keys purged since its rendering began — unless
        it began less than `refresh_seconds` ago (then the purges need no lookup)."""
        if now >= self.expires_at:
            return False
        return now - self.rendered_at < refresh_seconds or purges.last_purge(self.keys) < self.rendered_at


class CachePurges:
    """Purge times as keys of a shared cache."""

    def __init__(self, cache):
        self.cache = cache

    def last_purge(self, keys) -> float:
        found = self.cache.get_many([PURGED_PREFIX + key for key in keys])
        return max(found.values(), default=0.0)

    def record(self, keys, at: float):
        timeout = page_seconds() + PURGE_MARGIN_SECONDS
        self.cache.set_many({PURGED_PREFIX + key: at for key in keys}, timeout)


class FilePurges:
    """Purge times appended to a file ("<epoch> <key>" lines) that every process on
    this machine shares. Readers keep what they read and read only what was appended;
    a writer that finds the file large rewrites it without the forgotten records
    (a new inode: readers start over)."""

    COMPACT_BYTES = 256 * 1024
    # Rewritten again only once it has grown to this many times what the last rewrite
    # kept: during an import every record is recent, nothing can be forgotten, and a
    # rewrite per purge (each re-read whole by every reader) cost the import seconds.
    GROWTH = 2

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._inode = None
        self._generation = b""
        self._offset = 0
        self._purged: dict[str, float] = {}
        self._kept = 0  # bytes the last rewrite by this writer kept

    def _catch_up(self):
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._inode, self._offset, self._purged = None, 0, {}
            return
        if st.st_ino == self._inode and st.st_size == self._offset:
            return
        with self._lock:
            try:
                with open(self.path, "rb") as handle:
                    # A rewrite starts with a generation line of its own: a new file that
                    # got the old one's inode number back is still seen as new.
                    generation = _generation(handle.read(GENERATION_BYTES))
                    same = st.st_ino == self._inode and generation == self._generation
                    if not same or st.st_size < self._offset:
                        self._inode, self._generation = st.st_ino, generation
                        self._offset, self._purged = 0, {}
                    if os.fstat(handle.fileno()).st_ino != self._inode:
                        return  # replaced under us: the next call starts over
                    handle.seek(self._offset)
                    data = handle.read()
            except FileNotFoundError:
                return
            complete = data[: data.rfind(b"\n") + 1]  # a half-written line waits
            self._offset += len(complete)
            for line in complete.decode("ascii", "replace").splitlines():
                at, _, key = line.partition(" ")
                try:
                    at = float(at)
                except ValueError:
                    continue
                if at > self._purged.get(key, 0.0):
                    self._purged[key] = at

    def last_purge(self, keys) -> float:
        self._catch_up()
        purged = self._purged
        return max((purged.get(key, 0.0) for key in keys), default=0.0)

    def record(self, keys, at: float):
        lines = "".join(f"{at!r} {key}\n" for key in keys).encode("ascii")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(str(self.path) + ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            with open(self.path, "ab") as handle:
                handle.write(lines)
                size = handle.tell()
            if size > max(self.COMPACT_BYTES, self.GROWTH * self._kept):
                self._kept = self._compact(at - page_seconds() - PURGE_MARGIN_SECONDS)

    def _compact(self, forget_before: float) -> int:
        """Rewrite the file without the records older than `forget_before`; the bytes kept."""
        kept = [
            line
            for line in self.path.read_bytes().splitlines(keepends=True)
            if line.endswith(b"\n")
            and not line.startswith(b"#")
            and float(line.split(b" ", 1)[0] or 0) >= forget_before
        ]
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            # Digits only: no key ("a12", "t3"…) can be read in it.
            handle.write(f"# {uuid.uuid4().int}\n".encode("ascii"))
            handle.writelines(kept)
            size = handle.tell()
        os.replace(tmp, self.path)
        return size


def purge_log_file() -> Path:
    """PAGE_CACHE_PURGE_LOG (setting or environment variable), else one file per
    project and database in the temp dir (a service with a private /tmp must set it)."""
    configured = getattr(settings, "PAGE_CACHE_PURGE_LOG", None) or os.environ.get("PAGE_CACHE_PURGE_LOG")
    if configured:
        return Path(configured)
    database = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.blake2b(f"{settings.BASE_DIR}|{database}".encode(), digest_size=8).hexdigest()
    return Path(tempfile.gettempdir()) / f"newsroom-page-purges-{digest}"


GENERATION_BYTES = 48  # "# " + up to 39 digits + "\n"


def _generation(head: bytes) -> bytes:
    """The rewrite's generation line, or b"" for a log never rewritten."""
    return head.split(b"\n", 1)[0] if head.startswith(b"# ") else b""


_file_purges: dict[tuple, FilePurges] = {}
_shared_pages: dict[tuple, FileBasedCache | None] = {}


def _memo() -> tuple:
    """What decides the purge log's file (see purge_log_file), so a hit hashes nothing."""
    return (
        getattr(settings, "PAGE_CACHE_PURGE_LOG", None),
        os.environ.get("PAGE_CACHE_PURGE_LOG"),
        settings.DATABASES["default"].get("NAME"),
    )


def purges_for(cache):
    """The purge records every process using `cache` shares."""
    if not isinstance(cache, LocMemCache):
        return CachePurges(cache)
    memo = _memo()
    store = _file_purges.get(memo)
    if store is None:
        path = purge_log_file()
        store = next((s for s in _file_purges.values() if s.path == path), None) or FilePurges(path)
        _file_purges[memo] = store
    return store


def shared_pages(cache) -> FileBasedCache | None:
    """Pages every process on this machine reads, beside a local-memory `cache` (None for
    a shared cache, or when PAGE_CACHE_SHARED_PAGES is off: the tests, which empty the
    local cache to see a page rendered again)."""
    if not isinstance(cache, LocMemCache) or not getattr(settings, "PAGE_CACHE_SHARED_PAGES", True):
        return None
    memo = _memo()
    if memo not in _shared_pages:
        location = Path(str(purge_log_file()) + ".pages")
        _shared_pages[memo] = (
            FileBasedCache(str(location), {"OPTIONS": {"MAX_ENTRIES": SHARED_PAGES}})
            if _private_directory(location)
            else None
        )
    return _shared_pages[memo]


def _private_directory(path: Path) -> bool:
    """Whether `path` is a directory only this user can write (created so if missing).
    The pages are pickles, read back into the server: in a shared temp dir, a directory
    someone else made first (its name is predictable) must not be used."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & 0o077


class _HitParts(threading.local):
    """What a hit needs besides the key, resolved once per thread and settings state: a
    hit then reads no setting and builds nothing (each cost a microsecond or more, on a
    path of about twenty). `setting_changed` (override_settings in the tests) starts a
    new generation in every thread."""

    generation = -1
    parts = None


_hit_parts = _HitParts()
_settings_generation = 0


def _new_settings_generation(**kwargs):
    global _settings_generation
    _settings_generation += 1


setting_changed.connect(_new_settings_generation)


def hit_parts() -> tuple | None:
    """(cache, its purges, the shared page files or None, refresh seconds); None when the
    page cache is Django's dummy cache."""
    if _hit_parts.generation != _settings_generation:
        generation = _settings_generation
        cache = page_cache()
        _hit_parts.parts = (
            None
            if isinstance(cache, DummyCache)
            else (cache, purges_for(cache), shared_pages(cache), refresh_seconds())
        )
        _hit_parts.generation = generation
    return _hit_parts.parts


def fresh_page(key: str, now: float) -> Page | None:
    """The page stored under `key` if none of its keys was purged since, else None.
    The one hit path: the WSGI front and the middleware both ask here."""
    parts = hit_parts()
    if parts is None:
        return None
    cache, purges, shared, refresh = parts
    page = cache.get(key)
    if page is not None and page.is_fresh(purges, now, refresh):
        return page
    if shared is None:
        return None
    page = shared.get(key)  # another process may have rendered it since
    if page is None or not page.is_fresh(purges, now, refresh):
        return None
    cache.set(key, page, max(1, math.ceil(page.expires_at - now)))
    return page


def keep(key: str, page: Page, seconds: int):
    """Store a rendered page for this process and, beside a local-memory cache, for the
    machine's other processes."""
    cache = page_cache()
    cache.set(key, page, seconds)
    shared = shared_pages(cache)
    if shared is not None:
        shared.set(key, page, seconds)
