"""The task worker: `manage.py run_worker` (make run starts one beside the server).

django-tasks-db's worker (`db_worker`) with what newsroom needs around it:

- at start, tasks left RUNNING by a worker that died (kill -9, a lost machine) are put
  back in the queue: their work is idempotent (articles/tasks.py), so running it again
  is safe, and the PendingRefresh rows they had not finished are still there anyway;
- a database busy past its timeout (SQLite under a long import chunk) makes it wait
  and poll again, not exit;
- every few seconds, if stories are waiting for a refresh and no run is queued (their
  writer died between its commit and its enqueue, or a run failed for good), one is
  queued;
- soon after start and then twice a day, image files no story uses any more are deleted
  once past their day's grace (what `manage.py prune_images` does).

With the Redis queue (TASK_QUEUE=redis, the default with REDIS_URL) the same command
works django-tasks-redis's streams as one consumer of its group: at start it claims
every message a dead worker held (its task back to READY, as above); every
`CLAIM_SECONDS` it claims those another consumer held past REDIS_CLAIM_TIMEOUT;
SIGTERM or Ctrl-C lets the running task finish. The watch is the same.
"""

import logging
import threading
import time

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections
from django.tasks import TaskResultStatus
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from articles import tasks
from articles.images import unused
from articles.models import PendingRefresh

WATCH_SECONDS = 5.0
# Unused image files (articles/images/unused.py) are looked for this often; each is kept a
# day after its story stopped naming it, so twice a day is soon enough.
PRUNE_SECONDS = 12 * 3600
# Redis queue: how often a worker claims the messages of consumers gone silent.
CLAIM_SECONDS = 30.0
logger = logging.getLogger(__name__)


def requeue_abandoned() -> int:
    """Put RUNNING tasks back to READY. Only called when no other worker runs (at the
    start of the one worker newsroom runs; with several workers, use --no-requeue)."""
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY, started_at=None
    )


def queue_if_waiting() -> bool:
    if not PendingRefresh.objects.exists():
        return False
    backend = tasks.refresh_pending.get_backend()
    if tasks.on_redis(backend):
        # The Redis store indexes tasks by status, not by function: queue a run only
        # when nothing is due or running (a run in progress takes the rows itself).
        stats = backend.get_queue_stats()
        if stats["pending_count"] - stats["delayed_count"] > 0 or stats["running_count"] > 0:
            return False
    else:
        queued = DBTaskResult.objects.ready().filter(task_path=tasks.refresh_pending.module_path)
        if queued.exists():
            return False
    tasks.refresh_pending.enqueue()
    return True


def prune_images() -> int:
    """Delete the image files no story names any more, past their grace (a day)."""
    gone = unused.prune()
    if gone:
        logger.info("deleted %s unused image file(s)", len(gone))
    return len(gone)


def _watch(stop: threading.Event):
    next_prune = time.monotonic()  # soon after start, then every PRUNE_SECONDS
    while not stop.wait(WATCH_SECONDS):
        try:
            queue_if_waiting()
            if time.monotonic() >= next_prune:
                next_prune = time.monotonic() + PRUNE_SECONDS
                prune_images()
        except Exception:  # the database may be busy or restarting: try again later
            logger.warning("could not check for waiting refreshes or unused images", exc_info=True)
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "يشغّل عامل المهام الخلفية (فهرس البحث، الأخبار المشابهة، تحديث الصفحات المخزنة)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.2, help="seconds between polls when idle")
        parser.add_argument("--batch", action="store_true", help="work off the queue, then exit")
        parser.add_argument("--no-requeue", action="store_true", help="several workers: leave RUNNING tasks")

    def handle(self, *args, interval, batch, no_requeue, verbosity=1, **options):
        backend = tasks.refresh_pending.get_backend()
        if tasks.on_redis(backend):
            return self.work_redis(backend, interval=interval, batch=batch, requeue=not no_requeue)
        if not no_requeue:
            requeued = requeue_abandoned()
            if requeued and verbosity:
                self.stdout.write(f"requeued {requeued} task(s) a stopped worker left running")
            tasks.queue_missing_renditions()
        queue_if_waiting()
        close_old_connections()
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(stop,), daemon=True, name="refresh-watch")
        if not batch:
            watcher.start()
        worker = Worker(
            queue_names=["default"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        worker.configure_signals()
        started = time.monotonic()
        try:
            while True:
                try:
                    worker.run()
                    break
                except OperationalError:
                    # A writer held SQLite's one write lock past the busy timeout (a long
                    # import chunk): the claim did not happen, so wait and poll again.
                    logger.warning("database busy; the worker polls again", exc_info=True)
                    close_old_connections()
                    time.sleep(1)
        finally:
            stop.set()
        if verbosity > 1:
            self.stdout.write(f"worker ran {time.monotonic() - started:.1f} s")

    def work_redis(self, backend, *, interval, batch, requeue):
        from django_tasks_redis import GracefulShutdown
        from django_tasks_redis.utils import generate_worker_id

        broker = backend.broker
        worker_id = generate_worker_id()
        if requeue:
            # The one worker: whatever another consumer holds, it held when it died.
            claimed = broker.claim_stale_messages(worker_id, claim_timeout=0)
            if claimed:
                logger.warning("claimed %s task(s) a stopped worker left", claimed)
            tasks.queue_missing_renditions()
        queue_if_waiting()
        close_old_connections()
        stop = threading.Event()
        if not batch:
            threading.Thread(target=_watch, args=(stop,), daemon=True, name="refresh-watch").start()
        next_claim = time.monotonic() + CLAIM_SECONDS
        # Wait on the stream at most this long: delayed tasks are moved to it on each read.
        wait = 0 if batch else max(interval, 1.0)
        try:
            with GracefulShutdown() as shutdown:
                while not shutdown.is_set():
                    try:
                        if time.monotonic() >= next_claim:
                            next_claim = time.monotonic() + CLAIM_SECONDS
                            broker.claim_stale_messages(worker_id)
                        messages = broker.receive(max_messages=1, wait_seconds=wait, worker_id=worker_id)
                        if not messages:
                            if batch:
                                break
                            continue
                        # An exception in the task is recorded as its failure by run_task.
                        backend.run_task(messages[0].task_id, worker_id=worker_id)
                        broker.ack(messages[0])
                    except Exception:
                        # Redis restarting, a task that could not start: its message stays
                        # pending and is claimed again (at most REDIS_MAX_DELIVERIES times).
                        logger.warning("task queue error; the worker carries on", exc_info=True)
                        shutdown.wait(1)
                    finally:
                        close_old_connections()
        finally:
            stop.set()
            broker.remove_consumer(worker_id)
