"""What one admin save costs the readers, measured in this process (no server, no wrk, so
the machine's load barely moves it): `.venv/bin/python bench/edit_cost.py` on the
configured database (DATABASE_URL; the load test's leaves bench/work/load/load.sqlite3).

The load test's reader paths (stories, lists, tags, sources, speakers, searches, HTMX
partials, feeds, sitemap) are all cached; then an editor saves through the admin change
form (a new headline and summary; every third save adds a story through the add form),
and every path is read again: the pages that miss are what the save purged, and their
CPU time is what each gunicorn worker (a page cache each) pays to render them again.
Then the task worker's refresh runs here (`tasks.run_pending`) and the paths are read
once more: what the worker's purges cost. Prints one line per save and the medians.

    DATABASE_URL=sqlite:///bench/work/load/load.sqlite3 .venv/bin/python bench/edit_cost.py --saves 9
"""

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "edit-cost-bench-only-" + "s" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("PAGE_CACHE_SECONDS", "3600")  # nothing expires during the run
os.environ.setdefault("PAGE_CACHE_REFRESH_SECONDS", "0")  # what each save purges, read at once

from bench.load_while_editing import EDITOR, PASSWORD, SETUP, _AdminForm  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--saves", type=int, default=9)
    args = parser.parse_args()

    import django

    django.setup()
    from urllib.parse import unquote

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from articles import tasks
    from articles.models import Article

    call_command("collectstatic", "--noinput", verbosity=0)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        call_command("shell", command=SETUP % {"user": EDITOR, "password": PASSWORD}, verbosity=0)
    paths = json.loads(out.getvalue().strip().splitlines()[-1])["paths"]  # the load test's
    tasks.run_pending()
    reader = Client()

    def read_all():
        """Every path once: (misses, their CPU ms, the missed paths)."""
        missed, cpu = [], 0.0
        for line in paths:
            partial = line.startswith("HX ")
            path = line[3:] if partial else line
            headers = {"HX-Request": "true", "HX-Target": "article-list"} if partial else {}
            started = time.process_time()
            response = reader.get(path, headers=headers)
            if response.get("X-Cache") != "HIT":
                cpu += time.process_time() - started
                missed.append(unquote(path))
        return len(missed), cpu * 1000, missed

    read_all(), read_all()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    editor = Client()
    editor.force_login(user)
    editable = list(Article.objects.published().order_by("-published_at").values_list("pk", flat=True)[:200])
    rng = random.Random(1)
    rows = []
    for n in range(args.saves):
        adding = n % 3 == 2
        url = (
            "/admin/articles/article/add/"
            if adding
            else f"/admin/articles/article/{rng.choice(editable)}/change/"
        )
        form = _AdminForm("article_form")
        started = time.process_time()
        page = editor.get(url)
        get = (time.process_time() - started) * 1000
        form.feed(page.content.decode())
        data = dict(form.fields)
        if adding:
            data.update(
                headline=f"خبر أضافه مقياس الكلفة رقم {n}",
                body="فقرة أولى.\n\nفقرة ثانية.",
                status="published",
            )
        else:
            data.update(headline=f"عنوان عدّله مقياس الكلفة رقم {n}", dek=f"ملخص عُدّل في الحفظ رقم {n}")
        data["_save"] = "1"
        started = time.process_time()
        response = editor.post(url, data)
        post = (time.process_time() - started) * 1000
        if response.status_code != 302:
            sys.exit(f"save {n} answered {response.status_code}")
        after_save = read_all()
        started = time.process_time()
        tasks.run_pending()
        worker = (time.process_time() - started) * 1000
        after_worker = read_all()
        rows.append((get, post, after_save[1], worker, after_worker[1]))
        print(
            f"{'add ' if adding else 'edit'}: form {get:5.1f} ms, POST {post:5.1f} ms CPU; "
            f"then {after_save[0]:3d} pages again "
            f"({after_save[1]:6.1f} ms); worker {worker:5.1f} ms, then {after_worker[0]:3d} pages "
            f"({after_worker[1]:6.1f} ms) {after_save[2][:4]} {after_worker[2][:4]}",
            flush=True,
        )
    medians = [statistics.median(column) for column in zip(*rows, strict=True)]
    print(
        f"{Article.objects.count():,} stories, {len(paths)} reader paths, {len(rows)} saves, median CPU: "
        f"form {medians[0]:.1f} ms, POST {medians[1]:.1f} ms, pages it purged {medians[2]:.1f} ms, "
        f"worker {medians[3]:.1f} ms, pages the worker purged {medians[4]:.1f} ms "
        "(each gunicorn worker renders purged pages again); "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
