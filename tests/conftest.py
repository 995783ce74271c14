import hashlib
import io
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches (pages have one of their own), so a cached page
    never hides a bug."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
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


# ---------------------------------------------------------------- rows built once per module

# Module-scoped fixtures whose rows stay until the module ends (tests.factories.rows_kept_for_the_module).
KEPT_FOR_THE_MODULE = {"module_corpus", "module_reader_corpus", "module_admin_stories"}


def pytest_collection_modifyitems(items):
    """In each file, the tests that use rows kept for the module run after the others, so
    those others never see the rows (nor run a transactional test inside their transaction).
    Otherwise the order is as collected."""
    first = {}
    for index, item in enumerate(items):
        first.setdefault(item.nodeid.split("::")[0], index)

    def key(pair):
        index, item = pair
        kept = bool(KEPT_FOR_THE_MODULE & set(getattr(item, "fixturenames", ())))
        return (first[item.nodeid.split("::")[0]], kept, index)

    items[:] = [item for _, item in sorted(enumerate(items), key=key)]


@pytest.fixture(scope="module")
def module_corpus(django_db_setup, django_db_blocker):
    """tests/public_urls.py's corpus, built once for a module of many tests that only read it
    (every URL × every attack)."""
    from tests.factories import rows_kept_for_the_module
    from tests.public_urls import make_corpus

    with rows_kept_for_the_module(django_db_blocker):
        yield make_corpus()


# ---------------------------------------------------------------- pictures drawn once

_DRAWN: dict[str, list] = {}


@pytest.fixture(scope="module")
def renditions_drawn_once():
    """For a module whose tests are about pages, admin forms and browsers showing pictures,
    not about encoding them: the renditions of the same bytes are drawn once per test process
    (AVIF and WebP encoding takes seconds per picture; every test's fixture uploads the same
    ones). The first call for some bytes is the real `render`; the rest get its result.
    Not for tests of the encoder's determinism (tests/test_demo_pictures.py)."""
    from articles.images import renditions

    real = renditions.render

    def render_once(file):
        data = file.read()
        key = hashlib.sha256(data).hexdigest()
        if key not in _DRAWN:
            _DRAWN[key] = real(io.BytesIO(data))
        return list(_DRAWN[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(renditions, "render", render_once)
        yield


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
