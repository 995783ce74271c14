"""URLs for tests/test_caching.py: the site, plus two probe views whose responses must
never be stored — one sets a cookie, one renders a CSRF token (which sets one)."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def sets_cookie(request):
    response = HttpResponse("<p>صفحة تضع كعكة</p>")
    response.set_cookie("reader_pref", "dark")
    return response


def renders_csrf_token(request):
    return HttpResponse(
        f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}">'
    )


urlpatterns = [
    path("probe/cookie/", sets_cookie),
    path("probe/csrf/", renders_csrf_token),
    *site_urlpatterns,
]
