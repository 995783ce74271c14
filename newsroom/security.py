"""Security plumbing that is ours rather than a setting: the throttled login backend, the
client address behind trusted proxies, the request-size limit and the dropping of query
parameters that carry NUL characters."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponse, QueryDict


class ThrottledLoginBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that arrive as HTTP requests.

    Every web login (the admin's login form) passes its request, so it is throttled.
    `authenticate()` without a request is not a web login — the test client's
    `client.login()`, a shell — and there is no client IP to lock out, so instead of
    raising (axes' default) this backend stays out of the way and the next backend
    checks the password as usual.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class DropNulParametersMiddleware:
    """Query parameters carrying a NUL character are ignored, as if never sent.

    No URL of ours has a use for NUL, and PostgreSQL refuses it in any text parameter:
    our forms reject it already, but the admin's list filters and autocomplete hand query
    values straight to the database, where it was a 500. Dropping such parameters here
    covers every view, and a reader's list with `?q=%00` simply shows all stories.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if "%00" in raw or "\x00" in raw:
            kept = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                values = [value for value in values if "\x00" not in value]
                if values and "\x00" not in key:
                    kept.setlist(key, values)
            kept._mutable = False
            request.GET = kept
        return self.get_response(request)


# axes stores the username tried in a 255-character column; the admin's login form does not
# enforce the user model's max_length before authenticating (Django sets it after the field
# is built, without a validator), so a longer one was a 500 on PostgreSQL.
AXES_USERNAME_CHARS = 255


def login_username(request, credentials=None) -> str | None:
    """The username the login throttle counts (settings.AXES_USERNAME_CALLABLE), cut to fit."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username") if source else None
    return username[:AXES_USERNAME_CHARS] if isinstance(username, str) else username


def client_ip(request) -> str:
    """The client's address as the login throttle sees it (settings.AXES_CLIENT_IP_CALLABLE).

    Without proxies (TRUSTED_PROXY_COUNT 0) it is the connection's REMOTE_ADDR. Behind N
    trusted proxies each appends the address it received the request from to
    CLIENT_IP_HEADER (X-Forwarded-For), so the client is the N-th entry from the right;
    anything further left was written by the client and is not believed. A header shorter
    than N entries means a proxy is missing or misconfigured: REMOTE_ADDR is used.

    Ten lines of our own rather than django-ipware: ipware's "proxy count" also trusts the
    left-most entry when the chain is shorter, which the client controls.
    """
    count = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get(settings.CLIENT_IP_HEADER, "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < count:
        return remote
    return chain[-count]


class RequestSizeLimitMiddleware:
    """A request whose declared body exceeds settings.REQUEST_MAX_BYTES is a 413 at once.

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, which are streamed
    to disk in full before any view can refuse them; this looks only at Content-Length,
    before a byte of the body is read. (A body without Content-Length — chunked — is not
    read by Django at all.) It comes first in MIDDLEWARE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_MAX_BYTES:
            response = HttpResponse(
                "Request body too large.\n", status=413, content_type="text/plain; charset=utf-8"
            )
            # The body is left unread: the server must not keep the connection for another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
