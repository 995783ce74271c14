"""What the task queue holds: `manage.py tasks` (failed tasks with their errors, stories
waiting for a refresh), on either queue. The admin lists the database queue's tasks
under "DB task results"; the Redis queue's are listed here."""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus

from articles import tasks
from articles.models import PendingRefresh


class Command(BaseCommand):
    help = "يعرض حالة طابور المهام الخلفية والمهام الفاشلة."

    def add_arguments(self, parser):
        parser.add_argument("--failed", type=int, default=20, help="how many failed tasks to list")

    def handle(self, *args, failed, **options):
        backend = tasks.refresh_pending.get_backend()
        counts, failures = (_redis_state if tasks.on_redis(backend) else _database_state)(backend, failed)
        shown = (f"{status.label.lower()} {counts.get(status, 0)}" for status in TaskResultStatus)
        self.stdout.write("tasks: " + ", ".join(shown))
        self.stdout.write(f"stories waiting for a refresh: {PendingRefresh.objects.count()}")
        for finished_at, task_path, task_id, error in failures:
            when = f"{finished_at:%Y-%m-%d %H:%M:%S}" if finished_at else "-"
            self.stdout.write(f"FAILED {when} {task_path} {task_id}: {error}")


def _database_state(backend, failed):
    from django_tasks_db.models import DBTaskResult

    counts = {status: DBTaskResult.objects.filter(status=status).count() for status in TaskResultStatus}
    failures = []
    for row in DBTaskResult.objects.failed().order_by("-finished_at")[:failed]:
        error = (row.traceback or "").strip().splitlines()[-1:] or [row.exception_class_path]
        failures.append((row.finished_at, row.task_path, row.id, error[0]))
    return counts, failures


def _redis_state(backend, failed):
    counts = backend.get_status_counts()
    rows, _total = backend.get_all_tasks(status=TaskResultStatus.FAILED, limit=failed)
    failures = []
    for row in rows:
        result = backend.get_result(row["task_id"])
        last = result.errors[-1] if result.errors else None
        error = (last.traceback.strip().splitlines()[-1:] or [last.exception_class_path])[0] if last else "-"
        failures.append((result.finished_at, row.get("task_path", ""), result.id, error))
    return counts, failures
