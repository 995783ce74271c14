"""CachedPagesApp: under gunicorn, cache hits are answered before Django (newsroom.wsgi).

A hit needs only the key (`policy`, from the environ) and the stored page
(`store.fresh_page`, the same lookup the middleware makes), so answering it here
spares the request object, the middleware and the signals: a cached story costs
about what serving a file does (`make bench` compares them). Everything else —
misses, editors, POSTs, conditional requests (ConditionalGetMiddleware answers
those), ranges — goes to Django, where PageCacheMiddleware stores pages.
"""

import time
from http import HTTPStatus

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import setting_changed

from .policy import PagePolicy
from .store import fresh_page

# Left to Django: it evaluates preconditions and ranges in full.
_TO_DJANGO = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_RANGE",
)


class CachedPagesApp:
    def __init__(self, application: WSGIHandler):
        self.application = application
        self._policy = None
        setting_changed.connect(self._forget, weak=False)

    def _forget(self, **kwargs):
        self._policy = None

    def __call__(self, environ, start_response):
        if self._policy is None:
            self._policy = PagePolicy()  # on first use: it reverses URLs
        key = None if any(name in environ for name in _TO_DJANGO) else self._policy.key_for(environ)
        now = time.time()
        page = fresh_page(key, now) if key is not None else None
        if page is None:
            return self.application(environ, start_response)
        headers = [
            *page.headers,
            ("Content-Length", str(len(page.body))),
            ("Age", page.age(now)),
            ("X-Cache", "HIT"),
        ]
        start_response(f"{page.status} {HTTPStatus(page.status).phrase}", headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else page.body]
