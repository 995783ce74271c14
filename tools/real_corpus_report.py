"""The importer on ../shared/corpus/real/, per file, as a markdown table; and parse throughput.

    .venv/bin/python -m tools.real_corpus_report                 # the table (and totals)
    .venv/bin/python -m tools.real_corpus_report --speed DIR...  # parse articles/s over raw files

Fields come from tests/golden/real_pages.py (headline, body, byline, tags…); quotes from
tests/golden/real_quotes.py when it is there (found / right / unknown / wrong per file).
Plain Python: the parser needs no database.
"""

import argparse
import sys
import time
from pathlib import Path

from articles.importer.errors import ImportProblem
from articles.importer.files import RAW_SUFFIXES, read_text
from articles.importer.parse import parse
from articles.importer.parsed import ParseResult
from tests.golden.real_pages import CORPUS, PAGES, check

try:
    from tests.golden import real_quotes
except ImportError:  # the speakers' golden file is optional
    real_quotes = None


def _parse(path: Path) -> ParseResult:
    try:
        return parse(read_text(path))
    except ImportProblem as problem:
        return ParseResult(error=problem)


def _mark(fields: dict, name: str) -> str:
    if name not in fields:
        return ""
    ok, found = fields[name]
    return ("✓ " if ok else "✗ ") + (found or "")


def table() -> int:
    results = {name: _parse(CORPUS / name) for name in PAGES}
    quotes = real_quotes.score(results)["files"] if real_quotes else {}
    columns = "file | headline | body | byline | dateline | tags | quotes found/right/unknown/wrong | removed"
    print(f"| {columns} |")
    print("|---|---|---|---|---|---|---|---|")
    right = total = 0
    for name, page in PAGES.items():
        result = results[name]
        fields = check(page, result)
        right += sum(1 for ok, _ in fields.values() if ok)
        total += len(fields)
        if page.refused:
            print(f"| {name[:3]} | {_mark(fields, 'refusal')} | refused as expected | | | | | |")
            continue
        article = result.articles[0] if result.articles else None
        body_fields = ("body start", "no furniture", "body", "crossheads")
        body_ok = all(fields[f][0] for f in body_fields if f in fields)
        left = fields["no furniture"][1] if "no furniture" in fields else ""
        body = ("✓" if body_ok else "✗") + (f" left: {left}" if left else "")
        byline = _mark(fields, "byline") or (article.byline if article else "")
        dateline = _mark(fields, "dateline") or (article.dateline if article else "")
        tags = _mark(fields, "tags") or (", ".join(t.name for t in article.tags[:4]) if article else "")
        q = quotes.get(name)
        quote_cell = f"{q['found']}/{q['right']}/{q['unknown']}/{q['wrong']} of {q['expected']}" if q else ""
        summary = article.removed_summary() if article else []
        removed = ", ".join(f"{k}×{n}" if n > 1 else k for k, n in summary)
        headline = "✓" if fields["headline"][0] else "✗ " + fields["headline"][1]
        cells = (name[:3], headline, body, byline, dateline, tags, quote_cell, removed)
        print("| " + " | ".join(cells) + " |")
    print(f"\nfields right: {right}/{total} ({right / total:.1%})")
    if real_quotes:
        o = real_quotes.score(results)["overall"]
        print(
            f"quotes: expected {o['expected']}, found {o['found']} (recall {o['recall']:.1%}), "
            f"right {o['right']}, wrong {o['wrong']}, unknown {o['unknown']}, precision {o['precision']:.1%}"
        )
    return 0


def speed(paths: list[str], rounds: int) -> int:
    files = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in RAW_SUFFIXES)
        else:
            files.append(path)
    texts = []
    for path in files:
        try:
            texts.append(read_text(path))
        except ImportProblem:
            continue
    articles = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            articles += len(parse(text).articles)
    seconds = time.perf_counter() - started
    size = sum(len(t.encode()) for t in texts) * rounds
    print(
        f"parsed {len(texts)} files × {rounds}: {articles} articles in {seconds:.2f} s = "
        f"{articles / seconds:.0f} articles/s, {size / seconds / 1e6:.2f} MB/s (decoding excluded)"
    )
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", nargs="+", metavar="PATH", help="parse throughput over these files")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if args.speed:
        return speed(args.speed, args.rounds)
    if not CORPUS.is_dir():
        print(f"{CORPUS} is absent: nothing to report")
        return 1
    return table()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
