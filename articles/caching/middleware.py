"""PageCacheMiddleware: anonymous readers get whole pages from the cache.

First in MIDDLEWARE, so a hit skips everything else; the stored response already
carries every header the rest of the stack added (security headers, CSP with its
nonce, Content-Language, X-Frame-Options…).

Served from / stored in the cache only when all of these hold:

- GET or HEAD (only GET responses are stored), not under the static/media/admin
  URLs, no session (editors — logged in — always bypass the cache, both ways) and no
  `messages` cookie, and no redirect to HTTPS pending (SecurityMiddleware must see
  those);
- the response is a 200, not streaming, sets no cookie (a CSRF token in a form
  would set one: public pages use GET-only forms), and did not ask not to be
  cached (`Cache-Control: private / no-store / no-cache`, as `never_cache` and the
  admin do), and varies on nothing beyond what the key already holds.

The key is the scheme, host, path, query and the htmx request headers: an htmx
partial and the full page at the same URL are two entries. Each entry answers both
plain and gzip requests, with a fresh CSP nonce every time (see `pages`).

The version check (see `version`) makes edits visible at once; every page also
expires after PAGE_CACHE_SECONDS (relative dates such as "منذ ساعتين" stay right)
or at the next scheduled publish time, whichever is first.

Browsers get `Cache-Control: public, max-age=0, must-revalidate` with a weak ETag
and Last-Modified: they revalidate every time and get a 304 while nothing changed.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import DisallowedHost
from django.middleware.csp import get_nonce
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

from . import version as versions
from .pages import accepts_gzip, capture

PAGE_KEY_PREFIX = "page-cache:page:"
DEFAULT_SECONDS = 60
# Request headers that select a different representation of the same URL.
KEY_HEADERS = (
    "HTTP_HX_REQUEST",
    "HTTP_HX_HISTORY_RESTORE_REQUEST",
    "HTTP_HX_TARGET",
    "HTTP_HX_TRIGGER",
    "HTTP_HX_TRIGGER_NAME",
    "HTTP_HX_BOOSTED",
)
# Response Vary values the key covers (Cookie: only cookie-less requests are stored).
KEYED_VARY = {
    "accept-encoding",
    "accept-language",
    "cookie",
    "hx-request",
    "hx-history-restore-request",
    "hx-target",
    "hx-trigger",
    "hx-trigger-name",
    "hx-boosted",
}
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
UNCACHEABLE_DIRECTIVES = ("private", "no-store", "no-cache")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = int(getattr(settings, "PAGE_CACHE_SECONDS", DEFAULT_SECONDS))
        self.alias = getattr(settings, "PAGE_CACHE_ALIAS", "default")
        self.bypass_cookies = (settings.SESSION_COOKIE_NAME, "messages")
        self.multilingual = len(settings.LANGUAGES) > 1
        self._skip_prefixes = None

    # ------------------------------------------------------------------ request

    def skip_prefixes(self) -> tuple[str, ...]:
        if self._skip_prefixes is None:
            prefixes = [reverse("admin:index"), reverse("articles:preview", args=[0]).rsplit("0/", 1)[0]]
            for url in (settings.STATIC_URL, settings.MEDIA_URL):
                if url and url.startswith("/") and url != "/":  # MEDIA_URL "" reads as "/"
                    prefixes.append(url)
            self._skip_prefixes = tuple(prefixes)
        return self._skip_prefixes

    def is_editor(self, request) -> bool:
        cookies = request.COOKIES
        return any(name in cookies for name in self.bypass_cookies)

    def page_key(self, request) -> str | None:
        """The cache key for this request, or None when it must bypass the cache."""
        if request.method not in ("GET", "HEAD") or self.is_editor(request):
            return None
        path = request.path
        if path.startswith(self.skip_prefixes()):
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # SecurityMiddleware redirects it
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the rest of the stack answers 400
        meta = request.META
        parts = [
            request.scheme,
            host,
            path,
            meta.get("QUERY_STRING", ""),
            *(meta.get(name, "") for name in KEY_HEADERS),
        ]
        if self.multilingual:
            parts.append(get_language_from_request(request))
        digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
        return PAGE_KEY_PREFIX + digest

    # ------------------------------------------------------------------ the cycle

    def __call__(self, request):
        key = self.page_key(request)
        cache = caches[self.alias] if key is not None else None
        if key is None or isinstance(cache, DummyCache):
            response = self.get_response(request)
            if key is None and self.is_editor(request):
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
