"""Which requests the page cache may answer, and under which key.

A request is eligible when it is a GET or HEAD, outside the admin, preview, static
and media URLs, carries no session cookie (editors — logged in — always bypass) nor
a `messages` cookie, is not about to be redirected to HTTPS, and names an allowed host.

The key holds the scheme, host, path, the *normalized* query string and the request
headers that select another representation (an htmx partial, gzip). Normalized: only
the parameters the page reads, validated by the page's own form and in canonical
order — `/?page=2&utm=x` and `/?page=2` are one entry, and junk parameters cannot
fill the cache and evict popular pages.
"""

import hashlib
import re

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from articles.forms import ArticleFilterForm, PageForm

PAGE_KEY_PREFIX = "page-cache:page:"
# Same test as django.middleware.gzip: the response is compressed for these requests.
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Response Vary values the key covers (Cookie and Accept-Language: see middleware).
KEYED_VARY = {
    "accept-encoding",
    "accept-language",
    "cookie",
    "hx-request",
    "hx-history-restore-request",
    "hx-trigger",
}


def _list_query(query) -> str:
    return ArticleFilterForm(query).filters().querystring()


def _page_query(query) -> str:
    number = PageForm(query).page_number()
    return f"?page={number}" if number > 1 else ""


def _sitemap_query(query) -> str:
    value = query.get("p", "")
    return f"?p={int(value)}" if value.isdigit() and 1 < int(value) <= 100_000 else ""


def _no_query(query) -> str:
    return ""


def _prefix(url_name) -> str:
    return reverse(url_name, args=["placeholder"]).split("placeholder", 1)[0]


class PagePolicy:
    def __init__(self):
        prefixes = [reverse("admin:index"), reverse("articles:preview", args=[0]).rsplit("0/", 1)[0]]
        for url in (settings.STATIC_URL, settings.MEDIA_URL):
            if url and url.startswith("/") and url != "/":  # MEDIA_URL "" reads as "/"
                prefixes.append(url)
        self.skip_prefixes = tuple(prefixes)
        self.bypass_cookies = tuple(f"{name}=" for name in (settings.SESSION_COOKIE_NAME, "messages"))
        self.ssl_redirect = settings.SECURE_SSL_REDIRECT
        self.home = reverse("articles:list")
        # The query parameters each kind of page reads, by path prefix (longest first).
        self.queries = (
            (_prefix("articles:tag"), _list_query),
            (_prefix("articles:source"), _list_query),
            (_prefix("articles:speaker"), _page_query),
            (_prefix("articles:sitemap-section"), _sitemap_query),
        )

    def is_editor(self, request) -> bool:
        """A session or messages cookie: someone logged in (or about to be shown a message)."""
        cookie = request.META.get("HTTP_COOKIE", "")
        return bool(cookie) and any(name in cookie for name in self.bypass_cookies)

    def normalized_query(self, request) -> str:
        path = request.path
        if not request.META.get("QUERY_STRING"):
            return ""
        if path == self.home:
            return _list_query(request.GET)
        for prefix, normalize in self.queries:
            if path.startswith(prefix):
                # Feeds under /tag/<slug>/rss/ read nothing.
                return normalize(request.GET) if path.count("/") <= prefix.count("/") + 1 else ""
        return _no_query(request.GET)

    def key_for(self, request) -> str | None:
        """The cache key for this request, or None when it must bypass the cache."""
        meta = request.META
        if request.method not in ("GET", "HEAD") or self.is_editor(request):
            return None
        path = request.path
        if path.startswith(self.skip_prefixes):
            return None
        if self.ssl_redirect and not request.is_secure():
            return None  # SecurityMiddleware redirects it
        try:
            host = request.get_host()
            query = self.normalized_query(request)
        except SuspiciousOperation:
            return None  # a bad host, too many parameters: the rest of the stack answers 400
        parts = (
            request.scheme,
            host,
            path,
            query,
            "gzip" if ACCEPTS_GZIP.search(meta.get("HTTP_ACCEPT_ENCODING", "")) else "",
            meta.get("HTTP_HX_REQUEST", ""),
            meta.get("HTTP_HX_HISTORY_RESTORE_REQUEST", ""),
            # The list fragment only asks whether the filter form itself triggered it.
            "form" if meta.get("HTTP_HX_TRIGGER") == "filter-form" else "",
        )
        return PAGE_KEY_PREFIX + hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()
