"""Bad input never yields a 500 (PRODUCT §6), on every public URL.

The URLs come from the resolver (tests/public_urls.py), so a page added later is driven
with the same attacks. Each case must answer 400 / 404 / a redirect, or ignore the
input and answer 200 — and nothing an attacker sent may come back unescaped.
"""

import inspect
import unicodedata
from urllib.parse import quote, urlencode

import pytest
from django import forms
from django.test import Client

import articles.forms
from tests.public_urls import (
    public_patterns,
    replace_segment,
    slug_argument,
    url_for,
    url_kwargs,
)

pytestmark = pytest.mark.django_db

PATTERNS = public_patterns()
SCRIPT = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"


def _form_field_names() -> list[str]:
    """Every field of every filter form (so a filter added later is attacked too)."""
    names = {"page", "q", "tag", "source", "range", "speaker", "sort", "format"}
    for obj in vars(articles.forms).values():
        if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and hasattr(obj, "base_fields"):
            names |= set(obj.base_fields)
    return sorted(names)


PARAMS = _form_field_names()


def _qs(pairs) -> str:
    return urlencode(pairs, quote_via=quote)


# name -> raw query string (already percent-encoded where needed)
QUERY_ATTACKS = {
    "page-abc": "page=abc",
    "page-negative": "page=-1",
    "page-zero": "page=0",
    "page-float": "page=1.5",
    "page-huge": "page=99999999999999999999",
    "page-arabic-digit": _qs([("page", "٢")]),
    "page-far-away": "page=100000",
    "page-exponent": "page=1e5",
    "page-empty": "page=",
    "unknown-param": "utm_source=x&foo=%3Cb%3E&__proto__=1",
    "empty-params": "&".join(f"{p}=" for p in PARAMS),
    "repeated-params": "&".join(f"{p}=1&{p}=2&{p}=" for p in PARAMS),
    "script-in-every-param": _qs([(p, SCRIPT) for p in PARAMS]),
    "script-as-param-name": _qs([(SCRIPT, "1")]),
    "quotes-in-every-param": _qs([(p, "\"'`\\;--") for p in PARAMS]),
    "long-q": _qs([("q", "ب" * 60_000)]),
    "long-every-param": _qs([(p, "x" * 5_000) for p in PARAMS]),
    "nul-in-every-param": "&".join(f"{p}=%00" for p in PARAMS),
    "nul-inside-word": "q=%D8%A8%00%D8%A8&tag=a%00b",
    "invalid-utf8-every-param": "&".join(f"{p}=%FF%FE" for p in PARAMS),
    "invalid-utf8-name": "%FF%FE=1",
    "lone-surrogate": "q=%ED%A0%80",
    "bidi-and-zero-width": _qs([("q", "\u202egnp.exe\u200b"), ("tag", "\u2066x\u2069")]),
    "over-1000-params": "&".join(f"p{i}=1" for i in range(1_100)),
    "malformed-pairs": "=&&=&q&&page&=x&%=%&q=%",
    "sql-ish": _qs([("q", "' OR 1=1 --"), ("tag", "a'; DROP TABLE articles_article; --")]),
    "regex-and-like-wildcards": _qs([("q", ".*%_[(\\"), ("tag", "%"), ("source", "_")]),
    "range-unknown": "range=year&range=%3Cscript%3E",
}


def _param_id(p):
    return str(p)


@pytest.fixture
def corpus(module_corpus, db):
    return module_corpus  # built once for the module (tests/conftest.py)


def _assert_polite(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    body = response.content.decode("utf-8", "replace")
    assert "<script>alert(1)" not in body, f"{what}: attacker's script echoed unescaped"
    assert "onerror=alert(2)" not in body.replace("onerror=alert(2)&gt;", ""), f"{what}: handler echoed"


def _failures(client, requests) -> list[str]:
    """Run (label, url, headers) requests; the labels of those that were not polite.

    One test per URL runs every attack (the corpus is built once, not once per attack);
    the failure message still names each attack that failed.
    """
    failed = []
    for label, url, headers in requests:
        try:
            _assert_polite(client.get(url, headers=headers), label)
        except AssertionError as error:
            failed.append(str(error).splitlines()[0])
        except Exception as error:  # the test client re-raises what a view raised: a 500
            failed.append(f"{label}: 500 ({type(error).__name__}: {str(error)[:120]})")
    return failed


HX = {"HX-Request": "true", "HX-Target": SCRIPT, "HX-Current-URL": "javascript:alert(1)"}


@pytest.mark.parametrize("pattern", PATTERNS, ids=_param_id)
def test_query_attacks_never_500(client, corpus, pattern):
    """Every query-string attack, as a page request and as an HTMX request."""
    url = url_for(pattern, corpus, client)
    requests = [(f"{attack}", f"{url}?{query}", {}) for attack, query in QUERY_ATTACKS.items()]
    requests += [(f"HX {attack}", f"{url}?{query}", HX) for attack, query in QUERY_ATTACKS.items()]
    assert _failures(client, requests) == []


@pytest.mark.parametrize("pattern", PATTERNS, ids=_param_id)
def test_htmx_request_on_every_url(client, corpus, pattern):
    url = url_for(pattern, corpus, client)
    plain = client.get(url)
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "article-list"})
    assert partial.status_code == plain.status_code < 500


