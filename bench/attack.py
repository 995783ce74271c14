"""Bounded attack pass (issue 15): `make attack` (not in CI), or `.venv-attack/bin/python bench/attack.py`.

Builds a throw-away SQLite database with demo stories (and a view-only staff account),
serves it with gunicorn under the production settings on 127.0.0.1 only, then runs

- sqlmap (level 3, risk 2) on the reader URLs that take parameters and on the admin's
  story list as the view-only staff user, each target with a time limit;
- wapiti (its default modules) crawling the site from /, with a scan and attack time limit.

Requests sent per tool are counted from gunicorn's access log (every request the server
received while that tool ran), with how many were 5xx and the slowest; findings are sqlmap's
injectable parameters and wapiti's vulnerability entries. Writes bench/results/attack.json;
exits 1 when any tool found something, or any request was a 5xx or took more than 2 s.

The tools run from .venv-attack (requirements-attack.txt), apart from the project's venv.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ROOT, finish, free_port, production_env, run_manage, wait_until_listening

TOOLS = ROOT / ".venv-attack" / "bin"
SLOW_MS = 2000


def env_for(work: Path) -> dict:
    # Served over TLS as in production (a self-signed certificate): redirects, HSTS and
    # secure cookies are what the scanners see, not a plain-HTTP shortcut.
    return production_env(
        f"sqlite:///{work / 'attack.sqlite3'}",
        "attack",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="1",
        DJANGO_SECURE_COOKIES="1",
        SITE_URL="https://127.0.0.1",
        PAGE_CACHE_PURGE_LOG=str(work / "page-purges"),
    )


def self_signed_certificate(work: Path) -> tuple[Path, Path]:
    """A throw-away certificate for 127.0.0.1 (the scanners do not verify it)."""
    cert, key = work / "cert.pem", work / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


STAFF_SESSION = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.sessions.backends.db import SessionStore
user, _ = get_user_model().objects.get_or_create(username="viewer", defaults={"is_staff": True})
user.set_password("attack-viewer-password-123"); user.save()
user.user_permissions.set(Permission.objects.filter(codename__in=["view_article", "view_tag", "view_source"]))
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
from articles.models import Tag, Source
tag, source = Tag.objects.order_by("pk").first(), Source.objects.order_by("pk").first()
print(session.session_key, tag.slug, source.slug)
"""


