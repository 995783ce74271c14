"""Whole-page cache (articles/caching/): anonymous readers get cached pages, and no
reader ever sees a stale story — whatever changed it, in whichever process.

These run against whichever cache the settings configure (local memory by default,
Redis when REDIS_URL is set, as in CI's PostgreSQL pass); test_redis_cache_* uses
Redis explicitly whenever REDIS_URL is set.
"""

import gzip
import os
import re
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django.utils.http import http_date

from articles import services
from articles.caching.store import CachePurges, FilePurges, page_cache, purges_for
from articles.models import Article
from tests.factories import add_quote, make_article, make_editor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renditions_drawn_once")]

HX = {"HX-Request": "true"}


def nonce_free(response) -> str:
    return re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())


def header_nonce(response) -> str | None:
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    return found.group(1) if found else None


def body_nonces(html: str) -> set[str]:
    return set(re.findall(r'nonce="([^"]+)"', html))


@pytest.fixture
def story():
    return make_article("وزيرة خارجية أستراليا تزور سول", tags=["كوريا الشمالية"])


# ---------------------------------------------------------------- hits and misses


def test_second_anonymous_view_is_a_hit_with_the_same_page_and_no_query(client, story):
    first = client.get(story.get_absolute_url())
    assert first.status_code == 200
    assert first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(story.get_absolute_url())
    assert second["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert nonce_free(second) == nonce_free(first)
    assert "وزيرة خارجية أستراليا تزور سول" in second.content.decode()


def test_public_pages_set_no_cookie_and_never_touch_the_session_table(client, story):
    with CaptureQueriesContext(connection) as queries:
        responses = [
            client.get(story.get_absolute_url()),
            client.get("/"),
            client.get("/", headers=HX),
            client.get("/", {"q": "سول"}),
        ]
    for response in responses:
        assert response.status_code == 200
        assert not response.cookies, response.cookies
        assert response["X-Cache"] == "MISS"
    assert not [q for q in queries if "django_session" in q["sql"]]


def test_head_is_answered_from_the_cached_get(client, story):
    client.get(story.get_absolute_url())
    head = client.head(story.get_absolute_url())
    assert head.status_code == 200
    assert head["X-Cache"] == "HIT"
    assert head.content == b""


def test_htmx_partial_and_full_page_are_cached_apart(client):
    make_article("خبر القائمة الأول")
    partial = client.get("/", headers=HX)
    full = client.get("/")
    assert "<html" not in partial.content.decode()
    assert "<html" in full.content.decode()
    again_partial = client.get("/", headers=HX)
    again_full = client.get("/")
    assert (again_partial["X-Cache"], again_full["X-Cache"]) == ("HIT", "HIT")
    assert "<html" not in again_partial.content.decode()
    assert "<html" in again_full.content.decode()
    assert "خبر القائمة الأول" in again_partial.content.decode()


def test_shared_caches_may_keep_public_pages(client, story, settings):
    settings.PAGE_CACHE_SECONDS = 60
    for response in (client.get("/"), client.get("/")):
        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=60, stale-while-revalidate=30, stale-if-error=86400"
        )
        # Only what changes the bytes: not Cookie (editors bypass), not Accept-Language (one language).
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert vary == {"accept-encoding", "hx-request"}
    assert "Age" in response


def test_pages_name_what_they_show_as_surrogate_keys(client, story):
    tag = story.tags.get()
    other = make_article("خبر آخر عن الطقس")
    page = client.get(story.get_absolute_url())
    shown = set(page["xkey"].split())
    assert {f"a{story.pk}", f"t{tag.pk}", "cloud"} <= shown
    assert f"a{other.pk}" not in shown
    assert set(page["Surrogate-Key"].split()) == shown
    assert set(page["Cache-Tag"].split(",")) == shown
    listing = set(client.get("/")["xkey"].split())
    assert {f"a{story.pk}", f"a{other.pk}", "stories", "cloud"} <= listing
    tag_page = set(client.get(tag.get_absolute_url())["xkey"].split())
    assert {f"a{story.pk}", f"t{tag.pk}"} <= tag_page
    assert f"a{other.pk}" not in tag_page and "stories" not in tag_page


def test_junk_parameters_share_the_page_and_cannot_fill_the_cache(client, story):
    url = story.get_absolute_url()
    assert client.get(url)["X-Cache"] == "MISS"
    for junk in ("?utm_source=x", "?a=1&b=2", "?page=abc"):
        assert client.get(url + junk)["X-Cache"] == "HIT"
    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get("/?fbclid=123&range=bogus")["X-Cache"] == "HIT"
    assert client.get("/?range=week")["X-Cache"] == "MISS"
    assert client.get("/?range=week&utm=1")["X-Cache"] == "HIT"


