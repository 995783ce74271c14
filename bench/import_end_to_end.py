"""End-to-end import throughput: `make import-bench`, or `.venv/bin/python bench/import_end_to_end.py`.

What a newsroom waits for after an import is not the import command alone but the
stories being findable and linked: search entries and similar stories, which the task
worker computes. So this measures, on a fresh database that already holds `--base`
stories (generated, their derived data done):

- `import_articles` of `--files` raw files (written once by `generate_demo --raw-dir`,
  kept in bench/work/import/), with one `run_worker` running beside it as in production;
- until the refresh queue is empty (every imported story indexed, its similar stories
  and its neighbours' computed).

Reports articles/s end to end (new stories / seconds from the import's start to the
empty queue), the import command's own time and the drain after it. Target: ≥ 500
articles/s on SQLite at 100,000 stories (`--base 90000 --files 10000`). `--postgres`
runs on PostgreSQL (database newsroom_import_bench on 127.0.0.1, dropped after).

Generating a 90,000-story base and its derived data takes many minutes: on SQLite,
`--save-base FILE` keeps the generated base (outside the repository, e.g.
/work/import-base-90k.sqlite3) and `--base-db FILE` starts each later run from a copy
of it, so runs of two versions of the code compare on the same base:

    .venv/bin/python bench/import_end_to_end.py --base 90000 --save-base /work/base-90k.sqlite3
    .venv/bin/python bench/import_end_to_end.py --base-db /work/base-90k.sqlite3
"""

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "import"
sys.path.insert(0, str(ROOT))

from bench.common import finish, process_cpu, production_env  # noqa: E402

PY = sys.executable
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "newsroom_import_bench"

COUNTS = r"""
import json
from django.db import connection
from articles.models import Article, PendingRefresh
with connection.cursor() as c:
    c.execute("SELECT COUNT(*) FROM articles_search_entry")
    entries = c.fetchone()[0]
print(json.dumps({"articles": Article.objects.count(), "pending": PendingRefresh.objects.count(),
                  "search_entries": entries,
                  "published": Article.objects.published().count(),
                  "with_similar": Article.objects.published().exclude(similar_ids=[]).count()}))
"""


def env_for(database_url: str) -> dict:
    return production_env(database_url, "import-bench")


def manage(url: str, *args: str) -> str:
    done = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env_for(url), capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args[:2])} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout


def counts(url: str) -> dict:
    return json.loads(manage(url, "shell", "-v", "0", "-c", COUNTS).strip().splitlines()[-1])


class QueueWatch:
    """The pending-refresh count over one plain connection of its own. The wait for the
    queue polls it twice a second: a `manage.py shell` per poll (a Django start-up, most
    of a core for half a second) competed with the worker it was waiting for."""

    SQL = "SELECT COUNT(*) FROM articles_pendingrefresh"

    def __init__(self, url: str):
        if url.startswith("sqlite:///"):
            import sqlite3

            self.connection = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)
        else:
            import psycopg

            self.connection = psycopg.connect(url, autocommit=True)

    def pending(self) -> int:
        # Each count sees what is committed now: sqlite3 opens no transaction for a
        # SELECT, and the PostgreSQL connection is in autocommit.
        return self.connection.execute(self.SQL).fetchone()[0]

    def close(self) -> None:
        self.connection.close()


def raw_files(count: int, seed: int) -> Path:
    folder = WORK / f"raw-{count}-seed{seed}"
    if len(list(folder.glob("*.txt"))) != count:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.txt"):
            old.unlink()
        print(f"writing {count} raw files to {folder} …", flush=True)
        unused = "sqlite:///" + str(WORK / "unused.sqlite3")
        manage(unused, "generate_demo", str(count), "--seed", str(seed), "--raw-dir", str(folder))
    return folder


def database(postgres: bool, base_db: Path | None = None) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    if postgres:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        return f"{PG_SERVER}/{DB_NAME}"
    path = WORK / "import-bench.sqlite3"
    for suffix in ["", "-wal", "-shm"]:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if base_db is not None:
        shutil.copyfile(base_db, path)
    return f"sqlite:///{path}"