class AccessLog:
    """gunicorn's access log, read in slices: one per tool."""

    def __init__(self, path: Path):
        self.path, self.offset = path, 0

    def since_last(self) -> dict:
        text = self.path.read_text(errors="replace") if self.path.exists() else ""
        lines, self.offset = text[self.offset :].splitlines(), len(text)
        statuses, slowest, slow = [], 0, 0
        for line in lines:
            match = re.search(r" (\d{3}) (\d+)$", line)
            if match:
                status, micros = int(match[1]), int(match[2])
                statuses.append(status)
                slowest = max(slowest, micros // 1000)
                slow += micros // 1000 > SLOW_MS
        return {
            "requests": len(statuses),
            "5xx": sum(s >= 500 for s in statuses),
            "slowest_ms": slowest,
            f"over_{SLOW_MS}_ms": slow,
        }


def run_sqlmap(base: str, targets: list[tuple[str, str]], out: Path, seconds: int) -> dict:
    findings = []
    for url, cookie in targets:
        command = [
            str(TOOLS / "sqlmap"), "-u", url, "--batch", "--level", "3", "--risk", "2",
            "--disable-coloring", "--output-dir", str(out), "--time-limit", str(seconds),
            "--flush-session", "--answers", "follow=N",
        ]  # fmt: skip
        if cookie:
            command += ["--cookie", cookie]
        result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
        (out / "sqlmap.log").open("a").write(f"### {url}\n{result.stdout}\n")
        for line in result.stdout.splitlines():
            if re.search(r"parameter '.*' is vulnerable|sqlmap identified the following injection", line):
                findings.append(f"{url}: {line.strip()}")
    return {"targets": [url for url, _ in targets], "findings": findings}


def run_wapiti(base: str, out: Path, seconds: int) -> dict:
    report = out / "wapiti.json"
    try:
        _wapiti(base, report, seconds)
    except subprocess.TimeoutExpired:
        # wapiti overran its own --max-scan-time (a loaded machine): no report to read.
        return {"report": None, "findings": [], "anomalies": [], "incomplete": True}
    data = json.loads(report.read_text()) if report.exists() else {}
    return {"report": str(report), **_wapiti_entries(data)}


def _wapiti(base: str, report: Path, seconds: int) -> None:
    subprocess.run(
        [str(TOOLS / "wapiti"), "-u", base + "/", "--scope", "folder", "--flush-session",
         "--max-scan-time", str(seconds), "--max-attack-time", str(max(seconds // 8, 30)),
         "--max-links-per-page", "20", "--max-files-per-dir", "30", "-d", "3",
         "-x", base + "/admin/logout/", "-f", "json", "-o", str(report), "-v", "0"],
        capture_output=True, text=True, timeout=seconds * 2 + 120,
    )  # fmt: skip


def _wapiti_entries(data: dict) -> dict:
    findings = [
        f"{category}: {entry.get('path')} {entry.get('parameter', '')}"
        for category, entries in data.get("vulnerabilities", {}).items()
        for entry in entries
    ]
    anomalies = [
        f"{category}: {entry.get('path')} {entry.get('parameter', '')}"
        for category, entries in data.get("anomalies", {}).items()
        for entry in entries
    ]
    return {"findings": findings, "anomalies": anomalies}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--sqlmap-seconds", type=int, default=120, help="time limit per sqlmap target")
    parser.add_argument("--wapiti-seconds", type=int, default=480, help="wapiti's whole scan")
    parser.add_argument("--tools", default="sqlmap,wapiti")
    args = parser.parse_args()
    for tool in ("sqlmap", "wapiti"):
        if tool in args.tools and not (TOOLS / tool).exists():
            sys.exit(f"{TOOLS / tool} is missing: run `make attack` (it installs requirements-attack.txt)")

    work = Path(tempfile.mkdtemp(prefix="newsroom-attack-"))
    env = env_for(work)
    run_manage(env, "migrate", "--noinput")
    run_manage(env, "collectstatic", "--noinput", "-v", "0")
    run_manage(env, "generate_demo", str(args.stories), "--seed", "7")
    run_manage(env, "import_articles", "corpus/")
    session, tag, source = run_manage(env, "shell", "-c", STAFF_SESSION).split()[-3:]

    port = free_port()
    base = f"https://127.0.0.1:{port}"
    log = work / "access.log"
    cert, key = self_signed_certificate(work)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "newsroom.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--access-logfile", str(log),
         "--certfile", str(cert), "--keyfile", str(key),
         "--access-logformat", '%(h)s "%(r)s" %(s)s %(D)s'],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(work / "gunicorn.err", "w"),
    )  # fmt: skip
    report = {"server": base, "work": str(work), "tools": {}}
    try:
        wait_until_listening(server, port, "gunicorn")
        access = AccessLog(log)
        if "sqlmap" in args.tools:
            cookie = f"sessionid={session}"
            targets = [
                (f"{base}/?q=اقتصاد&tag={tag}&source={source}&range=week&page=1", ""),
                (f"{base}/tag/{tag}/?page=1", ""),
                (f"{base}/source/{source}/?page=1", ""),
                (f"{base}/admin/articles/article/?q=x&source__id__exact=1&o=1", cookie),
                (f"{base}/admin/articles/tag/?q=x", cookie),
            ]
            started = time.monotonic()
            result = run_sqlmap(base, targets, work / "sqlmap", args.sqlmap_seconds)
            report["tools"]["sqlmap"] = {
                **result,
                **access.since_last(),
                "seconds": round(time.monotonic() - started),
            }
        if "wapiti" in args.tools:
            started = time.monotonic()
            result = run_wapiti(base, work, args.wapiti_seconds)
            report["tools"]["wapiti"] = {
                **result,
                **access.since_last(),
                "seconds": round(time.monotonic() - started),
            }
    finally:
        server.terminate()
        server.wait(timeout=20)
    report["ok"] = all(
        not tool["findings"] and not tool["5xx"] and not tool[f"over_{SLOW_MS}_ms"]
        for tool in report["tools"].values()
    )
    for name, tool in report["tools"].items():
        print(f"{name}: {tool['requests']} requests, {len(tool['findings'])} findings, {tool['5xx']} 5xx, "
              f"slowest {tool['slowest_ms']} ms")  # fmt: skip
    if report["ok"]:
        shutil.rmtree(work / "sqlmap", ignore_errors=True)
    finish(report, "attack.json", failure_word="FINDINGS")


if __name__ == "__main__":
    main()
