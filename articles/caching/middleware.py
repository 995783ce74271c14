"""PageCacheMiddleware: anonymous readers get whole pages from the cache.

Near the top of MIDDLEWARE (inside ConditionalGetMiddleware, which answers 304s for
hits and misses alike), so a hit skips everything else; the stored response already
carries every header the rest of the stack added.

Served from / stored in the cache only when all of these hold:

- the request is eligible (see `policy`: GET or HEAD — only GET responses are
  stored —, no session cookie: editors always bypass the cache, both ways);
- the response is a 200, not streaming, sets no cookie (a CSRF token in a form would
  set one: public pages use GET-only forms), did not ask not to be cached
  (`Cache-Control: private / no-store / no-cache`, as `never_cache` and the admin do),
  and varies on nothing beyond what the key holds.

A stored page carries no per-response secret: public pages use no CSP nonce (their
scripts are files from 'self'), so the same bytes may go to every reader — from here
or from a shared cache in front (Varnish, a CDN). Stored pages say so:
`Cache-Control: public, max-age=0, s-maxage=…, stale-while-revalidate=…,
stale-if-error=…` (browsers revalidate every time, shared caches keep the page), and
name what they show in `xkey` / `Surrogate-Key` / `Cache-Tag` (see `keys`). An edit
purges those keys here and in the shared caches (`purge`).

Pages live PAGE_CACHE_SECONDS (relative dates such as "منذ ساعتين" stay right), or
until the next scheduled story goes live, whichever is first.
"""

import math
import time

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers, set_response_etag
from django.utils.http import http_date

from . import keys as surrogate
from . import schedule, store
from .policy import KEYED_VARY, PagePolicy

UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")
DEFAULT_STALE_WHILE_REVALIDATE = 30
DEFAULT_STALE_IF_ERROR = 86400
# Set per response, never replayed.
_NOT_STORED = {"content-length", "date", "set-cookie", "x-cache", "age"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._gzip = GZipMiddleware(get_response)
        self._policy = None
        setting_changed.connect(self._forget, weak=False)

    def _forget(self, **kwargs):
        self._policy = None

    @property
    def policy(self) -> PagePolicy:
        if self._policy is None:  # built on first use: it reverses URLs
            self._policy = PagePolicy()
        return self._policy

    def __call__(self, request):
        key = self.policy.key_for(request.META, request.path)
        cache = store.page_cache() if key is not None else None
        if key is None or isinstance(cache, DummyCache):
            response = self.get_response(request)
            if key is None and self.policy.is_editor(request.META):
                self.mark_private(response)
            return response

        started = time.time()
        page = store.fresh_page(key, started)
        if page is not None:
            return self.replay(page, started)
        # Looked up before rendering: a story going live while the page renders must
        # still end the page's life.
        next_publish = schedule.next_publish(cache, store.purges_for(cache))
        response = self.get_response(request)
        if request.method != "GET" or not self.storable(request, response):
            return response
        expires_at = min(started + store.page_seconds(), next_publish)
        seconds = max(1, math.ceil(expires_at - started))
        self.make_public(request, response, seconds)
        # Compressed once here, not per hit; the ETag stored with it spares hits the hashing.
        response = self._gzip.process_response(request, response)
        set_response_etag(response)
        page = store.Page(
            status=response.status_code,
            headers=tuple((k, v) for k, v in response.items() if k.lower() not in _NOT_STORED),
            body=response.content,
            keys=surrogate.of(request),
            rendered_at=started,
            expires_at=expires_at,
        )
        store.keep(key, page, seconds)
        response.headers["X-Cache"] = "MISS"
        return response

    @staticmethod
    def replay(page, now) -> HttpResponse:
        response = HttpResponse(page.body, status=page.status, headers=page.headers)
        response.headers["Age"] = page.age(now)
        response.headers["X-Cache"] = "HIT"
        return response

    @staticmethod
    def make_public(request, response, seconds):
        """Headers that let browsers and shared caches keep this page."""
        stale_while_revalidate = getattr(
            settings, "PAGE_CACHE_STALE_WHILE_REVALIDATE", DEFAULT_STALE_WHILE_REVALIDATE
        )
        stale_if_error = getattr(settings, "PAGE_CACHE_STALE_IF_ERROR", DEFAULT_STALE_IF_ERROR)
        response.headers["Cache-Control"] = (
            f"public, max-age=0, s-maxage={seconds}, "
            f"stale-while-revalidate={stale_while_revalidate}, stale-if-error={stale_if_error}"
        )
        response.headers["Last-Modified"] = http_date(time.time())
        # One language, and no cookie changes a public page: neither selects other bytes.
        vary = [
            v.strip()
            for v in response.get("Vary", "").split(",")
            if v.strip() and v.strip().lower() not in ("cookie", "accept-language")
        ]
        if vary:
            response.headers["Vary"] = ", ".join(vary)
        else:
            del response.headers["Vary"]
        shown = surrogate.of(request)
        response.headers["xkey"] = " ".join(shown)
        response.headers["Surrogate-Key"] = " ".join(shown)
        response.headers["Cache-Tag"] = ",".join(shown)

    def storable(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if "accept-language" in vary and len(settings.LANGUAGES) > 1:
            return False
        return not (vary - KEYED_VARY) and "*" not in vary

    @staticmethod
    def mark_private(response):
        """Editors' pages must not be kept by shared caches or proxies."""
        if not response.has_header("Cache-Control"):
            response.headers["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie",))
        response.headers["X-Cache"] = "BYPASS"
