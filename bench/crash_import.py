"""Crash safety of the importer (issue 7): `make crash-test`, or `.venv/bin/python bench/crash_import.py`.

1. writes 10,000 raw story files with `generate_demo --raw-dir` (kept in bench/work/ for reruns);
2. imports them into a fresh database once, cleanly: the reference;
3. imports them into another fresh database and kill -9s the importer in the middle (by
   default twice: at ~35 % of the first run and ~70 % of the second), then runs it again
   to the end;
4. lets the task worker finish (search index, similar stories) and compares the two
   databases: row counts of every table (search index included), a
   digest of every story's fingerprint, headline, body, tags with weights, quotes in
   order and related links, the foreign-key check, and on SQLite `PRAGMA integrity_check`.

Exit status 0 when everything matches. `--postgres` runs the same on PostgreSQL
(databases newsroom_crash_clean / newsroom_crash_killed on 127.0.0.1, dropped after).
"""

import argparse
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "crash"
sys.path.insert(0, str(ROOT))

from bench.common import finish, production_env  # noqa: E402

PG_SERVER = "postgres://postgres@127.0.0.1:5432"

# Printed as one JSON line by `manage.py shell -c` in the database under test.
SNAPSHOT = r"""
import hashlib, json
from django.db import connection
from articles.models import Article, ArticleTag, PendingRefresh, Quote, RelatedLink, Source, Tag, TagStats
def digest(rows):
    h = hashlib.sha256()
    for row in rows:
        h.update(repr(row).encode())
    return h.hexdigest()[:16]
with connection.cursor() as c:
    c.execute("SELECT COUNT(*) FROM articles_search_entry")
    search_entries = c.fetchone()[0]
connection.check_constraints()
print(json.dumps({
    "articles": Article.objects.count(),
    "published": Article.objects.published().count(),
    "sources": Source.objects.count(),
    "tags": Tag.objects.count(),
    "article_tags": ArticleTag.objects.count(),
    "quotes": Quote.objects.count(),
    "related_links": RelatedLink.objects.count(),
    "search_entries": search_entries,
    "pending_refresh": PendingRefresh.objects.count(),
    "tag_stats": digest(sorted(TagStats.objects.values_list("tag__name", "stories", "weight"))),
    "with_similar": Article.objects.exclude(similar_ids=[]).count(),
    "stories": digest(sorted(Article.objects.values_list("fingerprint", "headline", "body", "source__name"))),
    "tag_links": digest(sorted(ArticleTag.objects.values_list(
        "article__fingerprint", "tag__name", "weight"))),
    "quote_rows": digest(sorted(Quote.objects.values_list(
        "article__fingerprint", "order", "speaker_name", "speaker_role", "text", "kind", "position"))),
    "link_rows": digest(sorted(RelatedLink.objects.values_list(
        "article__fingerprint", "order", "kind", "title", "target__fingerprint", "url"))),
}))
"""


def env_for(database_url: str) -> dict:
    return production_env(database_url, "crash-test")


def manage(database_url: str, *args: str, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env_for(database_url),
        capture_output=True,
        text=True,
        check=check,
    )


def raw_files(count: int) -> Path:
    folder = WORK / f"raw-{count}"
    if len(list(folder.glob("*.txt"))) != count:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.txt"):
            old.unlink()
        print(f"writing {count} raw files to {folder} …", flush=True)
        manage(
            "sqlite:///" + str(WORK / "unused.sqlite3"), "generate_demo", str(count), "--raw-dir", str(folder)
        )
    return folder


class Database:
    def __init__(self, name: str, postgres: bool):
        self.name, self.postgres = name, postgres
        self.path = WORK / f"{name}.sqlite3"
        self.url = f"{PG_SERVER}/{name}" if postgres else f"sqlite:///{self.path}"

    def create(self):
        if self.postgres:
            self._pg(f'DROP DATABASE IF EXISTS "{self.name}"', f'CREATE DATABASE "{self.name}"')
        else:
            for suffix in ["", "-wal", "-shm"]:
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        manage(self.url, "migrate", "--noinput", "-v", "0")

    def drop(self):
        if self.postgres:
            self._pg(f'DROP DATABASE IF EXISTS "{self.name}"')

    def _pg(self, *statements):
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    def snapshot(self) -> dict:
        # The search index and similar stories are the worker's: let it finish first.
        manage(self.url, "run_worker", "--batch", "-v0")
        result = manage(self.url, "shell", "-v", "0", "-c", SNAPSHOT)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def integrity(self) -> str:
        if self.postgres:
            return "n/a (PostgreSQL; foreign keys checked)"
        with sqlite3.connect(self.path) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        status = ",".join(r[0] for r in rows)
        return status if not fk else f"{status}; foreign_key_check: {len(fk)} rows"


