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
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import setting_changed

from . import version as versions
from .pages import accepts_gzip
from .policy import PagePolicy

_STATUS_LINES = {200: "200 OK", 304: "304 Not Modified"}  # only 200s are stored
# Preconditions only Django evaluates in full.
_TO_DJANGO = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE", "HTTP_RANGE")


class CachedPagesApp:
    def __init__(self, application: WSGIHandler):
        self.application = application
        self._policy = None
        setting_changed.connect(self._forget_policy, weak=False)

    def _forget_policy(self, **kwargs):
        self._policy = None

    def __call__(self, environ, start_response):
        answer = self.hit(environ)
        if answer is None:
            return self.application(environ, start_response)
        status, headers, body = answer
        start_response(_STATUS_LINES[status], headers)
        return [body]

    def hit(self, environ):
        """(status, headers, body) for a fresh cached page, else None."""
        if self._policy is None:
            self._policy = PagePolicy()
        key = self._policy.key_for(environ)
        if key is None or any(name in environ for name in _TO_DJANGO):
            return None
        cache = caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]
        if isinstance(cache, DummyCache):
            return None
        version, page = versions.store_for(cache).get_with(key)
        if version is None or page is None or not page.is_fresh(version.token, time.time()):
            return None
        not_modified = page.not_modified_headers(environ)
        if not_modified is not None:
            return 304, not_modified, b""
        return page.replay(accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")), "HIT")