def test_the_home_link_is_current_only_on_the_unfiltered_first_page(client, story):
    assert 'aria-current="page">' in client.get("/").content.decode()
    assert 'aria-current="page">' not in client.get("/?range=week").content.decode()


# ---------------------------------------------------------------- never stale


def test_an_edit_shows_at_once_on_the_story_and_the_list(client, story):
    assert client.get(story.get_absolute_url())["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get(story.get_absolute_url())["X-Cache"] == "HIT"

    story.headline = "وزيرة الخارجية تؤجل زيارتها إلى سول"
    services.save_story(story)

    page = client.get(story.get_absolute_url())
    listing = client.get("/")
    assert page["X-Cache"] == listing["X-Cache"] == "MISS"
    for response in (page, listing):
        html = response.content.decode()
        assert "وزيرة الخارجية تؤجل زيارتها إلى سول" in html
        assert "وزيرة خارجية أستراليا تزور سول" not in html


def test_edits_in_quick_succession_render_a_page_again_once_per_refresh_interval(client, story, settings):
    """During breaking news edits purge the home page many times a second: a purged page
    younger than PAGE_CACHE_REFRESH_SECONDS is still served (no render per edit), and the
    edit shows once the page is that old. Timed in whole seconds of margin either way."""
    settings.PAGE_CACHE_REFRESH_SECONDS = 30
    url = story.get_absolute_url()
    assert client.get(url)["X-Cache"] == client.get("/")["X-Cache"] == "MISS"
    for n in range(3):
        story.headline = f"وزيرة الخارجية تؤجل زيارتها إلى سول للمرة {n + 1}"
        services.save_story(story)
        for path in (url, "/"):
            response = client.get(path)
            assert response["X-Cache"] == "HIT"
            assert "وزيرة خارجية أستراليا تزور سول" in response.content.decode()

    settings.PAGE_CACHE_REFRESH_SECONDS = 0.5
    time.sleep(0.6)  # the pages are older than the interval now
    for path in (url, "/"):
        response = client.get(path)
        assert response["X-Cache"] == "MISS"
        assert "وزيرة الخارجية تؤجل زيارتها إلى سول للمرة 3" in response.content.decode()
    # Rendered after the last edit: served as it is, whatever the interval.
    assert client.get(url)["X-Cache"] == "HIT"


def test_a_purged_page_is_served_only_while_younger_than_the_refresh_interval():
    from articles.caching.store import Page

    class Purged:
        def last_purge(self, keys):
            return 100.0

    page = Page(200, (), b"", ("a1",), rendered_at=99.0, expires_at=160.0)
    assert page.is_fresh(Purged(), 99.5, refresh_seconds=1.0)
    assert not page.is_fresh(Purged(), 100.0, refresh_seconds=1.0)
    assert not page.is_fresh(Purged(), 99.5, refresh_seconds=0.0)
    never_purged = Page(200, (), b"", ("a1",), rendered_at=101.0, expires_at=160.0)
    assert never_purged.is_fresh(Purged(), 150.0)
    assert not never_purged.is_fresh(Purged(), 160.0, refresh_seconds=100.0)  # expired all the same


def test_a_delete_shows_at_once(client, story):
    url = story.get_absolute_url()
    client.get(url), client.get(url), client.get("/")
    services.delete_stories([story.pk])
    assert client.get(url).status_code == 404
    assert "وزيرة خارجية أستراليا تزور سول" not in client.get("/").content.decode()


def test_unpublishing_shows_at_once(client, story):
    url = story.get_absolute_url()
    client.get(url)
    services.unpublish([story.pk])
    assert client.get(url).status_code == 404


def test_a_quote_added_on_its_own_shows_at_once(client, story):
    client.get(story.get_absolute_url())
    add_quote(story, text="لن نتراجع عن الاتفاق", speaker="جولي بيشوب")
    response = client.get(story.get_absolute_url())
    assert response["X-Cache"] == "MISS"
    assert "لن نتراجع عن الاتفاق" in response.content.decode()


def test_a_renamed_tag_shows_at_once(client, story):
    client.get(story.get_absolute_url())
    tag = story.tags.get()
    tag.name = "كوريا الديمقراطية"
    services.save_tag(tag)
    assert "كوريا الديمقراطية" in client.get(story.get_absolute_url()).content.decode()


def test_an_import_shows_at_once(client, story, tmp_path):
    client.get("/"), client.get("/")
    raw = tmp_path / "زيارة.txt"
    raw.write_text(
        "وزيرة الخارجية تبحث التعاون مع سول\n\n"
        "قالت وزيرة الخارجية في مؤتمر صحفي اليوم إن الزيارة تهدف إلى تعزيز التعاون بين البلدين.\n\n"
        "وأضافت أن المحادثات ستتناول ملفات الطاقة والتجارة والتعليم خلال الأيام المقبلة.\n\n"
        "المصدر: وكالة الأنباء الاختبارية\n",
        encoding="utf-8",
    )
    call_command("import_articles", str(raw), "--no-progress", verbosity=0)
    response = client.get("/")
    assert response["X-Cache"] == "MISS"
    assert "وزيرة الخارجية تبحث التعاون مع سول" in response.content.decode()


def test_a_generator_run_shows_at_once(client, story):
    client.get("/"), client.get("/")
    call_command("generate_demo", 3, seed=11, verbosity=0)
    generated = Article.objects.published().exclude(pk=story.pk)
    assert generated.count() == 3
    html = client.get("/").content.decode()
    for headline in generated.values_list("headline", flat=True):
        assert headline in html


def test_a_scheduled_story_appears_when_its_time_comes(client, story):
    # 4 s ahead: the save (with its in-process refresh) and two requests must fit before it
    # on a busy machine.
    due = timezone.now() + timedelta(seconds=4)
    make_article("خبر مجدول يظهر في موعده", published_at=due)
    first = client.get("/")
    assert "خبر مجدول يظهر في موعده" not in first.content.decode()
    assert client.get("/")["X-Cache"] == "HIT"  # cached — but only until `due`
    time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.2)
    later = client.get("/")
    assert later["X-Cache"] == "MISS"
    assert "خبر مجدول يظهر في موعده" in later.content.decode()


