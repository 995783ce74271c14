"""Relevance benchmark (issue 14): recall@10 and MRR per query kind, and latency.

    python manage.py bench_relevance [--pad 100000] [--saudinewsnet N] [--fresh] [--best-of N]

Targets are real stories: every page of ../shared/corpus/real/ (imported in place by
the importer, as an editor would) and, for development, N records of the public
SaudiNewsNet corpus read in place from its mirror (--saudinewsnet-repo, a git
directory; nothing is copied). The database is then padded with demo stories to
--pad stories, so latency is measured at that size.

For each target story, reader-style queries of every kind are generated from the
story's own words with a fixed seed (so two runs, before and after a change, ask
the same questions): exact headline words, the other number of a word (شركة ↔
شركات), the other hamza seat (مسؤول ↔ مسئول), a one-letter typo, a word being typed
(type-ahead, no trailing space), a speaker or tag name, a Latin spelling of an
Arabic name, a quoted phrase with a stop word, and content words with a stop word
the story may not contain. A query finds its story when the story is in the first
10 results; MRR counts 1/rank within those 10. A query's latency is one timed run after
a warming one; with --best-of N the least of N timed runs (on a busy machine a stall
of the whole process hits one run, while a slow query is slow every time).

Query generation uses only `normalize` (unchanged by the search analysis), so the
baseline and the new analysis are measured on identical queries.
"""

import io
import json
import random
import statistics
import subprocess
import time
import zipfile
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles import services, tasks
from articles.demo.generate import DemoStory, generate
from articles.demo.persist import write_stories
from articles.demo.vocabulary import SOURCES as DEMO_SOURCES
from articles.models import Article
from articles.search import search_ids
from articles.search.index import maintain
from articles.text.normalize import normalize

REAL_CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "real"
SAUDINEWSNET = Path("/work/.mirror/parallelfold+SaudiNewsNet/repo")
# Latin spellings readers type for Arabic names in the news (evaluation data only).
LATIN_NAMES = {
    "بوتين": "Putin",
    "ترامب": "Trump",
    "اوباما": "Obama",
    "كاميرون": "Cameron",
    "اردوغان": "Erdogan",
    "لندن": "London",
    "باريس": "Paris",
    "واشنطن": "Washington",
    "موسكو": "Moscow",
    "طهران": "Tehran",
    "الرياض": "Riyadh",
    "جدة": "Jeddah",
    "دبي": "Dubai",
    "ايران": "Iran",
    "قطر": "Qatar",
    "اليمن": "Yemen",
    "عدن": "Aden",
    "تركيا": "Turkey",
    "سوريا": "Syria",
    "العراق": "Iraq",
    "مصر": "Egypt",
    "غزة": "Gaza",
    "نتنياهو": "Netanyahu",
    "خامنئي": "Khamenei",
    "صلاح": "Salah",
    "مبارك": "Mubarak",
    "فيفا": "FIFA",
    "بلاتر": "Blatter",
    "ماكرون": "Macron",
    "بايدن": "Biden",
    "داعش": "ISIS",
    "تويتر": "Twitter",
    "فيسبوك": "Facebook",
    "كورونا": "Corona",
    "كوفيد": "Covid",
    "حزب الله": "Hezbollah",
    "النصر": "Nassr",
    "برانسون": "Branson",
    "غودار": "Godard",
    "حبري": "Habre",
    "كردستان": "Kurdistan",
    "عفرين": "Afrin",
    "الحوثي": "Houthi",
}
# Words a reader adds that a story need not contain.
STOP_WORDS_TYPED = ["الذين", "التي", "عن", "حول", "في", "من"]
TYPO_SWAPS = {"ض": "ظ", "ظ": "ض", "ذ": "ز", "ز": "ذ", "ص": "س", "س": "ص", "ت": "ط", "ط": "ت"}
HAMZA_SWAPS = [("ؤ", "ئ"), ("ئ", "ؤ"), ("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ء", "")]
KINDS = (
    "exact",
    "number",
    "hamza",
    "typo",
    "prefix",
    "name",
    "latin name",
    "stop-word phrase",
    "stop word added",
)


