"""Background work after a write: what `articles.services.refresh` queued.

`refresh_pending` works off the PendingRefresh rows (one per story, however often it
was saved): for a batch of stories it rewrites their search entries, recomputes their
similar stories, then those of their neighbours (the stories that list them or that
they list — so an older story gains a newer one), and purges the pages that changed.
The rows are deleted after the work, and only if nobody asked again meanwhile (the
token), so the task is idempotent and a worker killed mid-batch loses nothing: the
next worker finds the rows and does the batch again.

A failed run is recorded by the backend (`manage.py tasks`, the admin's task list) and
retried `MAX_ATTEMPTS` times with a growing delay; the rows stay pending until a run
succeeds. `run_worker` also re-queues the work a dead worker left and checks for
pending rows every few seconds, so nothing waits for the next save.
"""

import logging
import os
import time
from datetime import timedelta

from django.db import connection, transaction
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone

from .importer.interrupt import interruption_in

# Stories per batch (one corpus read, one similar-stories pass, one commit). Large,
# because the corpus read and the neighbours are paid per batch: an import's backlog
# goes 1,000 at a time (a single save is a batch of one all the same).
BATCH = int(os.environ.get("NEWSROOM_REFRESH_BATCH", "1000"))
# Neighbours recomputed per changed story: the stories in its old and new lists.
NEIGHBOURS = 12
# One run stops taking batches after this long and queues its successor, so a long
# import does not hold one task (and its retry) for minutes.
TIME_BUDGET = 20.0
MAX_ATTEMPTS = 5
logger = logging.getLogger(__name__)


@task()
def refresh_pending(attempt: int = 1) -> int:
    """Work off the pending stories; returns how many were refreshed."""
    from . import services

    done = 0
    started = time.monotonic()
    try:
        services.count_newly_live()
        while True:
            n = refresh_batch()
            done += n
            if n == 0:
                break
            if time.monotonic() - started > TIME_BUDGET:
                enqueue_refresh()
                break
    except Exception as error:
        if (interruption := interruption_in(error)) is not None:
            raise interruption from error  # Ctrl-C: stop, as the worker or importer is told to
        if attempt < MAX_ATTEMPTS and _supports_defer():
            delay = timedelta(seconds=2**attempt)
            refresh_pending.using(run_after=timezone.now() + delay).enqueue(attempt=attempt + 1)
        raise
    return done


@task()
def count_going_live() -> int:
    """Count the scheduled stories whose time has come (queued for their publish time)."""
    from . import services

    return len(services.count_newly_live())


@task()
def rebuild_search() -> int:
    """The whole search index again (after a restore)."""
    from .search import rebuild

    return rebuild()


@task()
def make_renditions(article_id: int) -> bool:
    """A story's lead image in every size and format pages use (queued by save_story)."""
    from . import services

    return services.make_renditions(article_id)


def refresh_batch(limit: int = BATCH) -> int:
    """Refresh up to `limit` pending stories; returns how many."""
    from .search.index import savepoint_if_nested

    with savepoint_if_nested():
        return _refresh_batch(limit)


def _refresh_batch(limit: int) -> int:
    from .models import PendingRefresh
    from .related import Corpus, similar_changes, write_similar
    from .search import Entries
    from .services import purge

    rows = list(
        PendingRefresh.objects.order_by("requested_at", "id").values_list("article_id", "token")[:limit]
    )
    if not rows:
        return 0
    ids = [article_id for article_id, _ in rows]
    # Everything is read and computed first, then written in one transaction: on SQLite
    # a write transaction holds the database's one write lock from its start, and a
    # writer beside the worker (an import's chunks, back to back) leaves it free only
    # between its commits. Each write transaction of the worker's waited for one of
    # those moments: one per batch, not one per step, is what lets it keep up.
    entries = Entries.read(ids)
    before = _similar_ids(ids)
    corpus = Corpus.load()
    own = similar_changes(ids, corpus)
    after = {**before, **{a.pk: a.similar_ids for a in own}}
    neighbours = set()
    for pk in ids:
        near = list(after.get(pk) or []) + list(before.get(pk) or [])
        neighbours.update(near[:NEIGHBOURS])
    neighbours.difference_update(ids)
    updates = own + similar_changes(neighbours, corpus)
    # A worker killed before the commit leaves the rows, and the batch is done again.
    with transaction.atomic():
        entries.write()
        write_similar(updates)
        PendingRefresh.objects.filter(token__in=[token for _, token in rows]).delete()
    # Their cards did not change (the save purged those, and the stories' own pages with
    # them): only the pages whose similar stories changed.
    purge(page_ids=sorted(a.pk for a in updates))
    # The search results (the stories' entries are new), at most every few seconds.
    purge_search_results()
    return len(ids)


# When the search results were last purged by this process's request, or are due to be.
_search_purge_due = 0.0