def test_a_purge_from_another_process_reaches_this_one(client, story, tmp_path):
    """The local-memory cache is per process: purges go to a file that every process
    (gunicorn workers, the task worker, import_articles) shares."""
    with override_settings(PAGE_CACHE_PURGE_LOG=str(tmp_path / "purges")):
        client.get(story.get_absolute_url())
        assert client.get(story.get_absolute_url())["X-Cache"] == "HIT"
        code = (
            "import django, sys; django.setup();"
            "from django.test.utils import override_settings;"
            "from articles.caching.purge import purge_keys;"
            "override_settings(PAGE_CACHE_PURGE_LOG=sys.argv[1]).enable();"
            "purge_keys([sys.argv[2]])"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "purges"), f"a{story.pk}"],
            check=True,
            cwd=Path(__file__).parents[1],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        )
        # Local memory: through the shared purge file; Redis: through the shared cache itself.
        assert client.get(story.get_absolute_url())["X-Cache"] == "MISS"


def test_a_page_another_process_rendered_is_served_from_the_shared_files(client, story, tmp_path):
    """Each gunicorn worker has a local-memory cache of its own; the page one of them
    renders (after an edit, say) is kept in files the others read, so it is rendered once,
    and a purge ends it there too."""
    if not isinstance(page_cache(), LocMemCache):
        pytest.skip("a shared cache (Redis) shares its pages itself")
    with override_settings(PAGE_CACHE_PURGE_LOG=str(tmp_path / "purges"), PAGE_CACHE_SHARED_PAGES=True):
        assert client.get(story.get_absolute_url())["X-Cache"] == "MISS"
        page_cache().clear()  # this process is now another worker, which never rendered the page
        with CaptureQueriesContext(connection) as queries:
            hit = client.get(story.get_absolute_url())
        assert hit["X-Cache"] == "HIT" and len(queries) == 0
        assert "وزيرة خارجية أستراليا تزور سول" in hit.content.decode()

        story.headline = "وزيرة الخارجية تؤجل زيارتها إلى سول"
        services.save_story(story)
        page_cache().clear()
        page = client.get(story.get_absolute_url())
        assert page["X-Cache"] == "MISS" and "تؤجل زيارتها" in page.content.decode()
        page_cache().clear()
        assert "تؤجل زيارتها" in client.get(story.get_absolute_url()).content.decode()


def test_shared_pages_are_never_read_from_a_directory_others_can_write(client, story, tmp_path):
    """Pages are pickles: a directory under the predictable name that someone else made
    (or anyone may write) is not used; pages stay in the process's own memory."""
    if not isinstance(page_cache(), LocMemCache):
        pytest.skip("a shared cache (Redis) shares its pages itself")
    (tmp_path / "purges.pages").mkdir(mode=0o777)
    (tmp_path / "purges.pages").chmod(0o777)
    with override_settings(PAGE_CACHE_PURGE_LOG=str(tmp_path / "purges"), PAGE_CACHE_SHARED_PAGES=True):
        assert client.get(story.get_absolute_url())["X-Cache"] == "MISS"
        assert client.get(story.get_absolute_url())["X-Cache"] == "HIT"  # from memory
        page_cache().clear()
        assert client.get(story.get_absolute_url())["X-Cache"] == "MISS"
    assert list((tmp_path / "purges.pages").iterdir()) == []


