"""Load while editing (issue 7): `make load-test`, or `.venv/bin/python bench/load_while_editing.py`.

Serves the site with gunicorn under the production settings (as `make serve` does) with
one task worker beside it (`manage.py run_worker`, as `make run` does), and measures three
phases of `--seconds` each (default 20), side by side:

- wrk with 64 connections reads it: story pages, list pages, tag and source pages,
  searches and HTMX list partials, in rotation;
- with no editor (the baseline), then an editor saving every 1 s, then every 100 ms:
  signed in to the admin over HTTP, it saves a story at that interval (edits the headline
  and summary of an existing story through the change form, and every tenth save adds a
  new story through the add form).

It prints reader rps, p50 and p99 for each phase and their ratios to the no-edit phase
(target at 100 ms: rps ≥ 0.8 ×, p99 ≤ 2 ×), and how long after the last save the task
queue (search index, similar stories) is empty.

Passes when there is no 5xx response (readers and editor), no "database is locked" in
the server log, every save the editor got a redirect for is in the database afterwards,
and the editor never got a form back instead of a redirect. Reports p50/p90/p99 latency of
the readers and of the saves. `--postgres` does the same on PostgreSQL (a database
newsroom_load on 127.0.0.1, dropped after). Results go to bench/results/load-<db>.json.
"""

import argparse
import http.cookiejar
import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "load"
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    finish,
    free_port,
    machine_busy_cpu,
    production_env,
    tree_cpu,
    wait_until_listening,
)

PY = sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
EDITOR, PASSWORD = "load-editor", "كلمة-سر-للاختبار-الحمل-٢٠٢٦"
MARK = "تعديل الحمل"
IN_FLIGHT = 8

WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("LOAD_PATHS")) do table.insert(paths, line) end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  n = math.random(#paths)
  c2, c3, c4, c5, hits = 0, 0, 0, 0, 0
end
function request()
  n = n % #paths + 1
  local line = paths[n]
  if line:sub(1, 3) == "HX " then
    return wrk.format("GET", line:sub(4), {["HX-Request"] = "true", ["HX-Target"] = "article-list"})
  end
  return wrk.format("GET", line)
end
function response(status, headers, body)
  if status >= 500 then c5 = c5 + 1
  elseif status >= 400 then c4 = c4 + 1
  elseif status >= 300 then c3 = c3 + 1
  else c2 = c2 + 1 end
  if headers["X-Cache"] == "HIT" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local s2, s3, s4, s5, sh = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    s2 = s2 + t:get("c2"); s3 = s3 + t:get("c3"); s4 = s4 + t:get("c4"); s5 = s5 + t:get("c5")
    sh = sh + t:get("hits")
  end
  io.write(string.format(
    'LOADJSON {"requests": %d, "seconds": %.2f, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "status_2xx": %d, "status_3xx": %d, "status_4xx": %d, "status_5xx": %d, ' ..
    '"cache_hits": %d, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, s2, s3, s4, s5, sh,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout))
end
"""

SETUP = r"""
import json, random
from django.contrib.auth import get_user_model
from articles.models import Article, Quote, Source, Tag
User = get_user_model()
if not User.objects.filter(username=%(user)r).exists():
    User.objects.create_superuser(%(user)r, password=%(password)r)
published = list(Article.objects.published().order_by("-published_at").values_list("id", flat=True)[:2000])
rng = random.Random(7)
sample = rng.sample(published, min(300, len(published)))
stories = [a.get_absolute_url() for a in Article.objects.filter(pk__in=sample)]
tags = [t.get_absolute_url() for t in Tag.objects.all()[:30]]
sources = [s.get_absolute_url() for s in Source.objects.all()[:10]]
speakers = sorted({q.speaker_slug for q in Quote.objects.exclude(speaker_slug="")[:200]})[:15]
words = ["الحكومة", "المنتخب", "النفط", "الأمم المتحدة", "كأس", "الأسعار", "القمة", "الطقس"]
paths = stories + tags + sources + ["/speaker/%%s/" %% s for s in speakers]
paths += ["/", "/?page=2", "/?page=3", "/feeds/rss/", "/sitemap.xml"]
paths += ["/?q=" + w for w in words] + ["HX /?q=" + w for w in words] + ["HX /?page=2", "HX /"]
from urllib.parse import quote
def encoded(p):  # as a browser sends it
    return "HX " + quote(p[3:], safe="/?=&%%") if p.startswith("HX ") else quote(p, safe="/?=&%%")
paths = [encoded(p) for p in paths]
print(json.dumps({"paths": paths, "editable": published[:200]}))
"""

VERIFY = r"""
import json, sys
from articles.models import Article
expected = json.loads(open(%(path)r, encoding="utf-8").read())
missing = []
for pk, headline in expected["edited"].items():
    got = Article.objects.filter(pk=int(pk)).values_list("headline", flat=True).first()
    if got != headline:
        missing.append({"id": pk, "expected": headline, "found": got})
for headline in expected["added"]:
    if not Article.objects.filter(headline=headline).exists():
        missing.append({"added": headline})
print(json.dumps({"checked": len(expected["edited"]) + len(expected["added"]), "missing": missing}))
"""


# ---------------------------------------------------------------- environment


def env_for(database_url: str) -> dict:
    # Plain HTTP on localhost: the editor's client must get its session cookie back.
    return production_env(database_url, "load-test")


def manage(database_url: str, *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env_for(database_url), capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args[:2])} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def shell(database_url: str, code: str) -> dict:
    return json.loads(manage(database_url, "shell", "-v", "0", "-c", code).strip().splitlines()[-1])


def prepare_database(postgres: bool, stories: int) -> str:
    WORK.mkdir(parents=True, exist_ok=True)
    if postgres:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "newsroom_load"')
            conn.execute('CREATE DATABASE "newsroom_load"')
        url = f"{PG_SERVER}/newsroom_load"
    else:
        for stale in WORK.glob("load.sqlite3*"):
            stale.unlink()
        url = f"sqlite:///{WORK / 'load.sqlite3'}"
    manage(url, "migrate", "--noinput", "-v", "0")
    manage(url, "generate_demo", str(stories), "--seed", "3", "-v", "0")
    return url


def drop_database(postgres: bool):
    if postgres:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "newsroom_load"')


class Gunicorn:
    def __init__(
        self, database_url: str, port: int, workers: int, log: Path, page_seconds: int = 0, extra=()
    ):
        self.log = log.open("w")
        command = [GUNICORN, "newsroom.wsgi:application", "--workers", str(workers), *extra]
        command += ["--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT), "--timeout", "60"]
        env = env_for(database_url)
        if page_seconds:
            env["PAGE_CACHE_SECONDS"] = str(page_seconds)
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        try:
            wait_until_listening(self.process, port, f"gunicorn (log: {log})")
        except RuntimeError:
            self.stop()
            raise

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


# ---------------------------------------------------------------- the editor


class _AdminForm(HTMLParser):
    """The fields of the admin's change/add form, as a browser would submit them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "__prefix__" in a.get("name", ""):
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"submit", "button", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append([name, a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = [name, None]
        elif tag == "option" and self._select is not None and "selected" in a:
            self._select[1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._select[1] is not None:
                self.fields.append(self._select)
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class Editor:
    """An admin user over HTTP; its cookie jar is shared by the saving threads (one session)."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def _csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), error.headers

    def login(self):
        self.request("/admin/login/")
        status, _, _ = self.request(
            "/admin/login/",
            {
                "username": EDITOR,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self._csrf(),
                "next": "/admin/",
            },
        )
        if status != 302:
            raise RuntimeError(f"editor could not sign in: {status}")

    def save(self, path: str, change) -> tuple[int, str]:
        """GET the form at `path`, apply `change` to its fields, POST it back."""
        status, body, _ = self.request(path)
        if status != 200:
            return status, body
        parser = _AdminForm("article_form")
        parser.feed(body)
        fields = dict(parser.fields)
        change(fields)
        pairs = [(k, v) for k, v in parser.fields if k in fields]
        pairs = [(k, fields[k]) for k, _ in pairs] + [
            (k, v) for k, v in fields.items() if k not in dict(pairs)
        ]
        pairs += [("csrfmiddlewaretoken", self._csrf()), ("_save", "1")]
        status, body, _ = self.request(path, pairs)
        return status, body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def editor_process(base: str, editable: list[int], seconds: float, interval: float, out: str):
    """Start a save every `interval` seconds for `seconds` (saves overlap when the server is
    slower than that); write what was saved to `out`.

    Edits go round-robin over `editable`, so no two saves in flight touch one story and the
    last save of each story is the one that must be in the database afterwards.
    """
    from concurrent.futures import ThreadPoolExecutor

    editor = Editor(base)
    editor.login()

    def one(n: int):
        started = time.monotonic()
        if n % 10 == 0:
            headline = f"خبر أضافه المحرر أثناء الحمل رقم {n}"

            def change(fields):
                fields.update(
                    headline=headline, body="فقرة أولى كتبها المحرر.\n\nفقرة ثانية.", status="published"
                )

            status, body = editor.save("/admin/articles/article/add/", change)
            pk = None
        else:
            pk = editable[n % len(editable)]
            headline = f"{MARK} {n}: خبر رقم {pk} بعد التعديل"

            def change(fields):
                fields.update(headline=headline, dek=f"ملخص عُدّل في الحفظ رقم {n}")

            status, body = editor.save(f"/admin/articles/article/{pk}/change/", change)
        errors = []
        if status != 302:
            found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
            errors = [re.sub("<[^>]+>", "", e) for e in found][:3]
        return n, pk, headline, status, (time.monotonic() - started) * 1000, errors

    # At most IN_FLIGHT saves at once: when the server is slower than one save per
    # 100 ms, a tick is skipped (and counted) rather than piling up an endless backlog.
    futures, skipped = [], 0
    deadline = time.monotonic() + seconds
    next_at, n = time.monotonic(), 0
    with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
        while next_at < deadline:
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += interval
            if sum(not f.done() for f in futures) >= IN_FLIGHT:
                skipped += 1
                continue
            n += 1
            futures.append(pool.submit(one, n))
    edited, added, latencies, failures, statuses = {}, [], [], [], {}
    for future in futures:
        n, pk, headline, status, ms, errors = future.result()
        latencies.append(ms)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
        if status != 302:
            failures.append({"save": n, "status": status, "errors": errors})
        elif pk is None:
            added.append(headline)
        else:
            edited[str(pk)] = headline  # futures are in n order: the last save of pk wins
    Path(out).write_text(
        json.dumps(
            {
                "edited": edited,
                "added": added,
                "latencies_ms": latencies,
                "statuses": statuses,
                "failures": failures,
                "ticks_skipped_busy": skipped,
                # The editor's client (HTTP, parsing the admin form) shares the machine.
                "client_cpu_seconds": round(sum(os.times()[:2]), 2),
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)


# ---------------------------------------------------------------- the run


class TaskWorker:
    """`manage.py run_worker`, as `make run` starts it beside the server."""

    def __init__(self, database_url: str, log: Path):
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [PY, "manage.py", "run_worker", "-v", "0"],
            cwd=ROOT,
            env=env_for(database_url),
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


PENDING = r"""
import json
from articles.models import PendingRefresh
print(json.dumps({"pending": PendingRefresh.objects.count()}))
"""

# Editor intervals measured side by side, in this order: None = no editor (the baseline).
INTERVALS = [None, 1.0, 0.1]


def label(interval) -> str:
    return "none" if interval is None else f"every {int(interval * 1000)} ms"


def one_phase(name, base, url, setup, interval, seconds, connections, lua, paths_file, servers) -> dict:
    tag = "none" if interval is None else f"{int(interval * 1000)}ms"
    saves_file = WORK / f"saves-{name}-{tag}.json"
    saves_file.unlink(missing_ok=True)
    print(f"[{name}] wrk -c{connections} -d{seconds}s, editor saving {label(interval)} …", flush=True)
    editor = None
    cpu_before = {name: tree_cpu(pid) for name, pid in servers.items()}
    machine_before = machine_busy_cpu()
    if interval is not None:
        editor = multiprocessing.Process(
            target=editor_process, args=(base, setup["editable"], seconds, interval, str(saves_file))
        )
        editor.start()
    wrk = subprocess.Popen(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "20s", "-s", str(lua), base],
        env={**os.environ, "LOAD_PATHS": str(paths_file)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wrk_stdout, wrk_stderr = wrk.communicate()
    cpu = {name: round(tree_cpu(pid) - cpu_before[name], 1) for name, pid in servers.items()}
    cpu["machine"] = round(machine_busy_cpu() - machine_before, 1)
    if editor is not None:
        editor.join(timeout=120)
        if editor.is_alive():
            editor.terminate()
    line = next((ln for ln in wrk_stdout.splitlines() if ln.startswith("LOADJSON ")), None)
    if line is None:
        sys.exit(f"wrk failed:\n{wrk_stdout}\n{wrk_stderr}")
    readers = json.loads(line[len("LOADJSON ") :])
    readers["requests_per_second"] = round(readers["requests"] / readers["seconds"], 1)
    # CPU seconds during the phase: what the readers, the editor and the worker cost the
    # machine ("machine" counts every process on it, other work included).
    phase = {"editor_interval": label(interval), "readers": readers, "cpu_seconds": cpu}
    if interval is None:
        return phase
    if not saves_file.exists():
        sys.exit("the editor process did not finish")
    saves = json.loads(saves_file.read_text(encoding="utf-8"))
    verify = shell(url, VERIFY % {"path": str(saves_file)})
    phase["editor"] = {
        "saves_attempted": sum(saves["statuses"].values()),
        "saves_ok": saves["statuses"].get("302", 0),
        "ticks_skipped_server_busy": saves["ticks_skipped_busy"],
        "stories_edited": len(saves["edited"]),
        "stories_added": len(saves["added"]),
        "statuses": saves["statuses"],
        "save_p50_ms": percentile(saves["latencies_ms"], 50),
        "save_p99_ms": percentile(saves["latencies_ms"], 99),
        "client_cpu_seconds": saves["client_cpu_seconds"],
        "failures": saves["failures"][:10],
    }
    phase["saves_checked_afterwards"] = verify["checked"]
    phase["saves_missing"] = verify["missing"][:10]
    phase["ok"] = (
        not saves["failures"]
        and not verify["missing"]
        and not any(k.startswith("5") for k in saves["statuses"])
    )
    return phase


def warm_up(name, base, lua, paths_file, seconds, connections):
    """Readers before the measured phases, unmeasured: each of the few hundred paths is
    rendered once per gunicorn worker (a local-memory cache each) before the no-edit
    phase, else that phase measures first renders and the later ones look faster."""
    print(f"[{name}] warm-up: wrk -c{connections} -d{seconds}s, not measured …", flush=True)
    subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "20s", "-s", str(lua), base],
        env={**os.environ, "LOAD_PATHS": str(paths_file)},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )


def run(
    postgres: bool,
    seconds: int,
    connections: int,
    workers: int,
    stories: int,
    warmup: int = 0,
    gunicorn_args=(),
) -> dict:
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    name = "pg" if postgres else "sqlite"
    print(f"[{name}] database with {stories} stories …", flush=True)
    url = prepare_database(postgres, stories)
    started = time.monotonic()
    manage(url, "run_worker", "--batch", "-v", "0")  # the generator's stories: search index, similar
    drained_initial = time.monotonic() - started
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env_for(url), check=True
    )
    setup = shell(url, SETUP % {"user": EDITOR, "password": PASSWORD})
    paths_file = WORK / f"paths-{name}.txt"
    paths_file.write_text("\n".join(setup["paths"]) + "\n", encoding="utf-8")
    lua = WORK / "rotate.lua"
    lua.write_text(WRK_SCRIPT)
    log = WORK / f"gunicorn-{name}.log"
    worker_log = WORK / f"worker-{name}.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Pages outlive the run (what an edit touches is purged at once either way): with the
    # default 60 s the warm-up's pages would expire during the later phases.
    page_seconds = warmup + seconds * len(INTERVALS) + 120 if warmup else 0
    server = Gunicorn(url, port, workers, log, page_seconds, gunicorn_args)
    worker = TaskWorker(url, worker_log)
    phases = []
    try:
        if warmup:
            warm_up(name, base, lua, paths_file, warmup, connections)
        for interval in INTERVALS:
            servers = {"gunicorn": server.process.pid, "task_worker": worker.process.pid}
            phases.append(
                one_phase(name, base, url, setup, interval, seconds, connections, lua, paths_file, servers)
            )
        # Every save's derived work done: how long after the last save the queue is empty.
        waited = time.monotonic()
        while shell(url, PENDING)["pending"] and time.monotonic() - waited < 120:
            time.sleep(0.5)
        queue_empty_after = round(time.monotonic() - waited, 1)
        pending_left = shell(url, PENDING)["pending"]
    finally:
        worker.stop()
        server.stop()
    server_log = log.read_text(errors="replace")
    worker_log_text = worker_log.read_text(errors="replace")
    drop_database(postgres)

    base_rps = phases[0]["readers"]["requests_per_second"]
    base_p99 = phases[0]["readers"]["p99_ms"]
    for phase in phases:
        r = phase["readers"]
        phase["rps_ratio_to_no_edit"] = round(r["requests_per_second"] / base_rps, 2) if base_rps else None
        phase["p99_ratio_to_no_edit"] = round(r["p99_ms"] / base_p99, 2) if base_p99 else None
    busiest = phases[-1]
    report = {
        "database": "PostgreSQL" if postgres else "SQLite",
        "stories": stories,
        "gunicorn_workers": workers,
        "gunicorn_args": list(gunicorn_args),
        "task_worker": "manage.py run_worker (one process)",
        "initial_queue_drained_seconds": round(drained_initial, 1),
        "wrk": {"connections": connections, "seconds_per_phase": seconds, "paths": len(setup["paths"])},
        "warmup_seconds": warmup,
        "page_cache_seconds": page_seconds or 60,
        "phases": phases,
        "queue_empty_seconds_after_last_save": queue_empty_after,
        "refreshes_left_pending": pending_left,
        "database_is_locked_in_log": server_log.count("database is locked"),
        "tracebacks_in_log": server_log.count("Traceback"),
        "tracebacks_in_worker_log": worker_log_text.count("Traceback"),
        "targets": {
            "rps_ratio_at_100ms_at_least": 0.8,
            "p99_ratio_at_100ms_at_most": 2.0,
            "met": (busiest["rps_ratio_to_no_edit"] or 0) >= 0.8
            and (busiest["p99_ratio_to_no_edit"] or 9) <= 2.0,
        },
    }
    report["ok"] = (
        all(p["readers"]["status_5xx"] == 0 for p in phases)
        and all(p.get("ok", True) for p in phases)
        and all(p["readers"]["socket_errors"] == 0 and p["readers"]["timeouts"] == 0 for p in phases)
        and report["database_is_locked_in_log"] == 0
        and report["tracebacks_in_log"] == 0
        and pending_left == 0
    )
    print(f"\n[{name}] {stories} stories, gunicorn {workers} workers + 1 task worker, wrk -c{connections}")
    print(
        "| editor saves | reader rps | p50 ms | p99 ms | rps ratio | p99 ratio | saves ok | missing "
        "| CPU-s gunicorn / worker / editor client / machine |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for p in phases:
        r = p["readers"]
        e = p.get("editor", {})
        print(
            f"| {p['editor_interval']} | {r['requests_per_second']} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {p['rps_ratio_to_no_edit']} | {p['p99_ratio_to_no_edit']} | "
            f"{e.get('saves_ok', '–')} | "
            f"{len(p.get('saves_missing', []))} | {p['cpu_seconds']['gunicorn']} / "
            f"{p['cpu_seconds']['task_worker']} / {e.get('client_cpu_seconds', '–')} / "
            f"{p['cpu_seconds']['machine']} |"
        )
    return report


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--seconds", type=int, default=20, help="per phase (no editor, 1 s, 100 ms)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (make serve's default)")
    parser.add_argument("--stories", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=40, help="unmeasured readers first, s (0: none)")
    parser.add_argument(
        "--gunicorn-args",
        default="",
        help='more gunicorn options, e.g. "--threads 4" (make serve\'s GUNICORN_ARGS)',
    )
    args = parser.parse_args()
    report = run(
        args.postgres,
        args.seconds,
        args.connections,
        args.workers,
        args.stories,
        args.warmup,
        args.gunicorn_args.split(),
    )
    finish(report, f"load-{'pg' if args.postgres else 'sqlite'}.json")


if __name__ == "__main__":
    main()
