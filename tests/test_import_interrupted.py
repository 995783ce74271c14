"""An import interrupted midway leaves whole chunks of files — stories, tags, quotes, links,
search entries and similar stories together — and running it again ends where a clean
import ends. (Exceptions inside one file are the importer's own tests; kill -9 of a real
10,000-file import is bench/crash_import.py.)

The interruption is real: SIGALRM raises at whatever line the importer happens to be on,
as Ctrl-C would.
"""

import signal
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from articles import services
from articles.models import Article, Source, Tag
from articles.search import rebuild

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PROJECT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CHUNK = 7
GENERATED = 20


class Interrupted(KeyboardInterrupt):
    """A Ctrl-C of our own, caught by `_interrupted_import` before pytest sees it (a bare
    KeyboardInterrupt reaching pytest stops the run). It must be a KeyboardInterrupt: psycopg
    cancels the running query on one and keeps the connection in step; any other exception
    landing mid-query leaves the connection answering the next statement with the old
    one's results (seen as foreign keys to rows that never existed)."""


def _import(folder, chunk=CHUNK, jobs=1):
    call_command("import_articles", str(folder), chunk=chunk, jobs=jobs, no_progress=True, verbosity=0)


def _interrupted_import(folder, after_seconds, chunk=CHUNK, jobs=1) -> bool:
    def stop(signum, frame):
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, after_seconds)
    try:
        _import(folder, chunk=chunk, jobs=jobs)
    except Interrupted:
        return True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return False


def _search_entries() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM articles_search_entry")
        return cursor.fetchone()[0]


def state() -> dict:
    """Every story by its fingerprint, with what hangs off it, and the derived-data counts."""
    by_pk = dict(Article.objects.values_list("pk", "fingerprint"))
    stories = {}
    for article in Article.objects.prefetch_related("tag_links__tag", "quotes", "related_links"):
        stories[article.fingerprint] = (
            article.headline,
            article.body,
            sorted((link.tag.name, link.weight) for link in article.tag_links.all()),
            [(q.order, q.speaker_name, q.text, q.kind) for q in article.quotes.all()],
            [(r.order, r.kind, r.title, by_pk.get(r.target_id), r.url) for r in article.related_links.all()],
            # How many, not which: on PostgreSQL two uninterrupted imports of the same files
            # can already order equal-scored similar stories differently (ids differ).
            len(article.similar_ids),
        )
    return {
        "stories": stories,
        "tags": sorted(Tag.objects.values_list("name", flat=True)),
        "sources": sorted(Source.objects.values_list("name", flat=True)),
        "search_entries": _search_entries(),
        "published": Article.objects.published().count(),
    }


def _wipe():
    services.delete_stories(Article.objects.values_list("pk", flat=True))
    Tag.objects.all().delete()
    Source.objects.all().delete()
    assert _search_entries() == 0


@pytest.fixture(autouse=True)
def _empty_search_index():
    """The index tables are raw SQL: the flush between transactional tests does not
    empty them, and stale rows from another test would count here."""
    rebuild()
    yield
    _wipe()
    rebuild()