def test_file_purges_are_read_incrementally_and_survive_compaction(tmp_path, settings):
    settings.PAGE_CACHE_SECONDS = 60
    path = tmp_path / "purges"
    reader, writer = FilePurges(path), FilePurges(path)
    assert reader.last_purge(["a1"]) == 0.0
    writer.record(["a1", "stories"], 1000.5)
    assert reader.last_purge(["a1"]) == 1000.5
    assert reader.last_purge(["a2"]) == 0.0
    writer.record(["a2"], 2000.0)
    assert reader.last_purge(["a1", "a2"]) == 2000.0
    path.write_bytes(path.read_bytes() + b"3000.0 a3")  # a line still being written
    assert reader.last_purge(["a3"]) == 0.0
    path.write_bytes(path.read_bytes() + b"\n")  # … and finished
    assert reader.last_purge(["a3"]) == 3000.0
    writer.COMPACT_BYTES = 0  # every write compacts: records older than any page go
    writer.record(["a4"], 5000.0)
    assert b"a1" not in path.read_bytes()
    assert reader.last_purge(["a4"]) == 5000.0
    assert reader.last_purge(["a1"]) == 0.0


# ---------------------------------------------------------------- conditional requests


def test_etag_gives_304_until_the_story_changes(client, story):
    url = story.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    not_modified = client.get(url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    story.dek = "تفاصيل جديدة عن الزيارة"
    services.save_story(story)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "تفاصيل جديدة عن الزيارة" in changed.content.decode()


def test_last_modified_gives_304(client, story):
    url = story.get_absolute_url()
    first = client.get(url)
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    long_ago = http_date(time.time() - 86400)
    assert client.get(url, headers={"If-Modified-Since": long_ago}).status_code == 200


def test_etag_is_checked_on_the_miss_too(client, story):
    url = story.get_absolute_url()
    etag = client.get(url)["ETag"]
    page_cache().clear()
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304


# ---------------------------------------------------------------- who is never served / stored


def test_editors_bypass_the_cache_both_ways(client, story):
    url = story.get_absolute_url()
    editor = make_editor()
    client.force_login(editor)
    as_editor = client.get(url)
    assert as_editor["X-Cache"] == "BYPASS"
    assert "private" in as_editor["Cache-Control"]
    assert "Cookie" in as_editor["Vary"]
    client.logout()
    assert client.get(url)["X-Cache"] == "MISS"  # the editor's page was not stored
    assert client.get(url)["X-Cache"] == "HIT"
    client.force_login(editor)
    assert client.get(url)["X-Cache"] == "BYPASS"  # and editors are not served it


def test_drafts_and_previews_are_never_cached(client):
    draft = make_article("مسودة لم تنشر بعد", status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_editor())
    preview_url = f"/preview/{draft.pk}/"
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "مسودة لم تنشر بعد" in preview.content.decode()
    client.logout()
    for _ in range(2):
        anonymous = client.get(preview_url)
        assert anonymous.status_code == 302
        assert "مسودة لم تنشر بعد" not in anonymous.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_scheduled_story_page_is_not_cached_before_its_time(client):
    scheduled = make_article("خبر مجدول للغد", published_at=timezone.now() + timedelta(days=1))
    for _ in range(2):
        response = client.get(scheduled.get_absolute_url())
        assert response.status_code == 404
        assert "X-Cache" not in response


@pytest.mark.urls("tests.caching_urls")
def test_responses_that_set_cookies_are_never_stored(client):
    for _ in range(2):
        response = client.get("/probe/cookie/")
        assert "reader_pref" in response.cookies
        assert "X-Cache" not in response
    tokens = set()
    for _ in range(2):
        response = client.get("/probe/csrf/")
        assert "X-Cache" not in response
        tokens.add(re.search(r'value="([^"]+)"', response.content.decode()).group(1))
    assert len(tokens) == 2  # each visitor's own token, never a replayed one


def test_posts_are_not_cached(client, story):
    response = client.post("/", {"q": "سول"})
    assert response.status_code == 405
    assert "X-Cache" not in response


# ---------------------------------------------------------------- CSP and compression


def test_public_pages_carry_no_nonce_and_the_same_bytes_for_everyone(client, story):
    bodies = set()
    for expected in ("MISS", "HIT"):
        response = client.get("/")
        assert response["X-Cache"] == expected
        policy = response["Content-Security-Policy"]
        assert "nonce" not in policy
        assert "script-src 'self'" in policy
        html = response.content.decode()
        assert not body_nonces(html)
        assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in html
        assert "<script>" not in html  # no inline script
        bodies.add(response.content)
    assert len(bodies) == 1


def test_editors_pages_keep_their_nonce(client):
    login = client.get("/admin/login/")
    nonce = header_nonce(login)
    assert nonce, "the admin login page uses Django's nonce"
    assert body_nonces(login.content.decode()) == {nonce}
    assert "X-Cache" not in login


def test_gzip_is_served_from_the_cache_and_decodes_to_the_same_page(client, story):
    plain = client.get("/")
    for expected in ("MISS", "HIT"):
        packed = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
        assert packed["X-Cache"] == expected
        assert packed["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content) / 2
    assert "Content-Encoding" not in client.get("/")


# ---------------------------------------------------------------- Redis


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it)")
def test_redis_cache_serves_hits_and_follows_edits(client, story):
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-caching-{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=redis, PAGE_CACHE_ALIAS="default"):
        url = story.get_absolute_url()
        assert client.get(url)["X-Cache"] == "MISS"
        assert client.get(url)["X-Cache"] == "HIT"
        assert isinstance(purges_for(caches["default"]), CachePurges)
        story.headline = "عنوان معدل في ريديس"
        services.save_story(story)
        assert cache.get(f"page-cache:purged:a{story.pk}") is not None
        response = client.get(url)
        assert response["X-Cache"] == "MISS"
        assert "عنوان معدل في ريديس" in response.content.decode()
        assert client.get(url)["X-Cache"] == "HIT"


def test_purge_changed_makes_the_story_page_stale(client, story):
    from articles.caching.purge import purge_changed

    client.get(story.get_absolute_url())
    assert client.get(story.get_absolute_url())["X-Cache"] == "HIT"
    purge_changed()  # nothing named: nothing purged
    assert client.get(story.get_absolute_url())["X-Cache"] == "HIT"
    purge_changed(article_ids=[story.pk])
    assert client.get(story.get_absolute_url())["X-Cache"] == "MISS"


def test_an_edit_purges_only_the_pages_showing_the_story(client, story):
    tag = story.tags.get()
    other = make_article("خبر عن الطقس في الرياض", tags=["الطقس"])
    other_tag = other.tags.get()
    pages = [
        story.get_absolute_url(),
        "/",
        tag.get_absolute_url(),
        other.get_absolute_url(),
        other_tag.get_absolute_url(),
    ]
    for url in pages:
        client.get(url)
    story.headline = "وزيرة الخارجية تصل إلى سول"
    services.save_story(story)
    status = {url: client.get(url)["X-Cache"] for url in pages}
    assert status == {
        story.get_absolute_url(): "MISS",
        "/": "MISS",
        tag.get_absolute_url(): "MISS",
        other.get_absolute_url(): "HIT",  # unrelated: still cached
        other_tag.get_absolute_url(): "HIT",
    }
    assert "وزيرة الخارجية تصل إلى سول" in client.get(tag.get_absolute_url()).content.decode()


def test_a_story_page_has_its_own_key_that_lists_do_not_carry(client, story):
    tag = story.tags.get()
    assert {f"a{story.pk}", f"p{story.pk}"} <= set(client.get(story.get_absolute_url())["xkey"].split())
    for url in ("/", tag.get_absolute_url()):
        shown = set(client.get(url)["xkey"].split())
        assert f"a{story.pk}" in shown and f"p{story.pk}" not in shown


def test_a_neighbours_new_similar_list_purges_its_page_not_the_lists_showing_it(client):
    for i in range(10):
        make_article(f"خبر منوع رقم {i}", tags=["منوعات"], published_at=timezone.now() - timedelta(days=30))
    from tests.factories import make_source

    agency = make_source("وكالة الأنباء الأولى")  # on both cards: its name is no part of the edit
    first = make_article("قمة بوتين وكيم", tags=["روسيا"], source=agency)
    second = make_article("ارتفاع أسعار النفط", tags=["اقتصاد"], source=agency)
    first.refresh_from_db()
    assert second.pk not in first.similar_ids
    tag_page = first.tags.get().get_absolute_url()
    pages = [first.get_absolute_url(), tag_page]
    for url in pages:
        client.get(url)
    assert [client.get(url)["X-Cache"] for url in pages] == ["HIT", "HIT"]
    # An edit of another story makes it similar to the first: the worker recomputes the
    # first story's list (a neighbour's), and its page shows the new link.
    second.headline = "بوتين وكيم في قمة جديدة"
    services.save_story(second)
    first.refresh_from_db()
    assert second.pk in first.similar_ids
    page = client.get(first.get_absolute_url())
    assert page["X-Cache"] == "MISS"
    assert "بوتين وكيم في قمة جديدة" in page.content.decode()
    # The tag page shows the first story's card, which did not change.
    assert client.get(tag_page)["X-Cache"] == "HIT"
    first.headline = "قمة بوتين وكيم في بانمونجوم"
    services.save_story(first)  # its card changed: the lists showing it too
    assert client.get(tag_page)["X-Cache"] == "MISS"


def test_a_renamed_source_purges_the_pages_showing_it_only(client):
    from tests.factories import make_source

    source = make_source("وكالة الأنباء الأولى")
    with_source = make_article("خبر من الوكالة", source=source)
    without = make_article("خبر بلا مصدر")
    for url in (with_source.get_absolute_url(), without.get_absolute_url()):
        client.get(url)
    source.name = "الوكالة الأولى للأنباء"
    services.save_source(source)
    assert client.get(with_source.get_absolute_url())["X-Cache"] == "MISS"
    assert client.get(without.get_absolute_url())["X-Cache"] == "HIT"


def test_the_workers_reindex_purges_search_results_not_the_other_lists(client, story):
    from articles.caching.purge import purge_changed

    search = "/?q=" + "أستراليا"
    pages = ["/", search, story.get_absolute_url()]
    for url in pages:
        client.get(url)
    assert [client.get(url)["X-Cache"] for url in pages] == ["HIT", "HIT", "HIT"]
    assert "search" in client.get(search)["xkey"].split() and "search" not in client.get("/")["xkey"].split()
    purge_changed(reindexed_ids=[story.pk])  # what the worker purges after rewriting its entry
    assert [client.get(url)["X-Cache"] for url in pages] == ["HIT", "MISS", "HIT"]


def test_a_story_moved_to_another_source_purges_both_source_pages(client):
    from tests.factories import make_source

    old, new = make_source("وكالة الأنباء الأولى"), make_source("وكالة الأنباء الثانية")
    story = make_article("خبر ينتقل بين وكالتين", source=old)
    make_article("خبر باق في الوكالة الثانية", source=new)
    pages = [old.get_absolute_url(), new.get_absolute_url()]
    for url in pages:
        client.get(url)
    assert [client.get(url)["X-Cache"] for url in pages] == ["HIT", "HIT"]
    story.source = new
    services.save_story(story)
    assert [client.get(url)["X-Cache"] for url in pages] == ["MISS", "MISS"]
    assert "خبر ينتقل بين وكالتين" in client.get(new.get_absolute_url()).content.decode()


def test_wsgi_front_answers_hits_before_django_and_leaves_the_rest_to_it(story):
    """Under gunicorn (newsroom.wsgi), a hit is answered without entering Django."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    from newsroom.wsgi import application

    entered = []

    def count(**kwargs):
        entered.append(1)

    def call(url, **headers):
        parts = urlsplit(url)
        environ = RequestFactory()._base_environ(
            PATH_INFO=unquote_to_bytes(parts.path).decode("iso-8859-1"),
            QUERY_STRING=parts.query,
            REQUEST_METHOD="GET",
            **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()},
        )
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started["status"], started["headers"] = status, dict(response_headers)

        before = len(entered)
        chunks = application(environ, start_response)
        body = b"".join(chunks)
        getattr(chunks, "close", lambda: None)()
        return started["status"], started["headers"], body, len(entered) > before

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.connect(count)
    try:
        url = story.get_absolute_url()
        assert call(url)[1]["X-Cache"] == "MISS"
        status, headers, body, in_django = call(url + "?utm_source=x")
        assert (status, headers["X-Cache"], in_django) == ("200 OK", "HIT", False)
        assert int(headers["Content-Length"]) == len(body)
        assert "وزيرة خارجية أستراليا تزور سول" in body.decode()
        for name in ("Vary", "ETag", "xkey", "Content-Security-Policy", "X-Frame-Options"):
            assert name in headers
        status, _, body, in_django = call(url, **{"If-None-Match": headers["ETag"]})
        assert (status, body, in_django) == ("304 Not Modified", b"", True)  # Django's conditional GET
        assert call(url, Cookie="sessionid=abc")[1]["X-Cache"] == "BYPASS"
        story.headline = "عنوان جديد بعد التحرير"
        services.save_story(story)
        _, headers, body, in_django = call(url)
        assert (headers["X-Cache"], in_django) == ("MISS", True)
        assert "عنوان جديد بعد التحرير" in body.decode()
    finally:
        request_started.disconnect(count)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_rewritten_purge_log_is_read_again_even_with_the_old_inode(tmp_path):
    """The log's rewrite (compaction) is a new file; should the file system hand it the
    old one's inode number again, its generation line still tells a reader to start over
    (a reader that kept its old offset skipped purges: a purged page stayed a HIT)."""
    path = tmp_path / "purges"
    reader, writer = FilePurges(path), FilePurges(path)
    writer.record([f"a{n}" for n in range(50)], 100.0)
    assert reader.last_purge(["a1"]) == 100.0
    # Rewritten in place (same inode), as a compaction would write it, with a newer purge.
    path.write_bytes(b"# " + b"0" * 32 + b"\n" + b"".join(f"200.0 k{n}\n".encode() for n in range(80)))
    assert path.stat().st_size > 0
    assert reader.last_purge(["k79"]) == 200.0
    assert reader.last_purge(["a1"]) == 0.0  # forgotten by the rewrite


def test_a_purge_log_of_recent_records_is_not_rewritten_on_every_purge(tmp_path):
    """An import purges hundreds of stories a minute: nothing in the log is old enough to
    forget, and rewriting it on every purge (each rewrite re-read whole by every reader)
    made each purge cost more as the log grew."""
    path = tmp_path / "purges"
    log, reader = FilePurges(path), FilePurges(path)
    log.COMPACT_BYTES = 4096
    generations = set()
    for n in range(300):
        log.record([f"a{n}-{i}" for i in range(20)], time.time())
        generations.add(path.read_bytes().split(b"\n", 1)[0])  # a rewrite's own first line
    rewrites = len(generations) - 1  # the first lines before any rewrite are records
    assert path.stat().st_size > 30 * log.COMPACT_BYTES  # nothing was forgotten …
    assert rewrites <= 10  # … so the log was rewritten as it doubled, not 290 times
    assert reader.last_purge(["a0-0"]) > 0 and reader.last_purge(["a299-19"]) > 0


def test_compaction_keeps_recent_purges_and_writes_a_generation(tmp_path):
    path = tmp_path / "purges"
    log = FilePurges(path)
    log.record(["old"], time.time() - 10_000)
    log.record(["new"], time.time())
    log._compact(time.time() - 60)
    text = path.read_text()
    assert text.startswith("# ") and " new\n" in text and " old\n" not in text
    assert FilePurges(path).last_purge(["new"]) > 0


# ---------------------------------------------------------------- what an edit purges (issue 13)


def test_an_edit_of_a_storys_words_leaves_the_lists_not_showing_it_cached(client, story):
    """Its page and the pages with its card carry its key; the home list's later pages,
    speakers and other stories do not show it: they stay cached (they are most of what a
    reader reads while an editor saves every few hundred ms). Searches follow the
    worker's reindex (`purge_search_results`, below)."""
    for i in range(25):  # page 2 of the home list holds the older stories
        make_article(f"خبر أحدث رقم {i}", published_at=timezone.now() - timedelta(minutes=i + 1))
    older = make_article("خبر قديم في الصفحة الثانية", published_at=timezone.now() - timedelta(days=3))
    quoted = make_article("خبر فيه تصريح", published_at=timezone.now() - timedelta(days=4))
    add_quote(quoted, text="سنواصل العمل", speaker="جولي بيشوب")
    speaker = "/speaker/" + quoted.quotes.get().speaker_slug + "/"
    newest = Article.objects.published().order_by("-published_at").first()
    pages = ["/?page=2", speaker, newest.get_absolute_url()]
    for url in pages:
        assert client.get(url).status_code == 200
    assert [client.get(url)["X-Cache"] for url in pages] == ["HIT"] * 3

    older.headline = "خبر قديم عُدّل عنوانه"
    services.save_story(older)
    assert [client.get(url)["X-Cache"] for url in pages] == ["MISS", "HIT", "HIT"]
    assert "خبر قديم عُدّل عنوانه" in client.get("/?page=2").content.decode()


def test_a_new_story_purges_the_lists_of_all_stories_but_not_unrelated_story_pages(client, story):
    pages = ["/", "/feeds/rss/", story.get_absolute_url()]
    for url in pages:
        client.get(url)
    make_article("خبر جديد ينضم إلى القائمة", tags=["كوريا الشمالية"])
    # The cloud still shows the same tag at the same size: the story page stays cached.
    assert [client.get(url)["X-Cache"] for url in pages] == ["MISS", "MISS", "HIT"]
    for url in pages[:2]:
        assert "خبر جديد ينضم إلى القائمة" in client.get(url).content.decode()


def test_the_cloud_is_purged_when_what_it_shows_changes_not_its_counts(client, story):
    url = story.get_absolute_url()
    client.get(url)
    make_article("خبر ثان عن كوريا", tags=["كوريا الشمالية"])
    assert client.get(url)["X-Cache"] == "HIT"  # same tag, same size: only a count changed
    make_article("خبر عن وسم جديد", tags=["وسم لم يكن في السحابة"])
    page = client.get(url)
    assert page["X-Cache"] == "MISS"
    assert "وسم لم يكن في السحابة" in page.content.decode()


def test_a_feed_shows_an_edited_headline_at_once(client, story):
    assert story.headline in client.get("/feeds/rss/").content.decode()
    assert client.get("/feeds/rss/")["X-Cache"] == "HIT"
    story.headline = "عنوان الخلاصة بعد التعديل"
    services.save_story(story)
    assert "عنوان الخلاصة بعد التعديل" in client.get("/feeds/rss/").content.decode()


def test_a_quote_added_to_a_story_purges_the_speakers_page(client, story):
    add_quote(story, text="سنواصل العمل", speaker="جولي بيشوب")
    speaker = "/speaker/" + story.quotes.get().speaker_slug + "/"
    other = make_article("خبر آخر للمتحدثة نفسها")
    client.get(speaker)
    assert client.get(speaker)["X-Cache"] == "HIT"
    add_quote(other, text="لن نتراجع عن الاتفاق", speaker="جولي بيشوب")
    page = client.get(speaker)
    assert page["X-Cache"] == "MISS"
    assert "لن نتراجع عن الاتفاق" in page.content.decode()


def test_a_story_that_moves_in_time_purges_the_lists_of_all_stories(client, story):
    make_article("خبر أحدث من الأول")
    client.get("/")
    story.published_at = timezone.now() - timedelta(days=9)
    services.save_story(story)
    assert client.get("/")["X-Cache"] == "MISS"


def test_search_pages_are_purged_after_a_reindex_at_most_every_few_seconds(
    client, story, settings, monkeypatch
):
    """Each purge of `search` re-renders every cached search; reindexes that follow one
    within SEARCH_PAGES_PURGE_SECONDS are purged once, when that time is up (a deferred
    task on the real queue), not each at once."""
    from django_tasks_db.models import DBTaskResult

    from articles import tasks

    settings.SEARCH_PAGES_PURGE_SECONDS = 30
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setattr(tasks, "_search_purge_due", 0.0)
    search = "/?q=" + "أستراليا"
    client.get(search)
    assert client.get(search)["X-Cache"] == "HIT"
    # The story's own save reindexed it and purged `search` a moment ago: these wait.
    tasks.purge_search_results()
    tasks.purge_search_results()
    assert client.get(search)["X-Cache"] == "HIT"
    deferred = DBTaskResult.objects.filter(task_path=tasks.purge_search.module_path)
    assert deferred.count() == 1  # one purge for both, queued for when the time is up
    waited = (deferred.get().run_after - timezone.now()).total_seconds()
    assert 20 < waited <= 30
    tasks.purge_search.call(**deferred.get().args_kwargs["kwargs"])  # what the worker runs then
    assert client.get(search)["X-Cache"] == "MISS"
    # Once the time is up, a reindex purges at once.
    settings.SEARCH_PAGES_PURGE_SECONDS = 0.5
    time.sleep(0.6)
    assert client.get(search)["X-Cache"] == "HIT"
    tasks.purge_search_results()
    assert client.get(search)["X-Cache"] == "MISS"


def test_a_new_story_by_an_author_purges_the_authors_page_not_the_other_authors(client):
    from articles.models import Author

    writer, other = Author.objects.create(name="هدى الكاتبة"), Author.objects.create(name="سالم الكاتب")
    make_article("مقال سابق للكاتبة", author=writer)
    make_article("مقال للكاتب الآخر", author=other)
    pages = [writer.get_absolute_url(), other.get_absolute_url()]
    for url in pages:
        client.get(url)
    assert [client.get(url)["X-Cache"] for url in pages] == ["HIT", "HIT"]
    make_article("مقال جديد للكاتبة", author=writer)
    assert [client.get(url)["X-Cache"] for url in pages] == ["MISS", "HIT"]
    assert "مقال جديد للكاتبة" in client.get(writer.get_absolute_url()).content.decode()
    # A story that changes author leaves one page and joins the other.
    moved = Article.objects.get(headline="مقال سابق للكاتبة")
    moved.author = other
    services.save_story(moved)
    assert [client.get(url)["X-Cache"] for url in pages] == ["MISS", "MISS"]


def test_pages_are_kept_in_memory_as_they_are_not_pickled(client, story):
    """The page cache's own local-memory backend (articles/caching/memory.py): a hit gets
    the stored object itself — safe because a Page cannot be changed."""
    import dataclasses

    from articles.caching.memory import PageMemCache
    from articles.caching.store import Page

    pages = page_cache()
    if not isinstance(pages, PageMemCache):
        pytest.skip("REDIS_URL: pages are in the shared cache")
    assert client.get(story.get_absolute_url())["X-Cache"] == "MISS"
    stored = [value for value in pages._cache.values() if isinstance(value, Page)]
    assert len(stored) == 1  # the page itself, not its pickle
    with pytest.raises(dataclasses.FrozenInstanceError):
        stored[0].body = b"changed"

    value = ("schedule", 1.5)
    pages.set("k", value, 60)
    assert pages.get("k") is value
    assert not pages.add("k", "other") and pages.get("k") is value
    pages.set("n", 1)
    assert pages.incr("n", 2) == 3 == pages.get("n")
    pages.set("gone", value, 0)  # Django's "do not keep"
    assert pages.get("gone", "default") == "default" and pages.add("gone", value)
    with pytest.raises(ValueError):
        pages.incr("missing")
    pages.clear()
    assert pages.get("k") is None