class Command(BaseCommand):
    help = "يقيس جودة نتائج البحث (recall@10 وMRR) وزمنه على نصوص حقيقية."

    def add_arguments(self, parser):
        parser.add_argument("--pad", type=int, default=100_000, help="stories in the database when timing")
        parser.add_argument("--saudinewsnet", type=int, default=600, help="records of SaudiNewsNet (0: none)")
        parser.add_argument("--saudinewsnet-repo", default=str(SAUDINEWSNET))
        parser.add_argument("--seed", type=int, default=14)
        parser.add_argument("--fresh", action="store_true", help="delete all stories first")
        parser.add_argument("--json", help="also write the per-kind figures to this file")
        parser.add_argument("--best-of", type=int, default=1, help="timed runs per query; the least counts")

    def handle(self, pad, saudinewsnet, saudinewsnet_repo, seed, fresh, json=None, best_of=1, **options):
        if fresh:
            services.delete_stories(Article.objects.values_list("pk", flat=True))
        started = time.perf_counter()
        targets = self._load_targets(saudinewsnet, Path(saudinewsnet_repo))
        have = Article.objects.count()
        if have < pad:  # the generator's stories are recent; the targets' dates are their own
            write_stories(generate(pad - have, seed + have, now=datetime.now(UTC)))
        tasks.run_pending()  # the search index as the worker would build it, before measuring
        maintain()
        self.stderr.write(
            f"{Article.objects.count():,} stories ({len(targets)} targets) ready in "
            f"{time.perf_counter() - started:.0f} s"
        )
        queries = make_queries(Article.objects.filter(pk__in=targets), seed)
        results = defaultdict(list)
        times, kind_times = [], defaultdict(list)
        for kind, query, target in queries:
            search_ids(query)  # warm, like a live server
            runs = []
            for _ in range(max(best_of, 1)):
                began = time.perf_counter()
                found = search_ids(query, limit=10)
                runs.append((time.perf_counter() - began) * 1000)
            times.append(min(runs))
            kind_times[kind].append(times[-1])
            rank = found.index(target) + 1 if target in found else 0
            results[kind].append(rank)
        self._report(results, times, json, kind_times)

    def _load_targets(self, saudinewsnet, repo):
        before = set(Article.objects.values_list("pk", flat=True))
        files = sorted(p for p in REAL_CORPUS.glob("d*") if p.suffix in (".txt", ".html"))
        if files:
            try:
                call_command("import_articles", *map(str, files), stdout=io.StringIO(), stderr=io.StringIO())
            except CommandError:
                pass  # pages without a story (d39, d40) fail to import; the others are in
        loaded = Article.objects.filter(source__name__startswith="SaudiNewsNet").exists()
        if saudinewsnet and (repo / "HEAD").exists() and not loaded:
            write_stories(saudinewsnet_stories(repo, saudinewsnet))
        new = set(Article.objects.published().values_list("pk", flat=True)) - before
        if not new:  # a database loaded by an earlier run: every story not from the generator
            demo = Article.objects.filter(source__name__in=DEMO_SOURCES)
            new = set(Article.objects.published().exclude(pk__in=demo).values_list("pk", flat=True))
        return sorted(new)

    def _report(self, results, times, json_path, kind_times):
        rows, all_ranks = [], []
        self.stdout.write(f"\n{connection.vendor}, {Article.objects.count():,} stories")
        self.stdout.write("| kind | queries | recall@10 | MRR | p95 ms |")
        self.stdout.write("|---|---:|---:|---:|---:|")
        for kind in KINDS:
            ranks = results.get(kind, [])
            if not ranks:
                continue
            all_ranks += ranks
            recall, mrr = _recall(ranks), _mrr(ranks)
            p95 = _p95(kind_times[kind])
            rows.append({"kind": kind, "queries": len(ranks), "recall": recall, "mrr": mrr, "p95": p95})
            self.stdout.write(f"| {kind} | {len(ranks)} | {recall:.2f} | {mrr:.2f} | {p95:.1f} |")
        overall = {
            "kind": "overall",
            "queries": len(all_ranks),
            "recall": _recall(all_ranks),
            "mrr": _mrr(all_ranks),
        }
        self.stdout.write(
            f"| **overall** | {overall['queries']} | {overall['recall']:.2f} | {overall['mrr']:.2f} |"
        )
        p50 = statistics.median(times) if times else 0.0
        p95 = _p95(times)
        worst = max(times, default=0.0)
        self.stdout.write(
            f"\nlatency over {len(times)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms"
        )
        if json_path:
            Path(json_path).write_text(
                json.dumps(
                    {
                        "vendor": connection.vendor,
                        "kinds": [*rows, overall],
                        "p50": p50,
                        "p95": p95,
                        "max": worst,
                    },
                    ensure_ascii=False,
                    indent=1,
                )
            )


