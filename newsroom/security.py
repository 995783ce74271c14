"""Security plumbing that is ours rather than a setting: the throttled login backend and
the dropping of query parameters that carry NUL characters."""

from axes.backends import AxesStandaloneBackend
from django.http import QueryDict


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
