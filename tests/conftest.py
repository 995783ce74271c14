from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so a cached page never hides a bug."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_search_index_after_transactional_tests(request):
    """Django's flush between transactional tests truncates the models' tables but not
    the raw search tables; on SQLite ids restart, so a left-over entry would point at
    the next test's stories. Empty them after every test that committed for real."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    )
    if not transactional:
        return
    from django.db import connection

    from articles.search.backends import backend_for

    with connection.cursor() as cursor:
        backend_for(connection).clear(cursor)


# ---------------------------------------------------------------- what did not run, said aloud

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SHARED_ABSENT = f"{SHARED} is absent: the tests on the real corpus and the seed are skipped"


def pytest_report_header(config):
    return None if SHARED.is_dir() else f"NOTE: {SHARED_ABSENT}"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if SHARED.is_dir():
        return
    skipped = len(terminalreporter.stats.get("skipped", []))
    terminalreporter.write_sep("=", f"{SHARED_ABSENT} ({skipped} skipped in all)", yellow=True, bold=True)
