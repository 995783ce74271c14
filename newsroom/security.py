"""Security plumbing that is ours rather than a setting: the throttled login backend and
the refusal of NUL characters in query strings."""

from axes.backends import AxesStandaloneBackend
from django.core.exceptions import BadRequest


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


class RejectNulInQueryMiddleware:
    """A query string carrying a NUL character is a 400 Bad Request.

    No URL of ours has a use for NUL, and PostgreSQL refuses it in any text parameter:
    our forms reject it already, but the admin's list filters and autocomplete hand query
    values straight to the database, where it was a 500. One check here covers every view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", "") or "\x00" in request.META.get("QUERY_STRING", ""):
            for key, values in request.GET.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("NUL character in the query string")
        return self.get_response(request)
