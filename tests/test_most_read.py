"""«الأكثر قراءة»: reads counted from the beacon (articles/reads.py) — once per client and
story a day, never for bots, bounded per client — and shown on the front and story pages,
which stay cached. Runs on the database buckets, or on Redis when REDIS_URL is set."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import reads
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


@pytest.fixture(autouse=True)
def empty_counts(settings):
    cache.clear()
    if settings.REDIS_URL:
        redis = reads._redis()
        for key in redis.scan_iter(reads.REDIS_PREFIX + "*"):
            redis.delete(key)
    yield
    cache.clear()


def beacon(story, *, ua=CHROME, ip="203.0.113.7", client=None):
    client = client or Client()
    return client.post(reverse("articles:read-beacon", args=[story.pk]), HTTP_USER_AGENT=ua, REMOTE_ADDR=ip)


def counts():
    return dict(reads._top_ids(timezone.now(), 10))


def test_a_read_is_counted_once_per_client_and_story():
    story, other = make_article("خبر يُقرأ"), make_article("خبر آخر")
    first = beacon(story)
    assert first.status_code == 204
    assert first["Cache-Control"] == "no-store" and not first.cookies
    assert beacon(story).status_code == 204  # a refresh: answered the same, not counted
    assert counts() == {story.pk: 1}
    beacon(story, ip="198.51.100.9")  # another reader
    beacon(story, ua=FIREFOX)  # another browser on the same address
    beacon(other)  # the same reader, another story
    assert counts() == {story.pk: 3, other.pk: 1}


def test_behind_a_proxy_each_reader_is_told_apart_by_the_forwarded_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1  # Varnish or a CDN in front: REMOTE_ADDR is always the proxy's
    story = make_article("خبر خلف الوكيل")
    proxy = "10.0.0.2"
    for reader in ("203.0.113.7", "198.51.100.9"):
        Client().post(
            reverse("articles:read-beacon", args=[story.pk]),
            HTTP_USER_AGENT=CHROME, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=reader,
        )  # fmt: skip
    # What a client writes further left in the header is not believed: still the same reader.
    Client().post(
        reverse("articles:read-beacon", args=[story.pk]),
        HTTP_USER_AGENT=CHROME, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
    )  # fmt: skip
    assert counts() == {story.pk: 2}


@pytest.mark.parametrize(
    "ua",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0",
        "facebookexternalhit/1.1",
        "WhatsApp/2.23.20.0",
        "python-requests/2.32.3",
        "curl/8.5.0",
        "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) Chrome-Lighthouse",
    ],
)
def test_bots_and_tools_are_not_counted(ua):
    story = make_article("خبر")
    assert beacon(story, ua=ua).status_code == 204
    assert counts() == {}


def test_stories_readers_cannot_see_are_not_counted():
    draft = make_article("مسودة", status=Article.Status.DRAFT)
    scheduled = make_article("مجدول", published_at=timezone.now() + timedelta(hours=2))
    beacon(draft)
    beacon(scheduled)
    assert Client().post("/beacon/read/999999/", HTTP_USER_AGENT=CHROME).status_code == 204
    assert counts() == {}


def test_one_client_cannot_flood_the_counts():
    stories = [make_article(f"خبر {i}") for i in range(reads.BEACONS_PER_MINUTE + 3)]
    # The budget is per clock minute: beacons that straddle one would get two (CI once did).
    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)
    answers = [beacon(story).status_code for story in stories]
    assert answers[: reads.BEACONS_PER_MINUTE] == [204] * reads.BEACONS_PER_MINUTE
    assert set(answers[reads.BEACONS_PER_MINUTE :]) == {429}
    assert sum(counts().values()) == reads.BEACONS_PER_MINUTE


def test_the_beacon_needs_no_csrf_token_sets_no_cookie_and_only_takes_post():
    story = make_article("خبر")
    strict = Client(enforce_csrf_checks=True)
    response = beacon(story, client=strict)
    assert response.status_code == 204 and not response.cookies
    assert strict.get(reverse("articles:read-beacon", args=[story.pk])).status_code == 405
    assert counts() == {story.pk: 1}


def test_reads_older_than_the_window_are_left_out():
    old, recent = make_article("خبر قديم القراءة"), make_article("خبر حديث القراءة")
    now = timezone.now()
    for _ in range(5):
        reads._increment(old.pk, reads.hour_of(now - timedelta(hours=reads.WINDOW_HOURS + 2)))
    reads._increment(recent.pk, reads.hour_of(now - timedelta(hours=reads.WINDOW_HOURS - 2)))
    reads._increment(recent.pk, reads.hour_of(now))
    assert counts() == {recent.pk: 2}


def test_the_box_ranks_stories_on_the_front_and_story_pages_which_stay_cached(client):
    top, second, unread = (
        make_article("الأكثر قراءة اليوم"),
        make_article("الثاني قراءة"),
        make_article("لم يقرأه أحد"),
    )
    for i in range(3):
        beacon(top, ip=f"192.0.2.{i}")
    beacon(second)
    cache.delete(f"most-read:box:{reads.BOX_SIZE}")
    front = client.get("/").content.decode()
    box = front[
        front.index('id="most-read-title"') : front.index("</section>", front.index('id="most-read-title"'))
    ]
    assert "الأكثر قراءة" in front
    assert box.index("الأكثر قراءة اليوم") < box.index("الثاني قراءة") and "لم يقرأه أحد" not in box
    page = client.get(unread.get_absolute_url())
    html = page.content.decode()
    assert 'id="most-read-title"' in html and "الأكثر قراءة اليوم" in html
    assert f'data-read-beacon="/beacon/read/{unread.pk}/"' in html and "js/read.js" in html
    assert f"a{top.pk}" in page["xkey"].split()  # a headline edit of a boxed story purges the page
    assert client.get(unread.get_absolute_url())["X-Cache"] == "HIT"  # a read never touches the page cache
    beacon(unread)
    assert client.get(unread.get_absolute_url())["X-Cache"] == "HIT"


def test_no_box_without_reads(client):
    make_article("خبر")
    assert 'id="most-read-title"' not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "value", ["0", "99999999999999999999999", "-1", "%D9%A2", "1.5", "%00", "1e3", "abc"]
)
def test_bad_ids_are_never_a_500(value):
    response = Client().post(f"/beacon/read/{value}/", HTTP_USER_AGENT=CHROME)
    assert response.status_code in {204, 404}, (value, response.status_code)
    assert counts() == {}
