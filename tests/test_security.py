"""Content-Security-Policy on every response, safe HTML and htmx, production settings,
admin login throttling (PRODUCT §6)."""

import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_editor
from tests.public_urls import public_patterns, url_for

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
PATTERNS = public_patterns()


# ---------------------------------------------------------------- parsing helpers


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name.lower(): value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def start_tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def assert_strict_csp(response, what: str) -> dict:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{what}: no Content-Security-Policy header"
    csp = parse_csp(header)
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src is not None, f"{what}: no script-src"
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, f"{what}: {header}"
    assert "*" not in script_src and "data:" not in script_src, f"{what}: {header}"
    # Django adds the nonce only to responses that used it; without one, no inline script runs at all.
    assert csp.get("frame-ancestors") == ["'none'"], f"{what}: {header}"
    assert csp.get("object-src") == ["'none'"], f"{what}: {header}"
    assert csp.get("base-uri") == ["'none'"], f"{what}: {header}"
    return csp


def assert_scripts_carry_nonce(response, csp, what: str):
    """Every <script> the page runs is ours: a same-origin file ('self'), or inline with
    this response's nonce (editors' pages only: reader pages have no inline script)."""
    if "html" not in response.get("Content-Type", ""):
        return
    nonces = {s[len("'nonce-") : -1] for s in csp["script-src"] if s.startswith("'nonce-")}
    for tag, attrs in start_tags(response.content.decode()):
        if tag != "script" or attrs.get("type") in {"application/ld+json", "application/json"}:
            continue
        src = attrs.get("src", "")
        assert not src or (src.startswith("/") and not src.startswith("//")), f"{what}: foreign script {src}"
        if src:
            assert "'self'" in csp["script-src"], f"{what}: {csp}"
        else:
            assert attrs.get("nonce") in nonces, (
                f"{what}: inline <script> without this response's nonce: {attrs}"
            )


INLINE_HANDLER = re.compile(r"^on[a-z]+$")


def assert_no_inline_code(response, what: str):
    """No inline event handlers, style attributes, javascript: URLs or hx-on in our HTML."""
    if "html" not in response.get("Content-Type", ""):
        return
    for tag, attrs in start_tags(response.content.decode()):
        for name, value in attrs.items():
            assert not INLINE_HANDLER.match(name), f"{what}: <{tag} {name}=…>"
            assert name != "style", f"{what}: <{tag} style=…> (CSP style-src has no 'unsafe-inline')"
            assert not name.startswith(("hx-on", "data-hx-on")), f"{what}: <{tag} {name}>"
            if name in {
                "href",
                "src",
                "action",
                "formaction",
                "hx-get",
                "hx-post",
                "data-hx-get",
                "data-hx-post",
            }:
                assert not value.strip().lower().startswith(("javascript:", "data:text")), f"{what}: {value}"


@pytest.fixture
def corpus(module_corpus, db):
    return module_corpus  # built once for the module (tests/conftest.py)


# ---------------------------------------------------------------- CSP on every page


@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx-partial"])
def test_every_public_response_has_a_strict_csp(client, corpus, pattern, htmx):
    url = url_for(pattern, corpus, client)
    headers = {"HX-Request": "true", "HX-Target": "article-list"} if htmx else {}
    response = client.get(url, headers=headers)
    assert response.status_code < 500
    csp = assert_strict_csp(response, url)
    assert_scripts_carry_nonce(response, csp, url)
    assert_no_inline_code(response, url)


def test_editors_nonce_is_fresh_for_every_response(client, corpus):
    first = parse_csp(client.get("/admin/login/").headers["Content-Security-Policy"])["script-src"]
    second = parse_csp(client.get("/admin/login/").headers["Content-Security-Policy"])["script-src"]
    assert any(value.startswith("'nonce-") for value in first)
    assert first != second


def test_reader_pages_load_htmx_from_self_with_no_nonce(client, corpus):
    """Cacheable pages carry no per-response secret (a shared cache gives everyone the same bytes)."""
    response = client.get("/")
    csp = assert_strict_csp(response, "/")
    assert csp["script-src"] == ["'self'"]
    scripts = [attrs for tag, attrs in start_tags(response.content.decode()) if tag == "script"]
    assert any("htmx" in attrs.get("src", "") and "nonce" not in attrs for attrs in scripts), scripts
    assert_scripts_carry_nonce(response, csp, "/")


