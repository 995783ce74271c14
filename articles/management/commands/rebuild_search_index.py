import time

from django.core.management.base import BaseCommand

from articles.search import rebuild
from articles.search.index import maintain


class Command(BaseCommand):
    help = "يعيد بناء فهرس البحث لكل الأخبار المنشورة."

    def handle(self, *args, verbosity=1, **options):
        started = time.perf_counter()

        def progress(done, total):
            if verbosity >= 2:
                self.stderr.write(f"\r{done}/{total}", ending="")

        count = rebuild(progress=progress)
        maintain()
        if verbosity >= 2:
            self.stderr.write("")
        self.stdout.write(f"فُهرس {count} خبراً خلال {time.perf_counter() - started:.1f} ث.")