@pytest.mark.parametrize("pattern", PATTERNS, ids=_param_id)
def test_wrong_host_is_400(client, corpus, pattern):
    url = url_for(pattern, corpus, client)
    for host in ["evil.example.com", "testserver.evil.com", "a" * 300, "xn--", "127.0.0.1@evil.com"]:
        assert client.get(url, headers={"host": host}).status_code == 400, host


@pytest.mark.parametrize("pattern", PATTERNS, ids=_param_id)
def test_post_without_csrf_is_refused(corpus, pattern):
    client = Client(enforce_csrf_checks=True)
    url = url_for(pattern, corpus, client)
    response = client.post(url, {"q": SCRIPT})
    assert response.status_code in {403, 405}, response.status_code


@pytest.mark.parametrize("pattern", PATTERNS, ids=_param_id)
def test_raw_invalid_utf8_bytes_in_query_string(client, corpus, pattern):
    """Bytes a browser never percent-encodes (WSGI hands them over as latin-1)."""
    url = url_for(pattern, corpus, client)
    response = client.generic("GET", url, QUERY_STRING="q=\xff\xfe\x00&page=\xd9&tag=\xc3\x28")
    _assert_polite(response, f"{url} raw bytes")


def test_over_1000_parameters_is_400_on_the_list(client, corpus):
    """DATA_UPLOAD_MAX_NUMBER_FIELDS: TooManyFieldsSent is a 400 for GET too."""
    response = client.get("/?" + QUERY_ATTACKS["over-1000-params"])
    assert response.status_code == 400


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "٢", "99999999999999999999", "%00", "%FF%FE"])
def test_bad_page_on_the_list_is_ignored_or_refused(client, corpus, page):
    response = client.get(f"/?page={quote(page, safe='%')}")
    assert response.status_code in {200, 400, 404}


SLUG_PATTERNS = [p for p in PATTERNS if slug_argument(p)]

SLUG_ATTACKS = {
    "nul": "%00",
    "nul-suffix": "{slug}%00",
    "invalid-utf8": "%FF%FE",
    "script": quote(SCRIPT, safe=""),
    "very-long": "ب" * 2_000,
    "dot-dot": "..",
    "encoded-slash": "a%2Fb",
    "spaces": "%20%20",
    "bidi-override": quote("\u202e{slug}", safe=""),
    "zero-width-inside": quote("\u200b{slug}\u200c", safe=""),
    "percent-encoded": quote("{slug}", safe=""),
    "nfd": quote(unicodedata.normalize("NFD", "{slug}"), safe=""),
    "tashkeel-and-tatweel": quote("{slug}ـــَ", safe=""),
    "alef-variants": quote("{slug}-أإآ", safe=""),
    "emoji": quote("📰🔥", safe=""),
}


@pytest.mark.parametrize("pattern", SLUG_PATTERNS, ids=_param_id)
def test_slug_attacks_never_500(client, corpus, pattern):
    url = url_for(pattern, corpus, client)
    slug = str(url_kwargs(url)[slug_argument(pattern)])
    requests = []
    for attack, template in SLUG_ATTACKS.items():
        segment = template.replace(quote("{slug}", safe=""), quote(slug, safe="")).replace("{slug}", slug)
        requests.append((attack, replace_segment(url, slug, segment), {}))
    assert _failures(client, requests) == []
    encoded = replace_segment(url, slug, quote(slug, safe=""))
    assert client.get(encoded).status_code == client.get(url).status_code == 200


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p.int_arguments], ids=_param_id)
def test_bad_ids_never_500(client, corpus, pattern):
    url = url_for(pattern, corpus, client)
    pk = str(url_kwargs(url)[next(iter(pattern.int_arguments))])
    for value in ["0", "99999999999999999999999", "-1", "%D9%A2", "1.5", "%00", "1e3", "0x1"]:
        response = client.get(url.replace(f"/{pk}/", f"/{value}/", 1))
        assert response.status_code in {301, 302, 400, 404}, (value, response.status_code)


# ---------------------------------------------------------------- the admin's own query strings

