"""Server time of an uncached story page, measured inside Django (no network, no cache).

    DATABASE_URL=sqlite:///corpus.sqlite3 python -m bench.inprocess --samples 300 --profile out.txt

Production settings. The page cache is taken out of MIDDLEWARE for this process only
(readers have no way to skip it), and every sampled story is a different one, so each
request renders its page from the database:

- "warm": site-wide pieces (tag cloud, source list) cached, as on a live site;
- "cold": the whole cache emptied before every request (the first view after an edit).

Prints one JSON object; with --profile, writes the cProfile of the warm run.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import sys
import time

PAGE_CACHE = "articles.caching.middleware.PageCacheMiddleware"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--cold-samples", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile")
    parser.add_argument(
        "--profile-page", choices=["story", "tag", "list"], default="story", help="which pages --profile runs"
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from articles.models import Article, Tag

    ids = list(Article.objects.published().values_list("pk", flat=True))
    rng = random.Random(args.seed)
    sample = rng.sample(ids, min(len(ids), args.samples * 2))
    urls = [a.get_absolute_url() for a in Article.objects.filter(pk__in=sample).only("id", "slug")]
    rng.shuffle(urls)
    # Cold requests recompute the site-wide pieces (the tag cloud: ~1 s at 100k), so fewer.
    warm_urls, cold_urls = urls[: args.samples], (urls[args.samples :] or urls)[: args.cold_samples]
    middleware = [m for m in settings.MIDDLEWARE if m != PAGE_CACHE]

    with override_settings(MIDDLEWARE=middleware):
        client = Client()
        client.get(warm_urls[0])  # imports, template loading, connection

        cpu: dict[str, list[float]] = {}

        def timed(url, clear, kind=None):
            if clear:
                cache.clear()
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            if kind:  # CPU time too: on a loaded machine wall time also counts the wait for a core
                cpu.setdefault(kind, []).append((time.process_time() - cpu_started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url}: HTTP {response.status_code}")
            return elapsed, len(response.content)

        warm = [timed(url, clear=False, kind="warm") for url in warm_urls]
        cold = [timed(url, clear=True, kind="cold") for url in cold_urls]
        # Tag and list pages, uncached too (site-wide pieces warm): the first pages readers
        # open and deeper ones, so neither a count nor an offset over every story hides.
        tag_urls = [
            Tag.objects.get(pk=pk).get_absolute_url()
            for pk in Tag.objects.filter(articles__isnull=False).values_list("pk", flat=True).distinct()[:50]
        ]
        list_urls = ["/"] + [f"/?page={n}" for n in (2, 3, 5, 10, 50)]
        others = {
            "tag": [timed(url, False, "tag")[0] for url in (tag_urls * 3)[: max(20, args.samples // 4)]],
            "list": [timed(url, False, "list")[0] for url in (list_urls * 10)[: max(20, args.samples // 4)]],
        }
        profiler = None
        if args.profile:  # a separate pass: the profiler's overhead stays out of the timings
            profiled = {"story": warm_urls, "tag": tag_urls * 3, "list": list_urls * 10}[args.profile_page]
            profiler = cProfile.Profile()
            profiler.enable()
            for url in profiled:
                timed(url, clear=False)
            profiler.disable()

    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
        out.write(f"Uncached {args.profile_page} pages, site-wide caches warm\n")
        stats.print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
        with open(args.profile, "w", encoding="utf-8") as handle:
            handle.write(out.getvalue())

    warm_ms = [t for t, _ in warm]
    cold_ms = [t for t, _ in cold]
    print(
        json.dumps(
            {
                "stories": len(ids),
                "samples": len(warm_ms),
                "warm_p50_ms": statistics.median(warm_ms),
                "warm_p95_ms": percentile(warm_ms, 0.95),
                "cold_p50_ms": statistics.median(cold_ms),
                "cold_p95_ms": percentile(cold_ms, 0.95),
                "html_bytes_p50": statistics.median([n for _, n in warm]),
                **{f"{page}_p50_ms": statistics.median(ms) for page, ms in others.items()},
                **{f"{page}_p95_ms": percentile(ms, 0.95) for page, ms in others.items()},
                **{f"{kind}_cpu_p50_ms": statistics.median(ms) for kind, ms in cpu.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
