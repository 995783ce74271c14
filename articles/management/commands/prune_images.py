"""`manage.py prune_images`: delete image files no story uses any more (articles/images/unused.py).

The task worker (`run_worker`) runs the same prune twice a day; this command is for a
deployment without one, or to look first: `--dry-run` lists the files only.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from articles.images import unused


class Command(BaseCommand):
    help = "يحذف ملفات الصور التي لم يعد أي خبر يستخدمها (بعد مهلة، يوم افتراضياً)."

    def add_arguments(self, parser):
        parser.add_argument("--grace-hours", type=float, default=unused.GRACE.total_seconds() / 3600)
        parser.add_argument("--dry-run", action="store_true", help="list the files, delete nothing")

    def handle(self, *args, grace_hours, dry_run, **options):
        if grace_hours < 0:
            raise CommandError("--grace-hours must be 0 or more")
        grace = timedelta(hours=grace_hours)
        names = unused.unused_files(grace) if dry_run else unused.prune(grace)
        for name in names:
            self.stdout.write(name)
        verb = "unused" if dry_run else "deleted"
        self.stderr.write(f"{len(names)} image files {verb}")