@pytest.fixture
def raw_folder(tmp_path):
    folder = tmp_path / "raw"
    # Enough files for several chunks of CHUNK (the unit of loss), few enough to import five
    # times per test: 20 generated (was 40; each import is the cost of this test).
    call_command("generate_demo", GENERATED, seed=5, raw_dir=folder, verbosity=0)
    for path in PROJECT_CORPUS.glob("*.txt"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _interrupt_somewhere(folder, seconds, chunk=CHUNK, jobs=1, lost=lambda: True):
    """Interrupt an import after `seconds`; if the machine was quicker than that — the
    import ended, or `lost()` says the alarm came after what the caller needs cut (the
    last chunk's commit, say) — sooner."""
    for _ in range(6):
        _wipe()
        if _interrupted_import(folder, seconds, chunk=chunk, jobs=jobs) and lost():
            return
        seconds /= 2
    pytest.fail("the import always ended before the alarm")


@pytest.mark.parametrize("jobs", [1, 2], ids=["serial", "parse-workers"])
def test_interrupted_import_leaves_whole_chunks_and_resumes_to_the_clean_result(raw_folder, jobs):
    _import(raw_folder, jobs=jobs)
    clean = state()
    assert clean["search_entries"] == clean["published"] > GENERATED
    _wipe()
    started = time.monotonic()
    _import(raw_folder, jobs=jobs)  # timed warm, as the interrupted runs will be
    seconds = time.monotonic() - started
    assert state() == clean

    # An alarm in the refresh after the last commit (a loaded machine made the warm run
    # slower than the interrupted one) cut nothing: sooner.
    def cut_something():
        return Article.objects.count() < len(clean["stories"])

    for fraction in (0.25, 0.65):
        _interrupt_somewhere(raw_folder, seconds * fraction, jobs=jobs, lost=cut_something)
        partial = state()
        assert len(partial["stories"]) < len(clean["stories"])
        # Only whole files, exactly as the clean run wrote them …
        for print_, story in partial["stories"].items():
            assert print_ in clean["stories"]
            assert story[:5] == clean["stories"][print_][:5], story[0]
        # … and their derived data committed with them.
        assert partial["search_entries"] == partial["published"]

        _import(raw_folder, jobs=jobs)  # run again
        assert state() == clean


def test_the_chunk_is_the_unit_of_loss(raw_folder):
    """With the whole run as one chunk, an interruption anywhere leaves nothing of it."""
    _import(raw_folder, chunk=10_000)
    clean, clean_count = state(), Article.objects.count()
    _wipe()
    started = time.monotonic()
    _import(raw_folder, chunk=10_000)
    seconds = time.monotonic() - started
    fraction = 0.6
    for _ in range(6):
        _interrupt_somewhere(raw_folder, seconds * fraction, chunk=10_000)
        # The chunk is whole or absent. Whole means the alarm came after its commit (while
        # the after-commit refresh ran, which the immediate task backend does inline): sooner.
        if Article.objects.count() == 0:
            break
        assert Article.objects.count() == clean_count
        fraction /= 2
    assert Article.objects.count() == 0 and Tag.objects.count() == 0 and _search_entries() == 0
    _import(raw_folder, chunk=10_000)
    assert state() == clean


def _interrupt_inside_an_atomic_exit(depth: int):
    """A tracer that raises Interrupted inside the first `Atomic.__exit__` of a block `depth`
    deep (1: the outermost), between its two pops (atomic_blocks, then savepoint_ids): one
    of the lines where a real Ctrl-C leaves Django's records of the transaction torn."""
    exit_code = transaction.Atomic.__exit__.__code__
    entered: dict = {}

    def local(frame, event, arg):
        if event == "line" and not entered["fired"] and len(connection.atomic_blocks) == depth - 1:
            entered["fired"] = True
            raise Interrupted
        return local

    def tracer(frame, event, arg):
        if frame.f_code is exit_code and not entered["fired"] and len(connection.atomic_blocks) == depth:
            return local
        return None

    entered["fired"] = False
    return tracer, entered


@pytest.mark.parametrize("depth", [1, 2, 3], ids=["chunk", "chunk-write", "create-stories"])
def test_an_interruption_inside_the_transaction_bookkeeping_leaves_nothing_open(raw_folder, depth):
    """Ctrl-C can land inside Django's own atomic() exit. The chunk is then lost, as when
    the process ends, and the same process imports again to the clean result (left open,
    the transaction never committed, or every file of the next run failed with
    TransactionManagementError)."""
    _import(raw_folder, chunk=10_000)
    clean = state()
    _wipe()
    tracer, entered = _interrupt_inside_an_atomic_exit(depth)
    sys.settrace(tracer)
    try:
        with pytest.raises(Interrupted):
            _import(raw_folder, chunk=10_000)
    finally:
        sys.settrace(None)
    assert entered["fired"]
    assert not connection.in_atomic_block and connection.get_autocommit()
    assert not connection.savepoint_ids and not connection.needs_rollback
    assert Article.objects.count() == 0 and _search_entries() == 0
    _import(raw_folder, chunk=10_000)
    assert state() == clean


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: a query in flight on the wire")
@pytest.mark.django_db(transaction=True)
def test_an_interruption_with_a_query_in_flight_leaves_a_connection_that_works():
    """Ctrl-C inside the transaction bookkeeping while a query is still on the wire (what a
    CI run caught mid-import): the connection can neither roll back nor change its
    autocommit ("another command is already in progress"), so it is closed; the next query
    works on a fresh one."""
    from articles.importer.interrupt import rolled_back_if_interrupted

    with pytest.raises(Interrupted), rolled_back_if_interrupted():
        transaction.atomic().__enter__()  # torn: its exit never runs
        connection.connection.pgconn.send_query(b"SELECT pg_sleep(0.2)")
        raise Interrupted
    assert not connection.in_atomic_block and connection.get_autocommit()
    assert Article.objects.count() == 0


def test_a_ctrl_c_behind_a_database_error_is_still_a_ctrl_c():
    """psycopg in pipeline mode (executemany) turns a KeyboardInterrupt into an
    OperationalError; the refresh task and the chunk's retry must stop, not go on."""
    from django.db import OperationalError

    from articles.importer.interrupt import interruption_in

    ctrl_c = Interrupted()
    try:
        try:
            raise ctrl_c
        except Interrupted as raised:
            raise OperationalError("cannot exit pipeline mode while busy") from raised
    except OperationalError as error:
        assert interruption_in(error) is ctrl_c
    assert interruption_in(OperationalError("deadlock detected")) is None
