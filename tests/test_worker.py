"""The task queue for real: the database backend, `run_worker` processes, kill -9.

These tests do not use pytest-django's database: the worker is another process, so
they make a database of their own (a SQLite file, or a PostgreSQL database when
DATABASE_URL points at PostgreSQL), migrate it and drive it through manage.py.
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


@pytest.fixture
def database(tmp_path):
    """The env of a fresh, migrated database with the real (database) task backend."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSROOM_TEST_DB",)}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        NEWSROOM_TEST_TASKS="database",
        NEWSROOM_REFRESH_BATCH="2",  # many small batches: the kill lands mid-work
        PYTHONPATH=str(ROOT),
    )
    url = os.environ.get("DATABASE_URL", "")
    pg_name = None
    if url.startswith("postgres"):
        import psycopg

        pg_name = f"newsroom_worker_{uuid.uuid4().hex[:8]}"
        server = url.rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        env["DATABASE_URL"] = f"{server}/{pg_name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    manage(env, "migrate", "--noinput", "-v0")
    yield env
    if pg_name:
        import psycopg

        with psycopg.connect(f"{url.rsplit('/', 1)[0]}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


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
    env = database
    manage(env, "generate_demo", "300", "--seed", "3")
    before = state(env)
    assert before["pending"] == before["published"] == 300
    assert before["entries"] == 0  # the writes did no derived work themselves

    worker = start_worker(env)
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            if 0 < pending(env) < 300:
                break
            assert worker.poll() is None, worker.stderr.read().decode()[-2000:]
            time.sleep(0.02)
        else:
            pytest.fail("the worker never started on the queue")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(30)
    killed = state(env)
    assert 0 < killed["pending"] < 300, killed  # killed mid-work: some done, some not

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
    assert after["entries"] == 300  # every story is searchable
    assert after["with_similar"] > 250
    # And what it computed is what a full recomputation gives now: nothing was skipped.
    assert (
        shell(
            env,
            "from articles.related import refresh_similar; from articles.models import Article; "
            "print(len(refresh_similar(Article.objects.values_list('pk', flat=True))))",
        )
        == "0"
    )


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
