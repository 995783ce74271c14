"""Server time of an admin save: `.venv/bin/python bench/admin_save.py` on the configured database.

Signs in an editor with Django's test client (in this process, production settings, the
real task backend: the save only queues its refresh), then for `--saves` stories GETs the
change form and POSTs it back with a new headline, timing the POST alone (the request
inside Django: middleware, form, services.save_story, the queue insert, the purge).
Prints wall-clock p50/p90/p99/max in ms, the median CPU time of this process per POST
(what the save costs a server worker, less dependent on a busy machine), the load
average, and how many stories the database holds. Target: p50 ≤ 50 ms
at 100,000 stories.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python bench/admin_save.py --saves 50
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "admin-save-bench-only-" + "s" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("SITE_URL", "http://testserver")

from bench.load_while_editing import _AdminForm  # noqa: E402  (the admin form as a browser submits it)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--saves", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # the admin's pages need the manifest
    from django.test import Client

    from articles.models import Article, PendingRefresh

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    ids = list(
        Article.objects.published().order_by("-published_at").values_list("pk", flat=True)[: args.saves]
    )
    times, cpu = [], []
    for n, pk in enumerate(ids):
        url = f"/admin/articles/article/{pk}/change/"
        form = _AdminForm("article_form")
        form.feed(client.get(url).content.decode())
        data = dict(form.fields)
        data["headline"] = f"عنوان عدّله مقياس الحفظ رقم {n}"
        data["_save"] = "1"
        started, started_cpu = time.perf_counter(), time.process_time()
        if os.environ.get("PROFILE_SAVE") and n == len(ids) - 1:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            response = profile.runcall(client.post, url, data)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        else:
            response = client.post(url, data)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 302:
            import re

            html = response.content.decode()
            errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
            sys.exit(f"save {n} of story {pk} answered {response.status_code}: {errors[:3]}")
    times.sort()
    cut = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
    print(
        f"{Article.objects.count():,} stories, {len(times)} admin saves: POST p50 {cut[49]:.1f} ms, "
        f"p90 {cut[89]:.1f} ms, p99 {cut[98]:.1f} ms, max {times[-1]:.1f} ms; "
        f"CPU p50 {statistics.median(cpu):.1f} ms; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        f"(pending refreshes now: {PendingRefresh.objects.count()})"
    )


if __name__ == "__main__":
    main()
