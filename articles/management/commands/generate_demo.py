import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.demo.generate import generate
from articles.demo.persist import PicturePool, write_live_story, write_stories
from articles.demo.raw import render_raw
from articles.models import Article


class Command(BaseCommand):
    help = "يولّد أخباراً عربية تجريبية واقعية (حتمية مع --seed) في قاعدة البيانات أو ملفات نصية خام."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="عدد الأخبار")
        parser.add_argument("--seed", type=int, default=7, help="بذرة العشوائية (النتيجة نفسها لكل بذرة)")
        parser.add_argument(
            "--raw-dir", type=Path, help="اكتب الأخبار ملفات نصية خام بصيغة الاستيراد بدلاً من قاعدة البيانات"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="لا تفعل شيئاً إن كانت قاعدة البيانات تحوي أخباراً"
        )
        parser.add_argument(
            "--live", action="store_true", help="وأضف خبر تغطية مباشرة بتحديثاته (عرض make run)"
        )
        parser.add_argument("--span-days", type=int, default=180, help="مدى تواريخ النشر بالأيام")
        parser.add_argument(
            "--no-pictures", action="store_true", help="أخبار بلا صور (تُرسم الصور التوضيحية مرة لكل بذرة)"
        )

    def handle(self, count, seed, raw_dir, if_empty, span_days, no_pictures=False, verbosity=1, **options):
        if count < 0:
            raise CommandError("العدد يجب أن يكون صفراً أو أكثر.")
        stories = generate(count, seed, now=timezone.now(), span_days=span_days)
        started = time.perf_counter()
        if raw_dir:
            raw_dir.mkdir(parents=True, exist_ok=True)
            width = len(str(count))
            for story in stories:
                (raw_dir / f"story-{story.index:0{width}d}.txt").write_text(
                    render_raw(story), encoding="utf-8"
                )
            self.stdout.write(f"كُتب {count} ملفاً في {raw_dir} خلال {time.perf_counter() - started:.1f} ث.")
            return
        if if_empty and Article.objects.exists():
            self.stdout.write("قاعدة البيانات تحوي أخباراً؛ لم يُولَّد شيء.")
            return

        def progress(done):
            if verbosity >= 1 and count >= 5000:
                self.stderr.write(f"\r{done}/{count}", ending="")

        pool = None if no_pictures else PicturePool(seed)
        written = write_stories(stories, on_batch=progress, pool=pool)
        if count and options.get("live"):
            write_live_story(timezone.now(), pool=pool)
            written += 1
        elapsed = time.perf_counter() - started
        if count >= 5000:
            self.stderr.write("")
        self.stdout.write(
            f"وُلِّد {written} خبراً خلال {elapsed:.1f} ث ({written / max(elapsed, 1e-9):.0f} خبر/ث)، "
            f"ورُسمت {pool.drawn if pool else 0} من الصور التوضيحية."
        )