@pytest.mark.parametrize(
    "url, headers",
    [
        ("/no-such-page/", {}),
        ("/news/999999999/x/", {}),
        ("/?" + "&".join(f"p{i}=1" for i in range(1100)), {}),
        ("/no-such-page/", {"HX-Request": "true"}),
    ],
    ids=["404", "404-story", "400-too-many-fields", "404-htmx"],
)
def test_error_pages_have_the_csp(client, url, headers):
    response = client.get(url, headers=headers)
    assert response.status_code in {400, 404}
    csp = assert_strict_csp(response, url)
    assert_scripts_carry_nonce(response, csp, url)
    assert_no_inline_code(response, url)


def test_htmx_is_configured_safely(client, corpus):
    """No script tags run from swapped content, no eval, requests to our own origin only."""
    metas = [a for t, a in start_tags(client.get("/").content.decode()) if a.get("name") == "htmx-config"]
    assert len(metas) == 1
    config = json.loads(metas[0]["content"])
    assert config["allowScriptTags"] is False
    assert config["allowEval"] is False
    assert config["selfRequestsOnly"] is True
    # htmx would otherwise inject a <style> element, which the CSP blocks; our CSS styles it.
    assert config["includeIndicatorStyles"] is False
    css = (BASE_DIR / "static" / "css" / "site.css").read_text()
    assert ".htmx-indicator" in css


def test_security_headers_on_pages(client, corpus):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# ---------------------------------------------------------------- the admin under CSP


def _admin_urls(corpus):
    """Every admin page an editor can open, from the resolver (custom pages such as the
    import page included), with object ids filled from the corpus."""
    from django.contrib import admin
    from django.urls import URLPattern, URLResolver

    objects = {"article": corpus.article.pk}
    for model in ["tag", "source"]:
        model_class = {m._meta.model_name: m for m in admin.site._registry}[model]
        objects[model] = model_class.objects.first().pk

    def walk(patterns, names=()):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, names)
            elif isinstance(entry, URLPattern) and entry.name:
                regex = entry.pattern.regex
                if regex.groups == len(regex.groupindex):  # django-reversion's are positional
                    yield entry.name, tuple(regex.groupindex)

    urls = []
    for name, arguments in walk(admin.site.get_urls()):
        if name in {"logout", "password_change_done", "view_on_site", "autocomplete"}:
            continue
        model = next((m for m in objects if name.startswith(f"articles_{m}_")), None)
        if arguments == ():
            urls.append(reverse(f"admin:{name}"))
        elif arguments == ("object_id",) and model:
            urls.append(reverse(f"admin:{name}", args=[objects[model]]))
        elif arguments == ("app_label",):
            urls.append(reverse(f"admin:{name}", kwargs={"app_label": "articles"}))
    urls += [
        reverse("admin:articles_article_changelist") + "?q=%3Cscript%3E&status=draft",
        reverse("admin:autocomplete") + "?app_label=articles&model_name=articletag&field_name=tag&term=ك",
    ]
    return urls


def test_admin_login_page_has_the_csp():
    response = Client().get(reverse("admin:login"))
    assert response.status_code == 200
    csp = assert_strict_csp(response, "admin login")
    assert_scripts_carry_nonce(response, csp, "admin login")


def test_every_admin_page_has_the_csp(client, corpus):
    client.force_login(make_editor())
    urls = _admin_urls(corpus)
    assert len(urls) > 15
    for url in urls:
        response = client.get(url)
        # 403: axes logs are read-only; 405: the story form's live preview answers POSTs only.
        assert response.status_code in {200, 302, 403, 405}, url
        csp = assert_strict_csp(response, url)
        assert_scripts_carry_nonce(response, csp, url)