ADMIN_QUERIES = [
    "q=%00",
    "q=%FF%FE",
    "q=" + quote(SCRIPT),
    "q=" + quote("ب" * 5_000),
    "q=" + quote(".*[(\\"),
    "q=" + quote("\u202e\u200b"),
    "o=abc",
    "o=999",
    "o=-1.-2",
    "p=abc",
    "p=99999",
    "p=-1",
    "status__exact=bogus",
    "status__exact=%00",
    "source__id__exact=abc",
    "source__id__exact=99999999999999999999",
    "needs_review__exact=maybe",
    "published_at__gte=not-a-date",
    "published_at__year=99999&published_at__month=13",
    "published_at__day=%00",
    "e=1",
    "_changelist_filters=" + quote("status__exact=<script>"),
    "all=&" + "&".join(f"x{i}=1" for i in range(50)),
    "headline__regex=" + quote("(((a)*)*)*"),
    "id__in=1,abc",
]


@pytest.mark.parametrize("model", ["article", "tag", "source"])
def test_admin_changelists_never_500(client, corpus, model):
    from tests.factories import make_editor

    client.force_login(make_editor())
    requests = [(f"admin {model} {q}", f"/admin/articles/{model}/?{q}", {}) for q in ADMIN_QUERIES]
    assert _failures(client, requests) == []


@pytest.mark.parametrize(
    "term", ["%00", "%FF%FE", quote(SCRIPT), quote("ب" * 3_000), quote(".*[(\\"), ""], ids=str
)
def test_admin_autocomplete_never_500(client, corpus, term):
    from tests.factories import make_editor

    client.force_login(make_editor())
    for field in [
        "app_label=articles&model_name=articletag&field_name=tag",
        "app_label=x&model_name=y&field_name=z",
    ]:
        response = client.get(f"/admin/autocomplete/?{field}&term={term}")
        assert response.status_code in {200, 403, 404}, (field, term, response.status_code)


HOSTILE_HEADERS = {
    "cookie-garbage": {"Cookie": "sessionid=%00<script>; csrftoken=\"'<x>; =; ;;"},
    "cookie-huge": {"Cookie": "sessionid=" + "a" * 8_000},
    "accept-language": {"Accept-Language": "xx-ZZ;q=abc, *;q=-1, ../../etc/passwd, ar-ٍSA"},
    "if-none-match-garbage": {"If-None-Match": 'W/"<script>", *, "' + "x" * 500},
    "if-none-match-star": {"If-None-Match": "*"},
    "if-modified-since-garbage": {"If-Modified-Since": "yesterday at noon"},
    "if-modified-since-future": {"If-Modified-Since": "Fri, 31 Dec 9999 23:59:59 GMT"},
    "if-modified-since-epoch": {"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"},
    "range": {"Range": "bytes=abc-def, 5-1"},
    "accept-encoding": {"Accept-Encoding": "gzip;q=abc, br;q=-1, *;q=2, identity;q=0"},
    "user-agent-huge": {"User-Agent": "Mozilla " * 2_000},
    "forwarded-garbage": {"X-Forwarded-Proto": "https, http, <x>", "X-Forwarded-For": "not-an-ip, ::::"},
    "hx-garbage": {"HX-Request": "<script>", "HX-Trigger": "%00", "HX-Boosted": "yes", "HX-Prompt": "\u202e"},
}


@pytest.mark.parametrize("pattern", PATTERNS, ids=_param_id)
def test_hostile_headers_never_500(client, corpus, pattern):
    """Cookies, content negotiation and the page cache's conditional-request headers."""
    url = url_for(pattern, corpus, client)
    client.get(url)  # so the page cache holds it and answers the conditional requests itself
    requests = [(name, url, headers) for name, headers in HOSTILE_HEADERS.items()]
    assert _failures(client, requests) == []


def _wsgi_get(url, **headers):
    """A request through newsroom.wsgi.application, as gunicorn sends it (the raw
    environ: the page cache's key is built from it, so it is attacked too)."""
    from urllib.parse import unquote_to_bytes, urlsplit

    from django.core import signals
    from django.db import close_old_connections
    from django.test import RequestFactory

    from newsroom.wsgi import application

    parts = urlsplit(url)
    meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    environ = RequestFactory()._base_environ(
        PATH_INFO=unquote_to_bytes(parts.path).decode("latin-1"),  # WSGI: bytes as latin-1
        QUERY_STRING=parts.query,
        REQUEST_METHOD="GET",
        **meta,
    )
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"] = int(status.split()[0])

    # As the test client does: the handler must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        body = b"".join(response)
        if hasattr(response, "close"):
            response.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return captured["status"], body


@pytest.mark.parametrize("pattern", PATTERNS, ids=_param_id)
def test_wsgi_page_cache_layer_is_polite_too(client, corpus, pattern):
    url = url_for(pattern, corpus, client)
    status, _ = _wsgi_get(url)
    assert status < 500
    status, _ = _wsgi_get(url)  # now a hit, if the page is cacheable
    assert status < 500
    for name, headers in HOSTILE_HEADERS.items():
        status, body = _wsgi_get(url, **headers)
        assert status < 500, name
        assert b"<script>alert" not in body
    assert _wsgi_get(url, host="evil.example.com")[0] == 400
