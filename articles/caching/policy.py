"""Which requests the page cache may answer, and under which key.

Works on the WSGI environ (`request.META` is the same dict), so the middleware and
the WSGI front (`wsgi.CachedPagesApp`) compute identical keys.

A request is eligible when it is a GET or HEAD, outside the admin, preview, static
and media URLs, carries no session cookie (editors — logged in — always bypass) nor
a `messages` cookie, is not about to be redirected to HTTPS, and names an allowed
host. The key is the scheme, host, path, query and the htmx request headers: an htmx
partial and the full page at the same URL are two entries.
"""

import hashlib

from django.conf import settings
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http.request import split_domain_port, validate_host
from django.urls import reverse
from django.utils.translation import get_language_from_request

PAGE_KEY_PREFIX = "page-cache:page:"
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


class PagePolicy:
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
        self.multilingual = len(settings.LANGUAGES) > 1
        self._hosts: dict[str, bool] = {}

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

    def key_for(self, meta, request=None) -> str | None:
        """The cache key for this request, or None when it must bypass the cache."""
        if meta.get("REQUEST_METHOD") not in ("GET", "HEAD") or self.is_editor(meta):
            return None
        path = request.path if request is not None else wsgi_path(meta)
        if path.startswith(self.skip_prefixes):
            return None
        scheme = self.scheme(meta)
        if self.ssl_redirect and scheme != "https":
            return None  # SecurityMiddleware redirects it
        host = self.host(meta)
        if host is None:
            return None  # the rest of the stack answers 400
        parts = [
            scheme,
            host,
            path,
            meta.get("QUERY_STRING", ""),
            *(meta.get(name, "") for name in KEY_HEADERS),
        ]
        if self.multilingual:
            if request is None:
                return None  # the language needs the full request: leave it to the middleware
            parts.append(get_language_from_request(request))
        return PAGE_KEY_PREFIX + hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).hexdigest()


def wsgi_path(environ) -> str:
    """request.path, computed as WSGIRequest does (the decoded path, not the raw bytes)."""
    script_name = get_script_name(environ)
    path_info = get_path_info(environ) or "/"
    return "%s/%s" % (script_name.rstrip("/"), path_info.replace("/", "", 1))  # noqa: UP031 (as Django)
