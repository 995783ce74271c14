"""Security plumbing that is ours rather than a setting: the throttled login backend."""

from axes.backends import AxesStandaloneBackend


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
