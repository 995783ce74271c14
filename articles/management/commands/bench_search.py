"""Search benchmark (issue 5): p50/p95 of search_ids at growing corpus sizes.

    python manage.py bench_search --sizes 1000 10000 100000 [--fresh]

Runs against the configured database (DATABASE_URL picks PostgreSQL). Stories are
added with the demo generator up to each size (so one run measures all sizes), the
index is built as the worker builds it after the generator's writes, then is
compacted as `rebuild_search_index` leaves it (FTS5 optimize / VACUUM ANALYZE). Queries
are sent the way the live search box sends them: no trailing space, so the last
word is a prefix. Common words are the most frequent words in a sample of stories,
rare words are the least frequent in that sample, two-word queries are adjacent
headline words.
"""

import os
import random
import statistics
import time
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from articles import services
from articles.demo.generate import generate
from articles.demo.persist import write_stories
from articles.models import Article, PendingRefresh
from articles.search import reindex, search_ids
from articles.search.index import maintain
from articles.text.normalize import tokenize


class Command(BaseCommand):
    help = "يقيس زمن البحث (p50/p95) عند أحجام مختلفة من الأخبار."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--queries", type=int, default=20, help="queries per kind")
        parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
        parser.add_argument("--fresh", action="store_true", help="delete all stories first")

    def handle(self, sizes, seed, queries, repeat, fresh, **options):
        if fresh:
            services.delete_stories(Article.objects.values_list("pk", flat=True))
            _index_only()
        rows = []
        for size in sorted(sizes):
            self._grow_to(size, seed)
            if Article.objects.count() > size:
                self.stderr.write(f"the database holds more than {size:,} stories: measuring it as it is")
            maintain()  # what `rebuild_search_index` does after a bulk load: the steady state
            kinds = self._pick_queries(seed, queries)
            for kind, qs in kinds.items():
                times, hits = self._measure(qs, repeat)
                rows.append((size, connection.vendor, kind, *_percentiles(times), statistics.mean(hits)))
                self.stdout.write(self._row(rows[-1]))
                self.stdout.flush()
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        self.stdout.write(f"\nload average at the end: {load} on {os.cpu_count()} CPUs")
        self.stdout.write("\n| stories | database | queries | p50 ms | p95 ms | mean hits |")
        self.stdout.write("|---:|---|---|---:|---:|---:|")
        for row in rows:
            self.stdout.write(self._row(row))

    def _row(self, row):
        size, vendor, kind, p50, p95, hits = row
        return f"| {size:,} | {vendor} | {kind} | {p50:.1f} | {p95:.1f} | {hits:.0f} |"

    def _grow_to(self, size, seed):
        have = Article.objects.count()
        if have >= size:
            return
        started = time.perf_counter()
        # A distinct seed per step, so growing 1k -> 10k adds new stories, not copies.
        write_stories(generate(size - have, seed + have, now=timezone.now()))
        _index_only()
        self.stderr.write(
            f"{connection.vendor}: {have} -> {size} stories (generated and indexed) "
            f"in {time.perf_counter() - started:.1f} s"
        )

    def _pick_queries(self, seed, n):
        rng = random.Random(seed)
        ids = list(Article.objects.published().values_list("pk", flat=True))
        sample = Article.objects.filter(pk__in=rng.sample(ids, min(2000, len(ids))))
        df, pairs = Counter(), []
        for headline, body in sample.values_list("headline", "body"):
            df.update(set(tokenize(f"{headline} {body}")))
            words = [w for w in headline.split() if len(w) > 2]
            if len(words) >= 2:
                i = rng.randrange(len(words) - 1)
                pairs.append(f"{words[i]} {words[i + 1]}")
        letters = [w for w, _ in df.most_common() if not w.isdigit() and len(w) >= 3]
        # The generator's vocabulary is small: "rare" is the least frequent sampled words.
        rare = letters[-n:]
        return {
            "common word": letters[:n],
            "rare word": rare,
            "two words": rng.sample(pairs, min(n, len(pairs))),
        }

    def _measure(self, queries, repeat):
        times, hits = [], []
        for query in queries:
            search_ids(query)  # warm the caches once, like a live server
            for _ in range(repeat):
                started = time.perf_counter()
                found = search_ids(query)
                times.append((time.perf_counter() - started) * 1000)
            hits.append(len(found))
        return times, hits or [0]


def _index_only():
    """Index the stories the generator wrote, as the worker would (articles/tasks.py),
    without their similar stories: they are not what is measured, and at 100k they take
    longer than the search index itself."""
    while True:
        rows = list(PendingRefresh.objects.order_by("id").values_list("pk", "article_id")[:5000])
        if not rows:
            return
        reindex([article_id for _, article_id in rows])
        PendingRefresh.objects.filter(pk__in=[pk for pk, _ in rows]).delete()


def _percentiles(times):
    if len(times) < 2:
        return (times[0], times[0]) if times else (0.0, 0.0)
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return statistics.median(times), cuts[94]
