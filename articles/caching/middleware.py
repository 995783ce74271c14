"""PageCacheMiddleware: anonymous readers get whole pages from the cache.

First in MIDDLEWARE, so a hit skips everything else; the stored response already
carries every header the rest of the stack added (security headers, CSP with its
nonce, Content-Language, X-Frame-Options…).

Served from / stored in the cache only when all of these hold:

- the request is eligible (see `policy`: GET or HEAD — only GET responses are stored —,
  no session cookie: editors always bypass the cache, both ways);
- the response is a 200, not streaming, sets no cookie (a CSRF token in a form
  would set one: public pages use GET-only forms), and did not ask not to be
  cached (`Cache-Control: private / no-store / no-cache`, as `never_cache` and the
  admin do), and varies on nothing beyond what the key already holds.

Each entry answers both plain and gzip requests, with a fresh CSP nonce every time
(see `pages`). Under gunicorn, hits are answered before Django by `wsgi.CachedPagesApp`
with the same key and entry; this middleware stores pages and serves hits to every
other handler (the test client, ASGI).

The version check (see `version`) makes edits visible at once; every page also
expires after PAGE_CACHE_SECONDS (relative dates such as "منذ ساعتين" stay right)
or at the next scheduled publish time, whichever is first.

Browsers get `Cache-Control: public, max-age=0, must-revalidate` with a weak ETag
and Last-Modified: they revalidate every time and get a 304 while nothing changed.
"""

import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.middleware.csp import get_nonce
from django.utils.cache import patch_vary_headers

from . import version as versions
from .pages import accepts_gzip, capture
from .policy import KEYED_VARY, PagePolicy

DEFAULT_SECONDS = 60
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS))
        self.alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
        self._policy = None

    @property
    def policy(self) -> PagePolicy:
        if self._policy is None:  # built on first use: it reverses URLs
            self._policy = PagePolicy()
        return self._policy

    def __call__(self, request):
        key = self.policy.key_for(request.META, request)
        cache = caches[self.alias] if key is not None else None
        if key is None or isinstance(cache, DummyCache):
            response = self.get_response(request)
            if key is None and self.policy.is_editor(request.META):
                self.mark_private(response)
            return response

        gzip_ok = accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        store = versions.store_for(cache)
        version, page = store.get_with(key)
        now = time.time()
        if version is not None and page is not None and page.is_fresh(version.token, now):
            return page.respond(request, gzip_ok=gzip_ok, cache_status="HIT")

        if version is None:
            # First request since the cache was emptied: start a version (with the
            # next publish time unknown, pages just live PAGE_CACHE_SECONDS).
            version = store.add(versions.Version(versions.new_token(), None))
        response = self.get_response(request)
        if request.method != "GET" or not self.storable(request, response):
            return response

        if version.next_publish is not None and version.next_publish <= now:
            # A scheduled story has gone live since the last bump: find the next one.
            version = versions.Version(version.token, versions.next_scheduled_publish())
            store.set(version)
        expires_at = now + self.seconds
        if version.next_publish is not None:
            expires_at = min(expires_at, version.next_publish)
        timeout = max(1, math.ceil(expires_at - now))

        patch_vary_headers(response, ("Accept-Encoding", "HX-Request", "Cookie"))
        response.headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
        nonce = get_nonce(request)
        page = capture(
            response, nonce=str(nonce) if nonce else "", version=version.token, expires_at=expires_at
        )
        cache.set(key, page, timeout)
        return page.respond(request, gzip_ok=gzip_ok, cache_status="MISS")

    def storable(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.COOKIES and response.has_header("Vary") and "cookie" in response["Vary"].lower():
            return False  # rendered for this visitor's cookies
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        return not (vary - KEYED_VARY) and "*" not in vary

    @staticmethod
    def mark_private(response):
        """Editors' pages must not be kept by browsers' shared caches or proxies."""
        if not response.has_header("Cache-Control"):
            response.headers["Cache-Control"] = "private, no-cache"
        patch_vary_headers(response, ("Cookie",))
        response.headers["X-Cache"] = "BYPASS"
