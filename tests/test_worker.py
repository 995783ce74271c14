"""The task queue for real: the database backend and the Redis one (TASK_QUEUE=redis),
`run_worker` processes, kill -9.

These tests do not use pytest-django's database: the worker is another process, so
they make a database of their own (a SQLite file, or a PostgreSQL database when
DATABASE_URL points at PostgreSQL), migrate it and drive it through manage.py. The
Redis queue runs on REDIS_URL (else a local server on the default port), under keys
of its own, removed afterwards.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _base_env():
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSROOM_TEST_DB",)}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        NEWSROOM_TEST_TASKS="database",
        NEWSROOM_REFRESH_BATCH="2",  # many small batches: the kill lands mid-work
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated database for the module (`migrate` costs seconds per run): a SQLite file,
    or a PostgreSQL database, that each test's `database` is copied from."""
    env = _base_env()
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        name = f"newsroom_worker_template_{uuid.uuid4().hex[:8]}"
        _postgres(url, f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/{name}"
        manage(env, "migrate", "--noinput", "-v0")
        yield name
        _postgres(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("worker-template") / "migrated.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{path}"
        manage(env, "migrate", "--noinput", "-v0")
        yield path


def _postgres(url, statement):
    import psycopg

    with psycopg.connect(f"{url.rsplit('/', 1)[0]}/postgres", autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture
def database(migrated, tmp_path):
    """The env of a fresh, migrated database (a copy of `migrated`) with the real
    (database) task backend."""
    env = _base_env()
    url = os.environ.get("DATABASE_URL", "")
    pg_name = None
    if url.startswith("postgres"):
        pg_name = f"newsroom_worker_{uuid.uuid4().hex[:8]}"
        _postgres(url, f'CREATE DATABASE "{pg_name}" TEMPLATE "{migrated}"')
        env["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/{pg_name}"
    else:
        import sqlite3

        path = tmp_path / "worker.sqlite3"
        # SQLite's online backup: a whole, consistent copy whatever the template's WAL holds.
        with sqlite3.connect(migrated) as source, sqlite3.connect(path) as copy:
            source.backup(copy)
        source.close()
        copy.close()
        env["DATABASE_URL"] = f"sqlite:///{path}"
    yield env
    if pg_name:
        _postgres(url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


@pytest.fixture
def on_redis(database):
    """The same, with the Redis task queue (django-tasks-redis) on a real Redis server."""
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"no Redis at {url} and CI is set: .ci/run starts one ({error})")
        pytest.skip(f"no Redis server at {url}: {error}")
    prefix = f"newsroom-test-{uuid.uuid4().hex[:8]}"
    env = {**database, "NEWSROOM_TEST_TASKS": "redis", "REDIS_URL": url}
    env.update(TASK_KEY_PREFIX=f"{prefix}:tasks", CACHE_KEY_PREFIX=prefix)
    yield env
    for key in client.scan_iter(f"{prefix}:*", count=1000):
        client.delete(key)


def manage(env, *args, timeout=600) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def shell(env, code: str) -> str:
    return manage(env, "shell", "-v0", "-c", code).strip().splitlines()[-1]


STATE = """
from django_tasks_db.models import DBTaskResult
from articles.models import Article, PendingRefresh
from django.db import connection
with connection.cursor() as c:
    c.execute("SELECT COUNT(*) FROM articles_search_entry")
    entries = c.fetchone()[0]
print(PendingRefresh.objects.count(), entries, Article.objects.published().count(),
      DBTaskResult.objects.filter(status="RUNNING").count(),
      Article.objects.published().exclude(similar_ids=[]).count())
"""


def state(env):
    pending, entries, published, running, with_similar = map(int, shell(env, STATE).split())
    return {
        "pending": pending,
        "entries": entries,
        "published": published,
        "running": running,
        "with_similar": with_similar,
    }


def pending(env) -> int:
    """Stories waiting for a refresh, read straight from the database (a manage.py shell
    takes seconds to start: the worker could finish meanwhile)."""
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles_pendingrefresh").fetchone()[0]
    import sqlite3

    with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20) as conn:
        return conn.execute("SELECT COUNT(*) FROM articles_pendingrefresh").fetchone()[0]


def start_worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "-v0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def test_a_worker_killed_mid_work_loses_nothing(database):
    killed_mid_work_loses_nothing(database)


def test_a_worker_killed_mid_work_loses_nothing_on_the_redis_queue(on_redis):
    killed_mid_work_loses_nothing(on_redis)
    # The queue holds no task left running or failed: the dead worker's was claimed again.
    out = manage(on_redis, "tasks")
    assert "stories waiting for a refresh: 0" in out
    counts = shell(
        on_redis,
        "from articles import tasks; b = tasks.refresh_pending.get_backend(); "
        "c = b.get_status_counts(); print(tasks.on_redis(b), c['RUNNING'], c['FAILED'], c['SUCCESSFUL'] > 0)",
    )
    assert counts == "True 0 0 True"


# Enough stories for dozens of two-story batches (the kill lands mid-work) and for the
# similar-stories lists to be worth checking; without pictures, which no assertion reads.
STORIES = 100


def killed_mid_work_loses_nothing(env):
    manage(env, "generate_demo", str(STORIES), "--seed", "3", "--no-pictures")
    before = state(env)
    assert before["pending"] == before["published"] == STORIES
    assert before["entries"] == 0  # the writes did no derived work themselves

    worker = start_worker(env)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            if 0 < pending(env) < STORIES:
                break
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            time.sleep(0.02)
        else:
            pytest.fail("the worker never started on the queue")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(30)
    killed = state(env)
    assert 0 < killed["pending"] < STORIES, killed  # killed mid-work: some done, some not

    # A new worker requeues what the dead one left and finishes the work.
    worker = start_worker(env)
    try:
        deadline = time.monotonic() + 300
        while pending(env) and time.monotonic() < deadline:
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(60)
    after = state(env)
    assert after["pending"] == 0
    assert after["entries"] == STORIES  # every story is searchable
    assert after["with_similar"] > STORIES * 5 // 6
    # And what it computed is what a full recomputation gives now, but for the odd older
    # story: a neighbour's list is recomputed when a new story names it among its own
    # similar ones, so a pair similar in one direction only can stay stale (which pairs
    # depends on how the killed run's batches fell). Skipped work would show as dozens.
    stale = shell(
        env,
        "from articles.related import refresh_similar; from articles.models import Article; "
        "print(len(refresh_similar(Article.objects.values_list('pk', flat=True))))",
    )
    assert int(stale) <= 3, stale


def test_many_saves_of_one_story_are_one_refresh(database):
    env = database
    out = shell(
        env,
        "from articles import services; from articles.models import Article, PendingRefresh; "
        "from django_tasks_db.models import DBTaskResult; "
        "a = services.save_story(Article(headline='خبر يحرر مرارا', body='نص.', status='published')); "
        "[services.save_story(a) for _ in range(20)]; "
        "print(PendingRefresh.objects.count(), DBTaskResult.objects.count())",
    )
    pending, queued = map(int, out.split())
    assert pending == 1  # one story waiting, however often it was saved
    assert queued == 21  # each save queued a run: the first does the work, the rest find none
    manage(env, "run_worker", "--batch", "-v0")
    assert state(env)["pending"] == 0
    count = "from django_tasks_db.models import DBTaskResult as T; print(T.objects.successful().count())"
    done = shell(env, count)
    assert done == "21"
    assert "21" in manage(env, "tasks")  # the command lists them (labels are translated)


def test_the_redis_queue_coalesces_saves_and_the_worker_drains_it(on_redis):
    env = on_redis
    out = shell(
        env,
        "from articles import services, tasks; from articles.models import Article, PendingRefresh; "
        "a = services.save_story(Article(headline='خبر يحرر مرارا', body='نص.', status='published')); "
        "[services.save_story(a) for _ in range(20)]; "
        "b = tasks.refresh_pending.get_backend(); "
        "print(PendingRefresh.objects.count(), b.get_status_counts()['READY'])",
    )
    assert out == "1 21"  # one story waiting; each save rang the doorbell
    manage(env, "run_worker", "--batch", "-v0")
    assert state(env)["pending"] == 0
    assert "جاهزة 0" in manage(env, "tasks") and "نجحت 21" in manage(env, "tasks")


def test_a_save_with_the_redis_queue_down_still_commits_and_the_worker_catches_up(on_redis):
    """The queue is only the doorbell: the PendingRefresh rows are what is waiting."""
    env = {**on_redis, "TASK_REDIS_URL": "redis://127.0.0.1:1/0"}  # nothing listens there
    out = shell(
        env,
        "from articles import services; from articles.models import Article, PendingRefresh; "
        "services.save_story(Article(headline='خبر وقت انقطاع الطابور', body='نص.', status='published')); "
        "print(Article.objects.count(), PendingRefresh.objects.count())",
    )
    assert out == "1 1"
    manage(on_redis, "run_worker", "--batch", "-v0")  # the queue is back: the worker finds the row
    after = state(on_redis)
    assert (after["pending"], after["entries"]) == (0, 1)


def test_an_image_saved_with_the_redis_queue_down_gets_its_renditions_when_the_worker_starts(
    on_redis, tmp_path
):
    """The renditions' enqueue is after commit too: a queue out of reach loses no picture."""
    media = {"NEWSROOM_TEST_MEDIA_ROOT": str(tmp_path / "media")}
    env = {**on_redis, **media, "TASK_REDIS_URL": "redis://127.0.0.1:1/0"}
    out = shell(
        env,
        "from articles.models import LeadImage; from tests.factories import add_lead_image, make_article; "
        "story = make_article('خبر بصورة وقت انقطاع الطابور'); add_lead_image(story); "
        "print(LeadImage.objects.get().ready)",
    )
    assert out == "False"
    manage({**on_redis, **media}, "run_worker", "--batch", "-v0")
    ready = shell(
        {**on_redis, **media},
        "from articles.models import LeadImage; print(LeadImage.objects.get().ready)",
    )
    assert ready == "True"
