"""CachedPagesApp: cache hits answered in front of Django (wraps newsroom.wsgi).

A hit needs no request object, no middleware and no signals — only the key, the
content version and the stored page — so the WSGI front answers it directly and
a cached story costs about what serving a file costs (bench/run.py measures it).
Everything else — misses, editors, POSTs, If-Match/If-Unmodified-Since/Range — goes
to Django unchanged, where PageCacheMiddleware stores pages with the same key.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import setting_changed

from . import version as versions
from .pages import accepts_gzip
from .policy import KEY_HEADERS, PagePolicy

_STATUS_LINES = {200: "200 OK", 304: "304 Not Modified"}  # only 200s are stored
# Preconditions only Django evaluates in full.
_TO_DJANGO = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_RANGE")


class CachedPagesApp:
    """Per process it remembers request keys and the pages it served last (bounded), so
    a hit does not hash, and, with the local-memory cache, does not unpickle: the
    remembered page is used only while it is fresh under the current content version
    and its entry is still in the cache (`cache.clear()` still empties everything)."""

    MEMO_SIZE = 2048  # request keys
    PAGES_REMEMBERED = 256  # the hot pages, unpickled

    def __init__(self, application: WSGIHandler):
        self.application = application
        self._forget()
        setting_changed.connect(self._forget, weak=False)

    def _forget(self, **kwargs):
        self._policy = None
        self._keys = {}
        self._pages = {}
        self._bound = (None, None)  # (cache connection, its version store)

    def __call__(self, environ, start_response):
        answer = self.hit(environ)
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(_STATUS_LINES[status], headers)
        return [body]

    def hit(self, environ):
        """(status, headers, body) for a fresh cached page, else None."""
        key = self._key(environ)
        if key is None or any(name in environ for name in _TO_DJANGO):
            return None
        cache = caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]
        if isinstance(cache, DummyCache):
            return None
        bound_cache, store = self._bound
        if bound_cache is not cache:
            store = versions.store_for(cache)
            self._bound = (cache, store)
        now = time.time()
        if isinstance(cache, LocMemCache):
            version = store.get()
            page = self._pages.get(key)
            if version is None:
                return None
            if page is None or not page.is_fresh(version.token, now) or not cache.has_key(key):
                page = cache.get(key)
                if page is None:
                    self._pages.pop(key, None)
                elif key in self._pages or len(self._pages) < self.PAGES_REMEMBERED:
                    self._pages[key] = page
        else:
            version, page = store.get_with(key)
        if version is None or page is None or not page.is_fresh(version.token, now):
            return None
        not_modified = page.not_modified_headers(environ)
        if not_modified is not None:
            return 304, not_modified, b""
        return page.replay(accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")), "HIT")

    def _key(self, environ):
        if self._policy is None:
            self._policy = PagePolicy()
        policy = self._policy
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or policy.is_editor(environ):
            return None
        get = environ.get
        raw = (
            get("SCRIPT_NAME"),
            get("PATH_INFO"),
            get("QUERY_STRING"),
            get("HTTP_HOST"),
            get("SERVER_NAME"),
            get("SERVER_PORT"),
            get("wsgi.url_scheme"),
            get("HTTP_X_FORWARDED_PROTO"),
            get("HTTP_X_FORWARDED_HOST"),
            *[get(name) for name in KEY_HEADERS],
        )
        if policy.proxy_ssl_header:
            raw += (get(policy.proxy_ssl_header[0]),)
        try:
            return self._keys[raw]
        except KeyError:
            key = policy.key_for(environ)
            if len(self._keys) < self.MEMO_SIZE:
                self._keys[raw] = key
            return key
