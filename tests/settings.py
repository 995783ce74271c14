"""Test configuration: the real settings, with speed-ups that change no behaviour we test."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")

# Parallel workers (pytest-xdist, `make test`): pytest-django gives each worker its own test
# database (name suffixed _gw0, _gw1); the page-cache purge log below is per process; and each
# worker gets its own Redis database (the given one + the worker's number), because a test's
# cache.clear() empties the whole Redis database, not only its key prefix.
# A subprocess a test starts inherits both the worker's name and the already-shifted URL: the
# marker keeps it on its parent's database instead of shifting again.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER and os.environ.get("REDIS_URL") and os.environ.get("NEWSROOM_REDIS_SHIFTED") != _WORKER:
    os.environ["NEWSROOM_REDIS_SHIFTED"] = _WORKER
    import re as _re

    _number = int(_WORKER.removeprefix("gw"))

    def _worker_db(match):
        return f"/{(int(match[1] or 0) + _number) % 16}"

    os.environ["REDIS_URL"] = _re.sub(r"/(\d*)$", _worker_db, os.environ["REDIS_URL"].rstrip("/"), count=1)
    if not _re.search(r"/\d+$", os.environ["REDIS_URL"]):
        os.environ["REDIS_URL"] += f"/{_number}"

# NEWSROOM_TEST_TASKS=database|redis: the real queue of that kind (tests/test_worker.py's
# worker processes); without it, the immediate backend (below).
if os.environ.get("NEWSROOM_TEST_TASKS") in ("database", "redis"):
    os.environ["TASK_QUEUE"] = os.environ["NEWSROOM_TEST_TASKS"]

from newsroom.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A reader page reading a field its query did not load fails the test (FieldFetchBlocked)
# instead of quietly costing a query per row.
DEFERRED_FETCH_MODE = "raise"
# Tests render templates without running collectstatic first.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Several test runs may share one PostgreSQL server: each can name its own test database.
DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("NEWSROOM_TEST_DB") or None  # noqa: F405

# The page-cache purge log is shared by every process on one database (articles/caching/store.py);
# concurrent test runs on this machine must not see each other's.
PAGE_CACHE_PURGE_LOG = os.environ.get("PAGE_CACHE_PURGE_LOG") or str(
    Path(tempfile.gettempdir()) / f"newsroom-test-page-purges-{os.getpid()}"
)

# Pages only in the process's own cache: tests empty it (cache.clear()) to see a page
# rendered again. tests/test_caching.py turns the shared files on where it tests them.
PAGE_CACHE_SHARED_PAGES = False

# An edit shows at once (tests/test_caching.py tests the one-second refresh on its own).
PAGE_CACHE_REFRESH_SECONDS = 0

# Tasks run in the test's own process and transaction (Django's immediate backend): most
# tests are about what a page shows after a write, not about the queue, and a test
# transaction that never commits would never reach a worker. The queue itself — a real
# database backend, a real worker process killed mid-work — is tested in
# tests/test_worker.py, which overrides this.
# NEWSROOM_TEST_TASKS=database or redis keeps a real queue (the worker processes those tests start).
if os.environ.get("NEWSROOM_TEST_TASKS") not in ("database", "redis"):
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Uploaded images go to a directory of this test process, removed at exit; the live
# servers of the browser tests serve them as the development server does.
# Processes a test starts that must share files (a worker after a shell) are given one
# MEDIA_ROOT by the test, which removes it.
SERVE_MEDIA = True
if os.environ.get("NEWSROOM_TEST_MEDIA_ROOT"):
    MEDIA_ROOT = Path(os.environ["NEWSROOM_TEST_MEDIA_ROOT"])
else:
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="newsroom-test-media-"))

    import atexit as _atexit
    import shutil as _shutil

    _atexit.register(_shutil.rmtree, MEDIA_ROOT, True)