JOBS: list[str] = []  # extra import_articles arguments (--jobs N), set by main()


def import_command(folder: Path) -> list[str]:
    return [sys.executable, "manage.py", "import_articles", str(folder), *JOBS]


def clean_import(db: Database, folder: Path) -> float:
    started = time.monotonic()
    proc = subprocess.run(
        import_command(folder), cwd=ROOT, env=env_for(db.url), capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(f"clean import failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return time.monotonic() - started


_PROGRESS = re.compile(r"(\d+)/(\d+)")


def killed_import(db: Database, folder: Path, at_fraction: float, rng: random.Random) -> dict:
    """Run the importer and SIGKILL it once its progress passes `at_fraction` of the files
    (plus a random fraction of a second, so it dies somewhere inside a file)."""
    proc = subprocess.Popen(
        import_command(folder),
        cwd=ROOT,
        env=env_for(db.url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    done = 0
    for line in proc.stderr:
        match = _PROGRESS.search(line)
        if match:
            done, total = int(match.group(1)), int(match.group(2))
            if done >= at_fraction * total:
                time.sleep(rng.uniform(0.05, 0.9))
                break
    alive = proc.poll() is None
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return {"killed": alive, "progress_when_killed": done, "returncode": proc.returncode}


def run(postgres: bool, count: int, kills: list[float], seed: int) -> dict:
    WORK.mkdir(parents=True, exist_ok=True)
    folder = raw_files(count)
    suffix = "pg" if postgres else "sqlite"
    clean = Database(f"newsroom_crash_clean_{suffix}", postgres)
    crashed = Database(f"newsroom_crash_killed_{suffix}", postgres)
    rng = random.Random(seed)
    try:
        clean.create()
        print(f"[{suffix}] clean import of {count} files …", flush=True)
        clean_seconds = clean_import(clean, folder)
        reference = clean.snapshot()

        crashed.create()
        interruptions = []
        for fraction in kills:
            print(f"[{suffix}] import, kill -9 at ~{fraction:.0%} …", flush=True)
            kill = killed_import(crashed, folder, fraction, rng)
            kill["integrity_after_kill"] = crashed.integrity()
            kill["articles_after_kill"] = crashed.snapshot()["articles"]
            interruptions.append(kill)
            print(f"    {kill}", flush=True)
        print(f"[{suffix}] import again to the end …", flush=True)
        resume_seconds = clean_import(crashed, folder)
        final = crashed.snapshot()
        integrity = crashed.integrity()
    finally:
        clean.drop()
        crashed.drop()

    differences = {k: (reference[k], final[k]) for k in reference if reference[k] != final[k]}
    return {
        "database": "PostgreSQL" if postgres else "SQLite",
        "files": count,
        "import_arguments": JOBS,
        "clean_import_seconds": round(clean_seconds, 1),
        "resume_seconds": round(resume_seconds, 1),
        "interruptions": interruptions,
        "clean": reference,
        "after_crash_and_resume": final,
        "integrity_check": integrity,
        "differences": differences,
        "ok": not differences and integrity.startswith(("ok", "n/a")),
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--kill-at", type=float, nargs="+", default=[0.35, 0.7], help="fractions of progress")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, help="import_articles --jobs (default: the importer's choice)")
    args = parser.parse_args()
    if args.jobs:
        JOBS.extend(["--jobs", str(args.jobs)])
    report = run(args.postgres, args.files, args.kill_at, args.seed)
    jobs = f"-jobs{args.jobs}" if args.jobs else ""
    finish(report, f"crash-import-{'pg' if args.postgres else 'sqlite'}{jobs}.json", "MISMATCH")


if __name__ == "__main__":
    main()
