from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.backup import NotEmpty, restore


class Command(BaseCommand):
    help = (
        "يستعيد نسخة احتياطية (من الأمر backup) إلى قاعدة بيانات فارغة بعد migrate، ثم يعيد بناء فهرس البحث."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, path, **options):
        if not path.is_file():
            raise CommandError(f"لا يوجد ملف: {path}")
        try:
            count = restore(path)
        except NotEmpty:
            raise CommandError(
                "قاعدة البيانات تحوي أخباراً أو وسوماً أو مصادر؛ الاستعادة تكون إلى قاعدة فارغة."
            ) from None
        self.stdout.write(f"استُعيد {count} خبراً.")