def save_base(url: str, target: Path) -> None:
    """The base as one file (WAL checkpointed into it), for later runs' --base-db."""
    manage(url, "shell", "-v", "0", "-c", CHECKPOINT)
    shutil.copyfile(url.removeprefix("sqlite:///"), target)
    print(f"    base kept in {target}", flush=True)


CHECKPOINT = """
from django.db import connection
with connection.cursor() as c:
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
"""


def drop(postgres: bool) -> None:
    if postgres:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(
    postgres: bool, base: int, files: int, timeout: float, base_db: Path | None, keep_base: Path | None
) -> dict:
    folder = raw_files(files, seed=11)
    url = database(postgres, base_db)
    try:
        manage(url, "migrate", "--noinput", "-v", "0")
        if base and base_db is None:
            print(f"base: {base} generated stories and their derived data …", flush=True)
            started = time.monotonic()
            manage(url, "generate_demo", str(base), "--seed", "5", "-v", "0")
            manage(url, "run_worker", "--batch", "-v", "0")
            print(f"    ready in {time.monotonic() - started:.0f} s", flush=True)
            if keep_base is not None:
                save_base(url, keep_base)
        before = counts(url)
        log = (WORK / "worker.log").open("w")
        worker = subprocess.Popen(
            [PY, "manage.py", "run_worker", "-v", "0"],
            cwd=ROOT,
            env=env_for(url),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        try:
            print(f"import of {files} files with the worker running …", flush=True)
            started = time.monotonic()
            children_before = _children_cpu()
            subprocess.run(
                [PY, "manage.py", "import_articles", str(folder), "--no-progress", "-v", "0"],
                cwd=ROOT,
                env=env_for(url),
                check=True,
                capture_output=True,
            )
            imported = time.monotonic() - started
            import_cpu = _children_cpu() - children_before
            watch = QueueWatch(url)
            try:
                while watch.pending() and time.monotonic() - started < timeout:
                    if worker.poll() is not None:
                        sys.exit(f"the task worker exited ({worker.returncode}); see {WORK / 'worker.log'}")
                    time.sleep(0.2)
            finally:
                watch.close()
            total = time.monotonic() - started
            worker_cpu = process_cpu(worker.pid)
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(60)
            log.close()
        after = counts(url)
    finally:
        drop(postgres)
    new = after["articles"] - before["articles"]
    return {
        "database": "PostgreSQL" if postgres else "SQLite",
        "stories_before": before["articles"],
        "files": files,
        "stories_imported": new,
        "import_command_seconds": round(imported, 1),
        "queue_drained_seconds_after_import": round(total - imported, 1),
        "end_to_end_seconds": round(total, 1),
        "articles_per_second_end_to_end": round(new / total, 1),
        "articles_per_second_import_command": round(new / imported, 1),
        # CPU seconds (user + system) of the import (with its parse workers) and of the
        # task worker: what the work costs whatever else the machine is doing. One core
        # does articles_per_cpu_second; the target needs 500 / cores available.
        "cpu_seconds_import": round(import_cpu, 1),
        "cpu_seconds_worker": round(worker_cpu, 1),
        "articles_per_cpu_second": round(new / max(import_cpu + worker_cpu, 1e-9), 1),
        "load_average_1min_at_end": round(os.getloadavg()[0], 1),
        "after": after,
        "target_articles_per_second": 500,
        "ok": after["pending"] == 0 and after["search_entries"] == after["published"],
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--base", type=int, default=0, help="stories in the database before the import")
    parser.add_argument("--files", type=int, default=10000, help="raw files to import")
    parser.add_argument(
        "--timeout", type=float, default=3600, help="give up waiting for the queue after this"
    )
    parser.add_argument(
        "--base-db", type=Path, help="SQLite: start from a copy of this base (made by --save-base)"
    )
    parser.add_argument("--save-base", type=Path, help="SQLite: keep the generated base in this file")
    args = parser.parse_args()
    if args.postgres and (args.base_db or args.save_base):
        parser.error("--base-db and --save-base are for SQLite")
    report = run(args.postgres, args.base, args.files, args.timeout, args.base_db, args.save_base)
    name = f"import-{'pg' if args.postgres else 'sqlite'}-{report['stories_before'] + args.files}.json"
    finish(report, name)


if __name__ == "__main__":
    main()
