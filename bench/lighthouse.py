"""Lighthouse on the reader pages (issue 12): `make lighthouse` (not in CI).

Builds a throw-away SQLite database with demo stories (images included), serves it with
gunicorn under the production settings (collected, compressed static files), and runs
Lighthouse — mobile, its default — in the machine's Chromium on the home page, a story with
an image, a section or tag page and a search, each after one warming request (a search that
finds stories is indexable at its cleaned query; one with no results, or a date range, is
noindex and would lose SEO points). Prints the four category scores per page and
writes bench/results/lighthouse.json; exits 1 when any score is below --min (95).

Lighthouse comes from the npm registry, apart from the project's node_modules (CI does not
need it): `LIGHTHOUSE=/path/to/lighthouse`, or `npx --yes lighthouse@12.8.2`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import ROOT, finish, free_port, production_env, run_manage, wait_until_listening

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_VERSION = "12.8.2"

PAGES = """
import json
from articles.models import Article, Tag
recent = Article.objects.published().order_by("-published_at")[:50]
story = next((a for a in recent if hasattr(a, "lead_image")), recent[0])
tag = Tag.objects.order_by("-pk").first()
pages = {"home": "/", "story": story.get_absolute_url(), "tag": tag.get_absolute_url()}
pages["search"] = "/?q=%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9"  # الحكومة
try:
    from articles.models import Section
    section = Section.objects.order_by("order").first()
    if section is not None:
        pages["section"] = section.get_absolute_url()
except ImportError:
    pass
print(json.dumps(pages))
"""


def lighthouse_command() -> list[str]:
    if os.environ.get("LIGHTHOUSE"):
        return [os.environ["LIGHTHOUSE"]]
    if not shutil.which("npx"):
        sys.exit("Lighthouse needs Node.js (npx) or LIGHTHOUSE=/path/to/lighthouse")
    return ["npx", "--yes", f"lighthouse@{LIGHTHOUSE_VERSION}"]


def audit(url: str, out: Path) -> dict:
    subprocess.run(
        [*lighthouse_command(), url, "--output=json", f"--output-path={out}", "--quiet",
         "--chrome-path=/usr/bin/chromium", "--chrome-flags=--headless=new --no-sandbox",
         f"--only-categories={','.join(CATEGORIES)}"],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    data = json.loads(out.read_text())
    scores = {name: round(data["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        f"{audit['id']}: {audit.get('title', '')}"
        for audit in data["audits"].values()
        if audit.get("scoreDisplayMode") == "binary" and audit.get("score") is not None and audit["score"] < 1
    ]
    return {"url": url, "scores": scores, "failing_audits": failing}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=120)
    parser.add_argument("--min", type=int, default=95, help="lowest score allowed in any category")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsroom-lighthouse-"))
    env = production_env(
        f"sqlite:///{work / 'lighthouse.sqlite3'}",
        "lighthouse",
        MEDIA_ROOT=str(work / "media"),
        SERVE_MEDIA="1",  # no media host in front of this throw-away server
        PAGE_CACHE_PURGE_LOG=str(work / "page-purges"),
    )
    run_manage(env, "migrate", "--noinput")
    run_manage(env, "collectstatic", "--noinput", "-v", "0")
    run_manage(env, "generate_demo", str(args.stories), "--seed", "7")
    run_manage(env, "run_worker", "--batch")  # search index, similar stories, image renditions
    pages = json.loads(run_manage(env, "shell", "-v", "0", "-c", PAGES).strip().splitlines()[-1])

    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "newsroom.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(work / "gunicorn.err", "w"),
    )  # fmt: skip
    report = {"pages": {}, "min": args.min}
    try:
        wait_until_listening(server, port, "gunicorn")
        for name, path in pages.items():
            # Readers mostly meet a warm page cache: one request first, as the site's own
            # traffic would have made (Lighthouse then measures the page, not a cold start).
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
            report["pages"][name] = audit(f"http://127.0.0.1:{port}{path}", work / f"{name}.json")
            print(name, report["pages"][name]["scores"], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=20)
    report["ok"] = all(min(page["scores"].values()) >= args.min for page in report["pages"].values())
    finish(report, "lighthouse.json", failure_word="BELOW TARGET")


if __name__ == "__main__":
    main()
