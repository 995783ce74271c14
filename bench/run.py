"""newsroom benchmark (issue 6): `make bench`, or `.venv/bin/python bench/run.py`.

One run, on this machine:

1. builds demo corpora of 1,000, 10,000 and 100,000 stories with the generator
   (SQLite files under bench/work/perf/, git-ignored; the largest builds on one core
   while the smaller ones and the import measurement use the other);
2. for each corpus, serves the app with gunicorn under production settings
   (2 workers) and, side by side under the same gunicorn and worker count, a static
   copy of the very same responses through WhiteNoise (bench/static_app.py) — the
   yardstick — and drives both with wrk at 8 and 32 connections after a warm-up:
   story page, list page, HTMX list partial (HX-Request) and a search;
3. measures inside Django the uncached story page (bench/inprocess.py), search
   p50/p95 (`manage.py bench_search`), import speed (`import_articles` on 10,000
   generated raw files), the partial's size, and the bytes of a first visit to a
   story page as Chromium downloads them (bench/firstvisit.py);
4. prints a markdown report with the targets checked and writes it, with the raw
   numbers and the profile of the uncached story page, to bench/results/.

Everything it starts it stops; the corpora and temporary files are removed unless
--keep is given. Options: --sizes, --seconds (per wrk point), --workers, --keep,
--reuse (keep and reuse corpora from an earlier --keep run).
"""

import argparse
import gzip
import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import wrk  # noqa: E402
from bench.common import wait_until_listening  # noqa: E402

WORK = ROOT / "bench" / "work" / "perf"  # git-ignored; other bench scripts use their own folders
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
APP_PORT, STATIC_PORT, VARNISH_APP_PORT, VARNISH_STATIC_PORT = 8201, 8202, 8203, 8204
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
# Through Varnish: our story page vs Varnish serving a file of the same bytes.
VARNISH_PAGES = ("story", "story-gzip", "list")
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 (local bench)
TARGET_RATIO = 0.9
CACHED_TARGET_PAGES = ("story", "list", "story-gzip")


def log(message):
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- environment


