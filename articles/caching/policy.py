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
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http import QueryDict
from django.http.request import split_domain_port, validate_host
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


def _prefix(url_name) -> str:
    return reverse(url_name, args=["placeholder"]).split("placeholder", 1)[0]


class PagePolicy:
    MEMO_SIZE = 4096

    def __init__(self):
        prefixes = [reverse("admin:index"), reverse("articles:preview", args=[0]).rsplit("0/", 1)[0]]
        for url in (settings.STATIC_URL, settings.MEDIA_URL):
            if url and url.startswith("/") and url != "/":  # MEDIA_URL "" reads as "/"
                prefixes.append(url)
        self.skip_prefixes = tuple(prefixes)
        self.bypass_cookies = tuple(f"{name}=" for name in (settings.SESSION_COOKIE_NAME, "messages"))
        self.ssl_redirect = settings.SECURE_SSL_REDIRECT
        self.proxy_ssl_header = settings.SECURE_PROXY_SSL_HEADER
        self.forwarded_host = settings.USE_X_FORWARDED_HOST
        self.allowed_hosts = list(settings.ALLOWED_HOSTS)
        if settings.DEBUG and not self.allowed_hosts:
            self.allowed_hosts = [".localhost", "127.0.0.1", "[::1]"]
        self._hosts: dict[str, bool] = {}
        # What the key is computed from: requests alike in these share it (memo, bounded).
        self.raw_names = (
            "SCRIPT_NAME",
            "PATH_INFO",
            "QUERY_STRING",
            "HTTP_HOST",
            "SERVER_NAME",
            "SERVER_PORT",
            "wsgi.url_scheme",
            "HTTP_X_FORWARDED_HOST",
            "HTTP_ACCEPT_ENCODING",
            "HTTP_HX_REQUEST",
            "HTTP_HX_HISTORY_RESTORE_REQUEST",
            "HTTP_HX_TRIGGER",
            *([self.proxy_ssl_header[0]] if self.proxy_ssl_header else []),
        )
        self._keys: dict[tuple, str] = {}
        self.home = reverse("articles:list")
        self.story_prefix = reverse("articles:detail-short", args=[0]).rsplit("0/", 1)[0]
        # The query parameters each kind of page reads, by path prefix (longest first).
        self.queries = (
            (_prefix("articles:tag"), _list_query),
            (_prefix("articles:source"), _list_query),
            (_prefix("articles:section"), _list_query),
            (_prefix("articles:speaker"), _page_query),
            (_prefix("articles:sitemap-section"), _sitemap_query),
        )

    def is_editor(self, meta) -> bool:
        """A session or messages cookie: someone logged in (or about to be shown a message)."""
        cookie = meta.get("HTTP_COOKIE", "")
        return bool(cookie) and any(name in cookie for name in self.bypass_cookies)

    def scheme(self, meta) -> str:
        if self.proxy_ssl_header:
            header, secure_value = self.proxy_ssl_header
            value = meta.get(header)
            if value is not None:
                return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
        return meta.get("wsgi.url_scheme", "http")

    def host(self, meta) -> str | None:
        """The request's host if allowed (as HttpRequest.get_host() decides), else None."""
        if self.forwarded_host and "HTTP_X_FORWARDED_HOST" in meta:
            host = meta["HTTP_X_FORWARDED_HOST"]
        else:
            host = meta.get("HTTP_HOST") or f"{meta.get('SERVER_NAME', '')}:{meta.get('SERVER_PORT', '')}"
        allowed = self._hosts.get(host)
        if allowed is None:
            domain, _port = split_domain_port(host)
            allowed = bool(domain) and validate_host(domain, self.allowed_hosts)
            if len(self._hosts) < 1000:
                self._hosts[host] = allowed
        return host if allowed else None

    def normalized_query(self, path: str, query_string: str) -> str:
        if not query_string:
            return ""
        if path.endswith("/live/") and path.startswith(self.story_prefix):
            # The live notice reads only the last update id the page has.
            value = QueryDict(query_string).get("after", "")
            return f"?after={int(value)}" if value.isdigit() and len(value) <= 18 else ""
        if path == self.home:
            return _list_query(QueryDict(query_string))
        for prefix, normalize in self.queries:
            if path.startswith(prefix):
                # Feeds under /tag/<slug>/rss/ read nothing.
                if path.count("/") > prefix.count("/") + 1:
                    return ""
                return normalize(QueryDict(query_string))
        return ""

    def key_for(self, meta, path: str | None = None) -> str | None:
        """The cache key for this request — its WSGI environ, or request.META with
        request.path (Django replaces META's PATH_INFO by the decoded path) — or None
        when it must bypass the cache."""
        if meta.get("REQUEST_METHOD") not in ("GET", "HEAD") or self.is_editor(meta):
            return None
        raw = tuple(map(meta.get, self.raw_names))
        key = self._keys.get(raw)
        if key is None:
            key = self._key(meta, path if path is not None else wsgi_path(meta))
            if len(self._keys) < self.MEMO_SIZE:
                self._keys[raw] = key
        return key or None

    def _key(self, meta, path: str) -> str:
        if path.startswith(self.skip_prefixes):
            return ""
        scheme = self.scheme(meta)
        if self.ssl_redirect and scheme != "https":
            return ""  # SecurityMiddleware redirects it
        host = self.host(meta)
        if host is None:
            return ""  # the rest of the stack answers 400
        try:
            query = self.normalized_query(path, meta.get("QUERY_STRING", ""))
        except SuspiciousOperation:
            return ""  # too many parameters: the rest of the stack answers 400
        parts = (
            scheme,
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


def wsgi_path(environ) -> str:
    """request.path, computed as WSGIRequest does (the decoded path, not the raw bytes)."""
    script_name = get_script_name(environ)
    path_info = get_path_info(environ) or "/"
    return "%s/%s" % (script_name.rstrip("/"), path_info.replace("/", "", 1))  # noqa: UP031 (as Django)
