"""The shared-cache tier for real: varnishd (deploy/varnish/newsroom.vcl, xkey) in front
of gunicorn serving its own SQLite database, and a separate writer process purging.

Skipped with a reason on a machine without varnishd; never in CI (CI set), where
`.ci/run` installs it.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PAGE_SECONDS = 3  # short, so the dead-backend test sees an expired page served stale


def _varnish_missing_reason():
    if Path(VARNISHD).exists():
        return None
    if os.environ.get("CI"):
        pytest.fail("varnishd is missing and CI is set: .ci/run installs varnish and varnish-modules")
    return "varnishd is not installed (Debian packages varnish, varnish-modules)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {seconds} s")


class Site:
    def __init__(self, env, varnish_port, app_port, gunicorn):
        self.env, self.varnish_port, self.app_port, self.gunicorn = env, varnish_port, app_port, gunicorn

    def get(self, path, headers=None, port=None):
        connection = http.client.HTTPConnection("127.0.0.1", port or self.varnish_port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1", **(headers or {})})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def django(self, code: str) -> str:
        """Run `code` in a separate Django process on the site's database (a writer)."""
        done = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout.strip()


@pytest.fixture(scope="module")
def site():
    reason = _varnish_missing_reason()
    if reason:
        pytest.skip(reason)
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    os.chmod(workdir, 0o755)  # noqa: S103 (varnishd's worker, user vcache, reads the VCL here)
    app_port, varnish_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'site.sqlite3'}",
        "PAGE_CACHE_PURGE_LOG": str(workdir / "purges"),
        "PAGE_CACHE_SECONDS": str(PAGE_SECONDS),
        "VARNISH_PURGE_HOSTS": f"127.0.0.1:{varnish_port}",
        "REDIS_URL": "",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    demo = [*manage, "generate_demo", "30", "--seed", "5", "--no-pictures", "-v0"]  # no test reads a picture
    subprocess.run(demo, cwd=ROOT, env=env, check=True, timeout=300)
    gunicorn = subprocess.Popen(
        [GUNICORN, "newsroom.wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{app_port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    vcl = workdir / "newsroom.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{app_port}";'))
    varnish = subprocess.Popen(
        [
            VARNISHD,
            "-F",
            "-n",
            str(workdir / "varnish"),
            "-a",
            f"127.0.0.1:{varnish_port}",
            "-f",
            str(vcl),
            "-s",
            "malloc,64m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(app_port)
        wait_for(varnish_port)
        site = Site(env, varnish_port, app_port, gunicorn)
        deadline = time.monotonic() + 15
        while site.get("/robots.txt")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.2)  # the probe marks the backend healthy
        yield site
    finally:
        for process in (varnish, gunicorn):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def story_urls(site, count=2):
    code = (
        "from articles.models import Article\n"
        f"for a in Article.objects.published().order_by('-published_at')[:{count}]:\n"
        "    print(a.pk, a.get_absolute_url(), a.tags.first().get_absolute_url() if a.tags.exists() else '')"
    )
    return [line.split() for line in site.django(code).splitlines()]


def test_anonymous_pages_are_served_from_varnish(site):
    (_, url, _tag), *_ = story_urls(site, 1)
    status, _, _ = site.get(url)
    assert status == 200
    status, second, html = site.get(url)
    assert (status, second["X-Varnish-Cache"]) == (200, "HIT")
    assert "s-maxage=" in second["Cache-Control"]
    assert "xkey" not in {name.lower() for name in second}  # keys are for caches only
    assert 'lang="ar"' in html
    # Any cookie but an editor's is dropped: still the shared page.
    assert site.get(url, {"Cookie": "_ga=GA1.2.3"})[1]["X-Varnish-Cache"] == "HIT"


def test_editors_cookies_pass_through(site):
    (_, url, _tag), *_ = story_urls(site, 1)
    site.get(url), site.get(url)
    for _ in range(2):
        _, headers, _ = site.get(url, {"Cookie": "sessionid=someone"})
        assert headers["X-Varnish-Cache"] == "MISS"
        assert headers["X-Cache"] == "BYPASS"  # the app saw the editor, and did not cache either
        assert "private" in headers["Cache-Control"]
    status, headers, _ = site.get("/admin/login/")
    assert status == 200 and headers["X-Varnish-Cache"] == "MISS"
    assert "nonce-" in headers["Content-Security-Policy"]


def test_htmx_partials_are_cached_apart(site):
    site.get("/"), site.get("/", {"HX-Request": "true"})
    _, full_headers, full = site.get("/")
    _, part_headers, partial = site.get("/", {"HX-Request": "true"})
    assert full_headers["X-Varnish-Cache"] == part_headers["X-Varnish-Cache"] == "HIT"
    assert "<html" in full and "<html" not in partial


def _edit_and_wait_fresh(site, pk, pages):
    site.django(
        "from articles import services\nfrom articles.models import Article\n"
        f"a = Article.objects.get(pk={pk}); a.headline = 'عنوان جديد بعد التحرير العاجل'\n"
        "services.save_story(a)"
    )
    edited = time.monotonic()
    fresh = {}
    for page in pages:
        while True:
            _, _, html = site.get(page)
            if "عنوان جديد بعد التحرير العاجل" in html:
                fresh[page] = time.monotonic() - edited
                break
            assert time.monotonic() - edited < 1.0, f"{page} still stale after 1 s"
            time.sleep(0.05)
    return fresh


def test_an_edit_purges_the_pages_showing_the_story(site):
    (pk, url, tag_url), *_ = story_urls(site, 1)
    pages = [url, "/", tag_url]
    for page in pages:
        site.get(page)
    assert all(site.get(page)[1]["X-Varnish-Cache"] == "HIT" for page in pages)
    assert max(_edit_and_wait_fresh(site, pk, pages).values()) < 1.0


def test_an_edit_leaves_unrelated_pages_cached(site):
    (pk, url, _tag), *_ = story_urls(site, 1)
    unrelated_tag = site.django(
        "from articles.models import Tag\n"
        f"print(Tag.objects.exclude(articles__pk={pk}).filter(articles__isnull=False).first().get_absolute_url())"
    )
    site.get(unrelated_tag)
    assert site.get(unrelated_tag)[1]["X-Varnish-Cache"] == "HIT"
    _edit_and_wait_fresh(site, pk, [url])
    # The edited story's neighbours had their similar stories recomputed: their own
    # pages were purged (p<pk>), not the lists showing their cards (a<pk>).
    time.sleep(1)  # the worker's neighbour refresh has run
    assert site.get(unrelated_tag)[1]["X-Varnish-Cache"] == "HIT"


def test_a_dead_backend_serves_stale_pages(site):
    (_, url, _tag), *_ = story_urls(site, 1)
    site.get(url)
    _, before, html_before = site.get(url)
    assert before["X-Varnish-Cache"] == "HIT"
    site.gunicorn.send_signal(signal.SIGTERM)
    site.gunicorn.wait(timeout=10)
    time.sleep(PAGE_SECONDS + 3)  # the page has expired, and the probe has noticed
    status, after, html_after = site.get(url)
    assert status == 200
    assert int(after["Age"]) > PAGE_SECONDS
    assert html_after == html_before