def django_env(db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL", "DJANGO_DEBUG"}}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver",
        SITE_URL="http://127.0.0.1",
        DATABASE_URL=f"sqlite:///{db}",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(db: Path, *args, capture=False) -> str:
    result = subprocess.run(
        [PY, "manage.py", *map(str, args)],
        cwd=ROOT,
        env=django_env(db),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def build_corpus(size: int, seed: int) -> subprocess.Popen:
    """Start building one corpus from scratch (migrate, then the generator) in the background."""
    db = WORK / f"corpus-{size}.sqlite3"
    for stale in WORK.glob(db.name + "*"):
        stale.unlink()
    manage_py = f"{shlex.quote(PY)} manage.py"
    script = f"{manage_py} migrate --noinput -v0 && {manage_py} generate_demo {size} --seed {seed} -v0"
    return subprocess.Popen(["bash", "-c", script], cwd=ROOT, env=django_env(db), stdout=subprocess.DEVNULL)


def build_corpora(sizes, seed: int, reuse: bool, while_building=None) -> dict[int, Path]:
    """The largest corpus builds on one core while the smaller ones (and `while_building`)
    use the other: the build is most of the run's time."""
    corpora = {size: WORK / f"corpus-{size}.sqlite3" for size in sizes}
    todo = [size for size in sorted(sizes) if not (reuse and corpora[size].exists())]
    started = time.perf_counter()
    largest = max(todo) if todo else None
    background = build_corpus(largest, seed) if largest else None
    try:
        for size in todo:
            if size != largest:
                if build_corpus(size, seed).wait() != 0:
                    raise RuntimeError(f"building the {size:,}-story corpus failed")
                log(f"corpus {size:,}: built in {time.perf_counter() - started:.0f} s")
        if while_building:
            while_building()
        if background and background.wait() != 0:
            raise RuntimeError(f"building the {largest:,}-story corpus failed")
    finally:
        if background and background.poll() is None:
            background.kill()
    if largest:
        log(f"corpus {largest:,}: built in {time.perf_counter() - started:.0f} s")
    return corpora


# ---------------------------------------------------------------- servers


class Server:
    def __init__(self, name, app, port, env, workers):
        self.name, self.port = name, port
        command = [GUNICORN, app, "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
        command += ["--log-level", "warning", "--chdir", str(ROOT)]
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
        try:
            wait_until_listening(self.process, port, f"{name} server")
        except RuntimeError:
            self.stop()
            raise

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


class Varnish:
    """varnishd with deploy/varnish/newsroom.vcl in front of one of the two servers."""

    def __init__(self, name, port, backend_port, workdir: Path):
        self.name, self.port = name, port
        workdir.mkdir(parents=True, exist_ok=True)
        workdir.chmod(0o755)  # varnishd's worker reads the VCL here
        vcl = VCL.read_text().replace('.port = "8000";', f'.port = "{backend_port}";')
        # The static copy has no /robots.txt to probe: both sides without the probe.
        vcl = re.sub(r"\.probe = \{.*?\n    \}\n", "", vcl, flags=re.S)
        (workdir / "bench.vcl").write_text(vcl)
        command = [VARNISHD, "-F", "-n", str(workdir / "n"), "-a", f"127.0.0.1:{port}"]
        command += ["-f", str(workdir / "bench.vcl"), "-s", "malloc,256m"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_until_listening(self.process, port, f"{name} varnish")
        except RuntimeError:
            self.stop()
            raise

    url = Server.url
    stop = Server.stop


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


# ---------------------------------------------------------------- one corpus


def discover(app: Server) -> dict:
    """The URLs to measure: the newest story, the home list, its HTMX partial, a search."""
    _, _, home = fetch(app.url("/"))
    html = home.decode()
    story = re.search(r'href="(/news/\d+/[^"]+)"', html).group(1)
    _, _, story_html = fetch(app.url(story))
    headline = re.search(r"<h1[^>]*>(.*?)</h1>", story_html.decode(), re.S).group(1)
    words = [w for w in re.sub(r"<[^>]+>", " ", headline).split() if len(w) > 3]
    query = urllib.parse.quote(max(words, key=len) if words else "الحكومة")
    return {
        "story": (story, ()),
        "list": ("/", ()),
        "partial": ("/?page=2", ("HX-Request: true",)),
        "search": (f"/?q={query}", ()),
        # As browsers ask: gzip from the page cache vs WhiteNoise's precompressed copy.
        "story-gzip": (story, ("Accept-Encoding: gzip",)),
    }


def measure_corpus(size, db, args, report):
    env = django_env(db)
    static_root = WORK / f"static-{size}"
    shutil.rmtree(static_root, ignore_errors=True)
    static_root.mkdir(parents=True)
    app = Server("app", "newsroom.wsgi:application", APP_PORT, env, args.workers)
    static = None
    try:
        urls = discover(app)
        copies = {}
        for page, (path, headers) in urls.items():
            header_dict = dict(h.split(": ", 1) for h in headers if not h.startswith("Accept-Encoding"))
            status, response_headers, body = fetch(app.url(path), header_dict)
            assert status == 200, (page, status)
            (static_root / f"{page}.html").write_bytes(body)
            (static_root / f"{page}.html.gz").write_bytes(gzip.compress(body, 6))
            copies[page] = {
                "path": path,
                "bytes": len(body),
                "gzip_bytes": len(gzip.compress(body, 6)),
                "x_cache": response_headers.get("X-Cache"),
            }
        static = Server(
            "static",
            "bench.static_app:application",
            STATIC_PORT,
            {**env, "BENCH_STATIC_ROOT": str(static_root)},
            args.workers,
        )
        points = []
        if Path(VARNISHD).exists():
            varnishes = [
                Varnish("app", VARNISH_APP_PORT, APP_PORT, WORK / f"varnish-app-{size}"),
                Varnish("static", VARNISH_STATIC_PORT, STATIC_PORT, WORK / f"varnish-static-{size}"),
            ]
        else:
            log("varnishd is missing: no Varnish column (apt-get install varnish varnish-modules)")
            varnishes = []
        try:
            report["corpora"].setdefault(size, {})["varnish_points"] = (
                measure_varnish(size, urls, *varnishes, args) if varnishes else []
            )
        finally:
            for varnish in varnishes:
                varnish.stop()
        for page, (path, headers) in urls.items():
            app_url, static_url = app.url(path), static.url(f"/{page}.html")
            wrk.run(app_url, connections=8, seconds=1, headers=headers)  # warm-up
            static_headers = [h for h in headers if h.startswith("Accept-Encoding")]
            wrk.run(static_url, connections=8, seconds=1, headers=static_headers)
            for connections in args.connections:
                # App and static alternate, `--rounds` times each; the better run of each side
                # counts, so a burst of load from elsewhere on the machine hurts neither.
                runs = {"app": [], "static": []}
                for _ in range(args.rounds):
                    runs["app"].append(
                        wrk.run(app_url, connections=connections, seconds=args.seconds, headers=headers)
                    )
                    runs["static"].append(
                        wrk.run(
                            static_url, connections=connections, seconds=args.seconds, headers=static_headers
                        )
                    )
                a, s = (max(runs[side], key=lambda r: r.rps) for side in ("app", "static"))
                points.append({"page": page, "connections": connections, "app": vars(a), "static": vars(s)})
                log(
                    f"{size:>7,} {page:<8} c={connections:<3} app {a.rps:8.0f}/s  static {s.rps:8.0f}/s"
                    f"  ratio {a.rps / s.rps:.2f}  errors {a.errors}/{s.errors}"
                )
        report["corpora"][size].update(
            {"urls": {k: v[0] for k, v in urls.items()}, "copies": copies, "points": points}
        )
        if size == max(args.sizes):
            log("first visit (Chromium)")
            report["first_visit"] = first_visit(app.url(urls["story"][0]))
    finally:
        app.stop()
        if static:
            static.stop()

    log(f"{size:,}: uncached story page in-process")
    profile = RESULTS / f"profile-story-uncached-{size}.txt"
    out = subprocess.run(
        [PY, "-m", "bench.inprocess", "--samples", str(args.samples), "--profile", str(profile)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    report["corpora"][size]["uncached"] = json.loads(out.strip().splitlines()[-1])
    report["corpora"][size]["uncached"]["profile"] = str(profile.relative_to(ROOT))

    log(f"{size:,}: search")
    out = manage(db, "bench_search", "--sizes", size, "--queries", "10", "--repeat", "3", capture=True)
    out = out.split("| stories | database |", 1)[-1]  # the final table (rows are also streamed)
    report["corpora"][size]["search"] = [
        {"kind": m[0].strip(), "p50_ms": float(m[1]), "p95_ms": float(m[2])}
        for m in re.findall(
            r"^\|\s*[\d,]+\s*\|\s*\w+\s*\|([^|]+)\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|", out, re.M
        )
    ]


def measure_varnish(size, urls, varnish_app, varnish_static, args) -> list:
    """Hits through Varnish: the app's page vs Varnish serving the static copy of its bytes."""
    points = []
    for page in VARNISH_PAGES:
        path, headers = urls[page]
        app_url, static_url = varnish_app.url(path), varnish_static.url(f"/{page}.html")
        static_headers = [h for h in headers if h.startswith("Accept-Encoding")]
        wrk.run(app_url, connections=8, seconds=1, headers=headers)  # warm-up: now cached
        wrk.run(static_url, connections=8, seconds=1, headers=static_headers)
        for connections in args.connections:
            runs = {"app": [], "static": []}
            for _ in range(args.rounds):
                runs["app"].append(
                    wrk.run(app_url, connections=connections, seconds=args.seconds, headers=headers)
                )
                runs["static"].append(
                    wrk.run(static_url, connections=connections, seconds=args.seconds, headers=static_headers)
                )
            a, s = (max(runs[side], key=lambda r: r.rps) for side in ("app", "static"))
            _, hit_headers, _ = fetch(app_url)
            points.append(
                {
                    "page": page,
                    "connections": connections,
                    "app": vars(a),
                    "static": vars(s),
                    "app_varnish_cache": hit_headers.get("X-Varnish-Cache"),
                }
            )
            log(
                f"{size:>7,} varnish {page:<10} c={connections:<3} app {a.rps:8.0f}/s  static {s.rps:8.0f}/s"
                f"  ratio {a.rps / s.rps:.2f}  (app {hit_headers.get('X-Varnish-Cache')})"
            )
    return points


def first_visit(url):
    try:
        out = subprocess.run(
            [PY, "-m", "bench.firstvisit", url], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout
        return json.loads(out)
    except (subprocess.CalledProcessError, json.JSONDecodeError) as error:
        return {"error": str(error)}


def measure_import(args, report):
    raw = WORK / "raw"
    db = WORK / "import.sqlite3"
    shutil.rmtree(raw, ignore_errors=True)
    for stale in WORK.glob(db.name + "*"):
        stale.unlink()
    manage(db, "migrate", "--noinput", "-v0")
    manage(db, "generate_demo", args.import_files, "--seed", 4242, "--raw-dir", raw, "-v0")
    started = time.perf_counter()
    manage(db, "import_articles", raw, "--no-progress", "-v0")
    elapsed = time.perf_counter() - started
    with sqlite3.connect(db) as con:
        articles = con.execute("SELECT COUNT(*) FROM articles_article").fetchone()[0]
    report["import"] = {
        "files": args.import_files,
        "articles": articles,
        "seconds": elapsed,
        "articles_per_s": articles / elapsed,
    }
    log(f"import: {articles} articles from {args.import_files} files in {elapsed:.1f} s")


# ---------------------------------------------------------------- report


def ratio(point):
    return point["app"]["rps"] / point["static"]["rps"] if point["static"]["rps"] else 0.0


def render(report, args) -> str:
    lines = [
        f"# newsroom benchmark — {report['started']}",
        "",
        f"Machine: {os.cpu_count()} cores; gunicorn sync, {args.workers} workers for app and static copy;"
        f" wrk {args.seconds:g} s runs, app and static alternating, best of {args.rounds} each, after a 1 s"
        " warm-up; SQLite; local-memory cache;"
        " responses uncompressed except story-gzip. Pages are served from the page cache after the"
        " warm-up (search = the result page of one query); uncached costs are in the second table.",
        "",
        "| stories | page | conn | app req/s | app p50 ms | app p99 ms | static req/s | static p50 ms"
        " | static p99 ms | app ÷ static |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, corpus in sorted(report["corpora"].items()):
        for p in corpus["points"]:
            a, s = p["app"], p["static"]
            flag = " ⚠" if p["page"] in CACHED_TARGET_PAGES and ratio(p) < TARGET_RATIO else ""
            errors = f" (errors {a['errors']})" if a["errors"] else ""
            lines.append(
                f"| {size:,} | {p['page']} | {p['connections']} | {a['rps']:,.0f}{errors} | {a['p50_ms']:.2f}"
                f" | {a['p99_ms']:.2f} | {s['rps']:,.0f} | {s['p50_ms']:.2f} | {s['p99_ms']:.2f}"
                f" | {ratio(p):.2f}{flag} |"
            )
    varnish_rows = [
        (size, p)
        for size, corpus in sorted(report["corpora"].items())
        for p in corpus.get("varnish_points", [])
    ]
    if varnish_rows:
        lines += [
            "",
            "Through Varnish (deploy/varnish/newsroom.vcl, varnishd 7.1, hits): the app's page vs Varnish"
            " serving the static copy of the same bytes.",
            "",
            "| stories | page | conn | via Varnish req/s | p99 ms | static via Varnish req/s | p99 ms"
            " | ratio |",
            "|---:|---|---:|---:|---:|---:|---:|---:|",
        ]
        for size, p in varnish_rows:
            flag = " ⚠" if ratio(p) < TARGET_RATIO else ""
            lines.append(
                f"| {size:,} | {p['page']} | {p['connections']} | {p['app']['rps']:,.0f}"
                f" | {p['app']['p99_ms']:.2f} | {p['static']['rps']:,.0f} | {p['static']['p99_ms']:.2f}"
                f" | {ratio(p):.2f}{flag} |"
            )
    lines += [
        "",
        "| stories | uncached story p50 ms (warm / cold) | p95 ms (warm / cold) | uncached tag p50 / p95 ms"
        " | uncached list p50 / p95 ms | search p50 / p95 ms |",
    ]
    lines += ["|---:|---:|---:|---:|---:|---|"]
    for size, corpus in sorted(report["corpora"].items()):
        u = corpus.get("uncached", {})
        search = "; ".join(
            f"{s['kind']} {s['p50_ms']:.1f} / {s['p95_ms']:.1f}" for s in corpus.get("search", [])
        )
        lines.append(
            f"| {size:,} | {u.get('warm_p50_ms', 0):.2f} / {u.get('cold_p50_ms', 0):.2f}"
            f" | {u.get('warm_p95_ms', 0):.2f} / {u.get('cold_p95_ms', 0):.2f}"
            f" | {u.get('tag_p50_ms', 0):.2f} / {u.get('tag_p95_ms', 0):.2f}"
            f" | {u.get('list_p50_ms', 0):.2f} / {u.get('list_p95_ms', 0):.2f} | {search} |"
        )
    largest = report["corpora"][max(report["corpora"])]
    partial = largest["copies"]["partial"]
    lines += [
        "",
        f"- HTMX list partial (`{partial['path']}`, HX-Request): {partial['bytes']:,} bytes"
        f" ({partial['gzip_bytes']:,} gzip).",
    ]
    for page in ("story", "list"):
        c = largest["copies"][page]
        lines.append(f"- {page} page HTML: {c['bytes']:,} bytes ({c['gzip_bytes']:,} gzip).")
    if "import" in report:
        i = report["import"]
        lines.append(
            f"- Import: {i['articles']:,} articles from {i['files']:,} raw files in {i['seconds']:.1f} s"
            f" = **{i['articles_per_s']:.0f} articles/s**."
        )
    fv = report.get("first_visit", {})
    if "encoded_bytes" in fv:
        lines.append(
            f"- First visit to a story (Chromium, compressed bodies): **{fv['encoded_bytes'] / 1024:.1f} KB**"
            f" ({fv['transfer_bytes'] / 1024:.1f} KB with headers) in {len(fv['resources'])} responses;"
            f" requests to other hosts: {fv['foreign_requests'] or 'none'}; htmx loaded: {fv['htmx_loaded']}."
        )
        for r in fv["resources"]:
            lines.append(f"  - {r['type']}: {r['url'].split('/', 3)[-1]} — {r['encoded']:,} B")
    elif fv:
        lines.append(f"- First visit: not measured ({fv.get('error')}).")
    lines += ["", "## Targets", ""] + [f"- {t}" for t in targets(report)]
    return "\n".join(lines) + "\n"


def targets(report) -> list[str]:
    out = []
    corpora = report["corpora"]
    cached = [
        (size, p) for size, c in corpora.items() for p in c["points"] if p["page"] in CACHED_TARGET_PAGES
    ]
    worst = min(cached, key=lambda sp: ratio(sp[1]))
    ok = ratio(worst[1]) >= TARGET_RATIO
    out.append(
        f"{'PASS' if ok else 'MISS'} cached story and list ≥ {TARGET_RATIO}× static: lowest "
        f"{ratio(worst[1]):.2f} ({worst[0]:,} stories, {worst[1]['page']}, c={worst[1]['connections']})"
    )
    through_varnish = [(size, p) for size, c in corpora.items() for p in c.get("varnish_points", [])]
    if through_varnish:
        worst = min(through_varnish, key=lambda sp: ratio(sp[1]))
        ok = ratio(worst[1]) >= TARGET_RATIO
        out.append(
            f"{'PASS' if ok else 'MISS'} story and list through Varnish ≥ {TARGET_RATIO}× Varnish serving"
            f" the same bytes as a file: lowest {ratio(worst[1]):.2f} ({worst[0]:,} stories,"
            f" {worst[1]['page']}, c={worst[1]['connections']})"
        )
    largest, smallest = max(corpora), min(corpora)
    u = corpora[largest].get("uncached", {})
    if u:
        out.append(
            f"{'PASS' if u['warm_p50_ms'] <= 10 else 'MISS'} uncached story p50 ≤ 10 ms at {largest:,}:"
            f" {u['warm_p50_ms']:.2f} ms (cold cache {u['cold_p50_ms']:.2f} ms)"
        )
        for page in ("tag", "list"):
            if f"{page}_p50_ms" in u:
                ms = u[f"{page}_p50_ms"]
                out.append(
                    f"{'PASS' if ms <= 15 else 'MISS'} uncached {page} page p50 ≤ 15 ms at {largest:,}:"
                    f" {ms:.2f} ms"
                )
    partial = corpora[largest]["copies"]["partial"]["bytes"]
    out.append(f"{'PASS' if partial <= 15 * 1024 else 'MISS'} HTMX partial ≤ 15 KB: {partial / 1024:.1f} KB")
    fv = report.get("first_visit", {})
    if "encoded_bytes" in fv:
        total = fv["encoded_bytes"] / 1024
        ok = total <= 100 and not fv["foreign_requests"]
        out.append(f"{'PASS' if ok else 'MISS'} first visit ≤ 100 KB, same host only: {total:.1f} KB")
    if largest != smallest:
        worst_change = []
        for p_big in corpora[largest]["points"]:
            p_small = next(
                p
                for p in corpora[smallest]["points"]
                if p["page"] == p_big["page"] and p["connections"] == p_big["connections"]
            )
            worst_change.append(
                (p_big["app"]["rps"] / p_small["app"]["rps"], p_big["page"], p_big["connections"])
            )
        low = min(worst_change)
        ok = low[0] >= 0.8
        text = f"lowest {largest:,}/{smallest:,} throughput {low[0]:.2f} ({low[1]}, c={low[2]})"
        us, ub = corpora[smallest].get("uncached"), corpora[largest].get("uncached")
        if us and ub:
            growth = ub["warm_p50_ms"] / us["warm_p50_ms"]
            ok = ok and growth <= 1.2
            text += (
                f"; uncached story p50 {us['warm_p50_ms']:.2f} → {ub['warm_p50_ms']:.2f} ms (×{growth:.2f})"
            )
        out.append(f"{'PASS' if ok else 'MISS'} {largest:,} within 20% of {smallest:,}: {text}")
    return out


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--seconds", type=float, default=3, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="alternating app/static runs per point")
    parser.add_argument("--connections", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--samples", type=int, default=200, help="uncached story pages timed per corpus")
    parser.add_argument("--import-files", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep bench/work (corpora) afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse corpora kept by an earlier --keep run")
    parser.add_argument(
        "--build-only", action="store_true", help="build the corpora, keep them, measure nothing"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (make bench installs it).")

    started = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    report = {"started": datetime.now(UTC).isoformat(timespec="seconds"), "corpora": {}}
    try:

        def meanwhile():
            if args.import_files:
                log("import speed (while the largest corpus builds on the other core)")
                measure_import(args, report)

        if args.build_only:
            args.keep = True
            build_corpora(args.sizes, args.seed, args.reuse)
            return
        corpora = build_corpora(args.sizes, args.seed, args.reuse, while_building=meanwhile)
        log("collectstatic")
        manage(corpora[min(corpora)], "collectstatic", "--noinput", "-v0")
        for size, db in sorted(corpora.items()):
            measure_corpus(size, db, args, report)
    finally:
        if not args.keep:
            for path in WORK.iterdir():
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
    report["elapsed_s"] = time.perf_counter() - started
    text = render(report, args) + f"\nTotal time: {report['elapsed_s'] / 60:.1f} min.\n"
    (RESULTS / f"bench-{stamp}.md").write_text(text, encoding="utf-8")
    (RESULTS / f"bench-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(text)


if __name__ == "__main__":
    main()
