from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.backup import backup


class Command(BaseCommand):
    help = "ينسخ الأخبار والوسوم والمصادر والاقتباسات والروابط وحسابات المحررين إلى ملف ‎.json.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", type=Path, help="ملف النسخة (افتراضياً backups/newsroom-<الوقت>.json.gz)"
        )

    def handle(self, path, **options):
        if path is None:
            path = Path("backups") / f"newsroom-{timezone.now():%Y%m%d-%H%M%S}.json.gz"
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = backup(path)
        self.stdout.write(f"{path}: {rows} صفاً ({path.stat().st_size / 1024:.0f} ك.ب)")
