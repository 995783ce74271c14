"""python manage.py import_articles [--dry-run] [--format json|text] FILE_OR_DIR...

Imports raw Arabic news copy (PRODUCT §4.1): each file in its own transaction, a file
already imported is left unchanged, and the exit status is 1 when any file failed.
`--dry-run --format json` prints the parse as PRODUCT §4.2 shows it and writes nothing.
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.importer.errors import ImportProblem
from articles.importer.files import collect
from articles.importer.interrupt import interruption_in, rolled_back_if_interrupted
from articles.importer.persist import CREATED, FAILED, UNCHANGED, Importer, Outcome
from articles.importer.pipeline import ParsePool, Prepared, default_jobs
from articles.models import Article

# Files per database transaction: small enough that an editor's save waits at most a
# moment for the write lock on SQLite, large enough that derived data is updated in bulk.
CHUNK_FILES = 200


class Progress:
    """A plain progress bar on stderr: redrawn in place on a terminal, every 10% otherwise."""

    WIDTH = 30
    MIN_LOGGED = 50

    def __init__(self, stream, total: int, enabled: bool):
        self.stream, self.total = stream, total
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        # A log file gets ten lines for a big run and none for a handful of files.
        self.enabled = enabled and total > 1 and (self.tty or total >= self.MIN_LOGGED)
        self.started = time.monotonic()
        self._last_step = 0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        step = done * 10 // self.total
        if not self.tty and (step == self._last_step and done != self.total):
            return
        self._last_step = step
        filled = done * self.WIDTH // self.total
        rate = done / max(time.monotonic() - self.started, 1e-6)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        line = f"[{bar}] {done}/{self.total} ({rate:.0f}/s)"
        self.stream.write(("\r" + line) if self.tty else line, style_func=str, ending="")
        if not self.tty or done == self.total:
            self.stream.write("", ending="\n")
        self.stream.flush()


class Command(BaseCommand):
    help = _("استيراد ملفات أخبار نصية خام (ملفات أو مجلدات تحوي ملفات ‎.txt أو ‎.html).")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
        parser.add_argument("--dry-run", action="store_true", help=_("حلّل فقط ولا تكتب شيئاً."))
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--status",
            choices=[Article.Status.PUBLISHED, Article.Status.DRAFT],
            default=Article.Status.PUBLISHED,
            help=_("حالة الأخبار المستوردة."),
        )
        parser.add_argument("--no-progress", action="store_true", help=_("بلا شريط تقدم."))
        parser.add_argument(
            "--jobs",
            type=int,
            default=0,
            help=_("عدد عمليات التحليل المتوازية (0: تلقائي حسب عدد الملفات والأنوية)."),
        )
        parser.add_argument(
            "--chunk", type=int, default=CHUNK_FILES, help=_("عدد الملفات في كل معاملة قاعدة بيانات.")
        )

    # Interrupted (Ctrl-C), the run leaves no transaction open behind it (interrupt.py).
    @rolled_back_if_interrupted()
    def handle(self, *args, paths, dry_run, format, status, no_progress, **options):
        files = collect(paths)
        if not files:
            raise CommandError(_("لا توجد ملفات ‎.txt أو ‎.html في المسارات المعطاة."), returncode=1)
        importer = Importer(status=status)
        progress = Progress(self.stderr, len(files), enabled=not no_progress and options["verbosity"] > 0)
        report, outcomes = [], []
        started = time.monotonic()
        chunk = max(1, options.get("chunk") or CHUNK_FILES)
        jobs = options.get("jobs") or default_jobs(len(files))
        done = 0
        chunks = [files[first : first + chunk] for first in range(0, len(files), chunk)]
        upcoming = None  # the next chunk's parse, started while this chunk is written
        pool = ParsePool(importer, jobs=jobs, skip_imported=not dry_run)
        try:
            for index, chunk_files in enumerate(chunks):
                # One transaction per chunk of files, the chunk's stories marked for the
                # worker's refresh inside it (articles/services.py): a run killed midway
                # leaves whole chunks, each with its pending refresh, and the next run
                # carries on from the first file missing (bench/crash_import.py).
                # The chunk's files are written together; should that fail, each file is
                # written again in a savepoint of its own, so one bad file fails alone.
                # Each chunk is parsed with the tags and headlines the chunks before it left,
                # so a resumed run parses every file as an uninterrupted run would have.
                prepared = upcoming or pool.chunk(chunk_files)
                upcoming = None
                try:
                    with transaction.atomic():
                        done_before = done
                        rows = []
                        try:
                            # The chunk's stories in one write (Importer.flush): its counting,
                            # refresh marks and purges are paid once, not once per file.
                            with transaction.atomic():
                                for item in prepared:
                                    rows.append((item, *self._one(importer, item, dry_run, stage=True)))
                                    done += 1
                                    progress.update(done)
                                prepared.close()
                                if jobs > 1 and index + 1 < len(chunks):
                                    # Staged, this chunk's tags, headlines and fingerprints are
                                    # in the run's caches as the flush will write them: the
                                    # next chunk's workers parse while this process writes.
                                    upcoming = pool.chunk(chunks[index + 1])
                                importer.flush()
                        except Exception as error:
                            if (interruption := interruption_in(error)) is not None:
                                raise interruption from error
                            # Some file broke the chunk's write: again file by file, each in its
                            # own savepoint, so that one fails alone (the parses are kept). The
                            # next chunk is parsed again after: some of this chunk's stories
                            # may now not be written.
                            items = [item for item, _, _ in rows] + list(prepared)
                            if upcoming is not None:
                                upcoming.close()
                                upcoming = None
                            # The workers were told of keys the rollback takes back.
                            pool.restart()
                            importer.discard()
                            rows = [(item, *self._one(importer, item, dry_run)) for item in items]
                            done = done_before + len(rows)
                            progress.update(done)
                        for item, parse_json, outcome in rows:
                            report.append(parse_json)
                            outcomes.append((item.shown, outcome))
                finally:
                    prepared.close()
        finally:
            if upcoming is not None:
                upcoming.close()
            pool.close()  # stop the worker processes, if any
        elapsed = time.monotonic() - started

        if format == "json":
            self.stdout.write(json.dumps({"files": report}, ensure_ascii=False, indent=2))
        else:
            self._summary(outcomes, dry_run, elapsed, options["verbosity"])
        failed = sum(1 for _, o in outcomes if o.status == FAILED)
        if failed:
            raise CommandError(
                _("فشل استيراد %(n)d من %(total)d ملف.") % {"n": failed, "total": len(files)}, returncode=1
            )

    def _one(
        self, importer: Importer, item: Prepared, dry_run: bool, stage: bool = False
    ) -> tuple[dict, Outcome]:
        shown = item.shown
        try:
            if item.already_imported:
                return {"path": shown, "error": None, "articles": []}, Outcome(UNCHANGED)
            if item.problem is not None:
                raise item.problem
            if item.unexpected:
                raise RuntimeError(item.unexpected)
            result = item.result
            if result.error is not None:
                raise result.error
            parse_json = result.as_json(shown)
            if dry_run:
                return parse_json, Outcome(CREATED, created=len(result.articles))
            return parse_json, (importer.stage(result) if stage else importer.save(result))
        except ImportProblem as problem:
            message = f"{shown}: {problem.message}"
        except Exception as exc:  # one broken file must not stop a 10,000-file run
            message = f"{shown}: " + _("خطأ غير متوقع: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}
        return {"path": shown, "error": message, "articles": []}, Outcome(FAILED, error=message)

    def _summary(self, outcomes, dry_run: bool, elapsed: float, verbosity: int) -> None:
        created = [o for _, o in outcomes if o.status == CREATED]
        unchanged = sum(1 for _, o in outcomes if o.status == UNCHANGED)
        failed = [(shown, o) for shown, o in outcomes if o.status == FAILED]
        articles = sum(o.created for o in created)
        if verbosity > 1:
            for shown, outcome in outcomes:
                self.stdout.write(f"{shown}: {outcome.status} ({outcome.created})")
        verb = _("سيُنشأ") if dry_run else _("أُنشئ")
        # Counts after a label, not before a noun: «1 ملفاً» and «6 خبراً» were wrong Arabic
        # (a counted noun agrees with its number in six ways; a label needs none).
        self.stdout.write(
            _(
                "الملفات: %(files)d — %(verb)s: %(created)d (الأخبار: %(articles)d)، "
                "دون تغيير: %(unchanged)d، فشل: %(failed)d — في %(seconds).1f ث (المعدل: %(rate).0f خبر/ث)"
            )
            % {
                "files": len(outcomes),
                "verb": verb,
                "created": len(created),
                "articles": articles,
                "unchanged": unchanged,
                "failed": len(failed),
                "seconds": elapsed,
                "rate": articles / max(elapsed, 1e-6),
            }
        )
        for _shown, outcome in failed:
            self.stderr.write(_("فشل: %(reason)s") % {"reason": outcome.error})