# ---------------------------------------------------------------- production settings


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSROOM_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="news.example.com",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        SITE_URL="https://news.example.com",
        **extra,
    )
    return env


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "DEBUG", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_values():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_HSTS_PRELOAD','SECURE_SSL_REDIRECT',"
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','SECURE_REFERRER_POLICY',"
        "'SECURE_CROSS_ORIGIN_OPENER_POLICY','SECURE_CONTENT_TYPE_NOSNIFF','X_FRAME_OPTIONS','DEBUG']}))"
    )
    result = _manage("shell", "-c", code, env=_production_env())
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_HSTS_PRELOAD"]
    assert values["SECURE_SSL_REDIRECT"]
    assert (
        values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    )
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] and values["X_FRAME_OPTIONS"] == "DENY"


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    env.pop("DJANGO_SECRET_KEY")
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_a_site_url():
    """Feeds and sitemaps would link every reader to 127.0.0.1: refuse instead of guessing."""
    env = _production_env()
    env.pop("SITE_URL")
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr
    assert _manage("check", env=_production_env()).returncode == 0


def test_hsts_and_secure_redirect_over_the_wire(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    client = Client()
    assert client.get("/robots.txt").status_code == 301
    response = client.get("/robots.txt", secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


# ---------------------------------------------------------------- admin login


def _login(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def test_admin_login_is_throttled_after_the_failure_limit():
    editor = make_editor("mona")
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert _login(client, "mona", "wrong").status_code == 200  # the form again, with an error
    # The limit-th failure locks; from then on even the right password is refused.
    assert _login(client, "mona", "wrong").status_code == 429
    refused = _login(client, "mona", editor.raw_password)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    # Lockout is per username: the same editor from another address is refused too (an
    # attacker cannot go on guessing from a second address) ...
    assert _login(Client(), "mona", editor.raw_password, ip="198.51.100.9").status_code == 429
    # ... and per address: this address cannot go on with other usernames.
    make_editor("salma")
    assert _login(Client(), "salma", "كلمة-سر-طويلة-123").status_code == 429
    # Another editor from another address signs in.
    assert _login(Client(), "salma", "كلمة-سر-طويلة-123", ip="198.51.100.10").status_code == 302


def test_a_successful_login_resets_the_failure_count():
    editor = make_editor("huda")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "huda", "wrong")
    assert _login(client, "huda", editor.raw_password).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "huda", "wrong").status_code == 200
    assert _login(client, "huda", editor.raw_password).status_code == 302


def test_client_login_without_a_request_still_works(client):
    """Throttling needs a request; the test client's login() has none and is not refused."""
    editor = make_editor("noor")
    assert client.login(username="noor", password=editor.raw_password)
    assert client.get(reverse("admin:index")).status_code == 200
    assert not client.login(username="noor", password="wrong")


def test_admin_login_sets_secure_httponly_cookies_and_needs_csrf():
    editor = make_editor("rania")
    client = Client(enforce_csrf_checks=True)
    assert _login(client, "rania", editor.raw_password).status_code == 403  # no CSRF token
    page = client.get(reverse("admin:login"))
    token = page.cookies["csrftoken"].value
    assert page.cookies["csrftoken"]["secure"]
    response = client.post(
        reverse("admin:login"),
        {"username": "rania", "password": editor.raw_password, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_cached_page_hits_keep_every_security_header(client, corpus):
    """The page cache answers before the rest of the stack: its hits must carry the same
    policy headers (and, reader pages using no nonce, the very same policy)."""
    names = [
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
    ]
    for url in ["/", corpus.article.get_absolute_url()]:
        first = client.get(url)
        second = client.get(url)
        assert second.headers.get("X-Cache") == "HIT", url
        for name in names:
            assert name in second.headers, f"{url}: cached hit without {name}"
        assert first.headers["Content-Security-Policy"] == second.headers["Content-Security-Policy"]
        csp = assert_strict_csp(second, url)
        assert_scripts_carry_nonce(second, csp, url)


def test_parameters_with_nul_are_ignored(client, corpus):
    """Dropped before any view: the list shows every story, the admin's filter is not applied."""
    for url in ["/?q=%00", "/?tag=a%00&q=", "/feeds/rss/?x=%00"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(response, url)
    assert corpus.article.headline in client.get("/?q=%00").content.decode()
    assert client.get("/?q=%2500").status_code == 200  # a literal "%00" is text, not NUL
    client.force_login(make_editor())
    response = client.get("/admin/articles/article/?status__exact=%00&q=%00")
    assert response.status_code == 200
    assert corpus.article.headline in response.content.decode()
