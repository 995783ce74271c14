"""What the task queue holds: `manage.py tasks` (failed tasks with their errors, stories
waiting for a refresh). The admin lists the same tasks under "DB task results"."""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from articles.models import PendingRefresh


class Command(BaseCommand):
    help = "يعرض حالة طابور المهام الخلفية والمهام الفاشلة."

    def add_arguments(self, parser):
        parser.add_argument("--failed", type=int, default=20, help="how many failed tasks to list")

    def handle(self, *args, failed, **options):
        counts = {status: DBTaskResult.objects.filter(status=status).count() for status in TaskResultStatus}
        self.stdout.write(
            "tasks: " + ", ".join(f"{status.label.lower()} {n}" for status, n in counts.items())
        )
        self.stdout.write(f"stories waiting for a refresh: {PendingRefresh.objects.count()}")
        rows = DBTaskResult.objects.failed().order_by("-finished_at")[:failed]
        for row in rows:
            error = (row.traceback or "").strip().splitlines()[-1:] or [row.exception_class_path]
            self.stdout.write(
                f"FAILED {row.finished_at:%Y-%m-%d %H:%M:%S} {row.task_path} {row.id}: {error[0]}"
            )