def _p95(times):
    if len(times) < 2:
        return times[0] if times else 0.0
    return statistics.quantiles(times, n=100, method="inclusive")[94]


def _recall(ranks):
    return sum(1 for r in ranks if r) / len(ranks) if ranks else 0.0


def _mrr(ranks):
    return sum(1 / r for r in ranks if r) / len(ranks) if ranks else 0.0


def saudinewsnet_stories(repo: Path, count: int):
    """`count` SaudiNewsNet records as stories, read from the mirror's zip files in place."""
    names = subprocess.run(
        ["git", f"--git-dir={repo}", "ls-tree", "--name-only", "HEAD", "dataset/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    rng = random.Random(count)
    seen, stories = set(), []
    base = datetime(2015, 8, 1, tzinfo=UTC)
    for name in names[:: max(1, len(names) // 10)]:
        data = subprocess.run(
            ["git", f"--git-dir={repo}", "show", f"HEAD:{name}"], capture_output=True, check=True
        )
        with zipfile.ZipFile(io.BytesIO(data.stdout)) as archive:
            records = json.loads(archive.read(archive.namelist()[0]))
        rng.shuffle(records)
        for record in records[: count // 10 + 1]:
            title, content = (record.get("title") or "").strip(), (record.get("content") or "").strip()
            if len(title) < 15 or len(content) < 200 or title in seen:
                continue
            seen.add(title)
            stories.append(
                DemoStory(
                    index=len(stories),
                    headline=title[:250],
                    dek="",
                    paragraphs=[content[:20000]],
                    source=f"SaudiNewsNet {record.get('source', '')}".strip(),
                    published_at=base + timedelta(hours=rng.randint(0, 24 * 3650)),
                    tags={},
                )
            )
            if len(stories) >= count:
                return stories
    return stories


# --- Query generation: plain string work on the story's own words. --------------------

_ARABIC = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"


def _words(text):
    out = []
    for raw in text.split():
        word = "".join(ch for ch in raw if ch in _ARABIC or ch.isalnum())
        if word:
            out.append(word)
    return out


def _content(words):
    return [w for w in words if len(w) >= 4 and not w.isdigit() and normalize(w) not in _COMMON]


_COMMON = {
    normalize(w)
    for w in (
        "التي الذي الذين على إلى عن في من مع بعد قبل خلال حول هذا هذه ذلك تلك كان كانت وقال وأضاف "
        "قال أن إن أنه ولكن لكن حيث عند منذ بين أمام اليوم أمس وفي ومن وعلى"
    ).split()
}


def make_queries(stories, seed):
    rng = random.Random(seed)
    rows = list(stories.prefetch_related("quotes", "tag_links__tag").order_by("pk"))
    df = Counter()
    for story in rows:
        df.update({normalize(w) for w in _words(f"{story.headline} {story.body}")})
    queries = []
    for story in rows:
        head = _content(_words(story.headline))
        if len(head) < 2:
            continue
        # The two rarest headline words across the targets: what a reader remembers.
        ranked = sorted(dict.fromkeys(head), key=lambda w: (df[normalize(w)], w))
        a, b = ranked[0], ranked[1]
        queries.append(("exact", f"{a} {b} ", story.pk))
        body = _content(_words(story.body))[:400]
        if (q := _other_number(head + body, rng)) is not None:
            queries.append(("number", f"{q} {a} ", story.pk))
        if (q := _other_hamza(head + body, rng)) is not None:
            queries.append(("hamza", f"{q} {b if q != b else a} ", story.pk))
        if (q := _typo(a, rng)) is not None:
            queries.append(("typo", f"{q} {b} ", story.pk))
        longest = max(head, key=len)
        if len(longest) >= 6:
            other = a if a != longest else b
            queries.append(
                (
                    "prefix",
                    f"{other} {longest[: rng.randint(3, min(5, len(longest) - 2)) + _clitic_len(longest)]}",
                    story.pk,
                )
            )
        names = [q.speaker_name for q in story.quotes.all() if q.speaker_name] + [
            link.tag.name for link in story.tag_links.all()
        ]
        if names:
            queries.append(("name", f"{rng.choice(names)} {a} ", story.pk))
        text = normalize(f"{story.headline} {story.body[:3000]}")
        latin = [latin for arabic, latin in LATIN_NAMES.items() if f" {normalize(arabic)} " in f" {text} "]
        if latin:
            queries.append(("latin name", f"{rng.choice(latin)} {a} ", story.pk))
        words = _words(story.headline)
        windows = [
            words[i : i + 3]
            for i in range(len(words) - 2)
            if normalize(words[i + 1]) in _COMMON and len(words[i]) > 2 and len(words[i + 2]) > 2
        ]
        if windows:
            queries.append(("stop-word phrase", "«" + " ".join(rng.choice(windows)) + "»", story.pk))
        queries.append(("stop word added", f"{a} {rng.choice(STOP_WORDS_TYPED)} {b} ", story.pk))
    return queries


def _clitic_len(word):
    for prefix in ("وال", "بال", "فال", "كال", "ال", "لل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            return len(prefix)
    return 0


def _other_number(words, rng):
    """A word of the story in the other number or gender: شركة ↔ شركات, مصري ↔ مصريين."""
    options = []
    for w in dict.fromkeys(words):
        if w.endswith("ات") and len(w) >= 6:
            options.append(w[:-2] + "ة")
        elif w.endswith("ة") and len(w) >= 5:
            options.append(w[:-1] + "ات")
        elif w.endswith("يين") and len(w) >= 6:
            options.append(w[:-2])
        elif w.endswith("ي") and len(w) >= 5 and not w.endswith("وي"):
            options.append(w + "ين")
        elif w.endswith("ون") and len(w) >= 6:
            options.append(w[:-2] + "ين")
    return rng.choice(options) if options else None


def _other_hamza(words, rng):
    options = []
    for w in dict.fromkeys(words):
        for seat, other in HAMZA_SWAPS:
            if seat in w[1:] if seat == "ء" else seat in w:
                options.append(w.replace(seat, other, 1))
                break
    options = [o for o in options if len(o) >= 4]
    return rng.choice(options) if options else None


def _typo(word, rng):
    if len(word) < 5:
        return None
    swaps = [i for i, ch in enumerate(word) if ch in TYPO_SWAPS]
    choice = rng.randrange(3)
    if choice == 0 and swaps:
        i = rng.choice(swaps)
        return word[:i] + TYPO_SWAPS[word[i]] + word[i + 1 :]
    if choice == 1:
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1 :]  # a missing letter
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # two letters swapped