def purge_search_results() -> None:
    """Purge the search result pages after a reindex: now, unless they were purged less
    than SEARCH_PAGES_PURGE_SECONDS ago — then once that time is up (a deferred task).

    Every search page shows what the whole index holds (results, counts, «هل تقصد»), so
    each reindex would re-render them all; while an editor saves every few hundred
    milliseconds that is most of the readers' CPU. A story a search page shows is
    purged at its save all the same (its key): what waits is a story joining or leaving
    results, for at most that long."""
    global _search_purge_due
    from django.conf import settings

    from .caching import keys, store
    from .caching.purge import purge_keys

    wait = float(getattr(settings, "SEARCH_PAGES_PURGE_SECONDS", 0))
    now = time.time()
    last = store.purges_for(store.page_cache()).last_purge((keys.SEARCH,)) if wait > 0 else 0.0
    if wait <= 0 or not _supports_defer() or now - last >= wait:
        purge_keys({keys.SEARCH})
        return
    if _search_purge_due > now:
        return  # one is queued already, and will see this reindex
    _search_purge_due = last + wait
    try:
        purge_search.using(run_after=_at(_search_purge_due)).enqueue(requested_at=now)
    except Exception:
        logger.warning("could not queue the search pages' purge; purging now", exc_info=True)
        purge_keys({keys.SEARCH})


@task()
def purge_search(requested_at: float) -> None:
    """The deferred purge of `purge_search_results` (for the reindexes since `requested_at`)."""
    from .caching import keys
    from .caching.purge import purge_keys

    purge_keys({keys.SEARCH})


def _at(epoch: float):
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, tz=UTC)


def _similar_ids(ids) -> dict:
    from .models import Article

    found = {}
    for start in range(0, len(ids), 500):  # no query carries more ids than SQLite accepts
        rows = Article.objects.filter(pk__in=ids[start : start + 500]).values_list("pk", "similar_ids")
        found.update(rows)
    return found


def run_pending() -> int:
    """Do the queued refreshes here and now, whatever the backend (benchmarks and
    commands that measure the derived data right after writing it)."""
    done = 0
    while n := refresh_batch():
        done += n
    return done


# ---------------------------------------------------------------- queueing


def enqueue_refresh() -> None:
    """Queue a `refresh_pending` run: now when the backend runs tasks in this process
    (tests), else once the caller's transaction commits (one run per transaction)."""
    backend = refresh_pending.get_backend()
    if isinstance(backend, ImmediateBackend):
        refresh_pending.enqueue()
        return
    if not connection.in_atomic_block:
        _enqueue_after_commit()
        return
    # One run per transaction, however many stories it wrote.
    if not any(func is _enqueue_after_commit for _, func, _ in connection.run_on_commit):
        transaction.on_commit(_enqueue_after_commit)


def enqueue_renditions(article_id: int) -> None:
    """Queue a story's renditions: now under the immediate backend (tests), else once the
    upload is committed (the worker must find the row and the file)."""
    backend = make_renditions.get_backend()
    if isinstance(backend, ImmediateBackend):
        make_renditions.enqueue(article_id)
    elif not connection.in_atomic_block:
        _enqueue_renditions_now(article_id)
    else:
        transaction.on_commit(lambda: _enqueue_renditions_now(article_id))


def _enqueue_renditions_now(article_id: int) -> None:
    try:
        make_renditions.enqueue(article_id)
    except Exception:
        # The upload is committed; the queue is out of reach (Redis restarting). The page
        # shows no picture until renditions exist, and the worker queues the missing ones
        # when it starts (run_worker: queue_missing_renditions).
        logger.warning("could not queue the renditions of story %s", article_id, exc_info=True)


def queue_missing_renditions() -> int:
    """Queue renditions for every lead image that has none for its current file (an
    enqueue lost while the queue was down). One read of the image table."""
    from .models import LeadImage

    waiting = [
        pk
        for pk, name, made in LeadImage.objects.values_list("article_id", "file", "renditions").iterator()
        if (made or {}).get("source") != name
    ]
    for pk in waiting:
        _enqueue_renditions_now(pk)
    return len(waiting)


def _enqueue_after_commit():
    try:
        refresh_pending.enqueue()
    except Exception:
        # The write is committed and its PendingRefresh rows say what is waiting: a queue
        # out of reach (Redis restarting) must not fail the editor's request. The worker
        # finds the rows within seconds (run_worker's watch) and queues the run itself.
        logger.warning("could not queue the refresh; the worker will find the pending rows", exc_info=True)


def schedule_going_live(article_ids) -> None:
    """A scheduled story goes live without any write: queue its counting for then."""
    if not _supports_defer():
        return  # the immediate backend (tests): count_newly_live runs with every refresh
    from .models import Article

    now = timezone.now()
    times = (
        Article.objects.filter(
            pk__in=list(article_ids), status=Article.Status.PUBLISHED, published_at__gt=now
        )
        .values_list("published_at", flat=True)
        .distinct()
    )
    for at in times[:50]:
        transaction.on_commit(lambda at=at: _enqueue_going_live(at))


def _enqueue_going_live(at):
    try:
        count_going_live.using(run_after=at).enqueue()
    except Exception:
        # As above: every refresh run counts the stories whose time has come, too.
        logger.warning("could not queue the count at %s", at, exc_info=True)


def on_redis(backend=None) -> bool:
    """Whether the queue is django-tasks-redis's (TASK_QUEUE=redis) rather than the database's."""
    backend = backend or refresh_pending.get_backend()
    return type(backend).__module__.startswith("django_tasks_redis")


def _supports_defer() -> bool:
    return refresh_pending.get_backend().supports_defer
