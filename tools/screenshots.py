"""Screenshots of the reader pages: phone (390 px) and desktop (1366 px), light and dark.

    make screenshots                    # serves the local database on a free port
    .venv/bin/python tools/screenshots.py --base-url http://127.0.0.1:8000

Writes PNGs to screenshots/ (git-ignored): the front page, a story with a picture, a
section page, a live-coverage story and a tag page. `--docs` also writes the README's
images to docs/ (JPEG, first screen): front, story, section and live, phone and desktop,
light and dark.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tools.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent

VIEWPORTS = {"phone": (390, 844), "desktop": (1366, 900)}
SCHEMES = ("light", "dark")
DOCS_PAGES = ("front", "story", "section", "live")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the development server did not start")


def first_link(page, selector: str) -> str | None:
    element = page.query_selector(selector)
    return element.get_attribute("href") if element else None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", help="a running site; default: start one on a free port")
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--story", help="path of the story to shoot; default: the newest story")
    parser.add_argument("--live", help="path of a live-coverage story; default: the demo's")
    parser.add_argument(
        "--docs", action="store_true", help="also write the README images in docs/ (JPEG)"
    )
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    server = None
    base = args.base_url
    if not base:
        port = free_port()
        server = start_server(port)
        base = f"http://127.0.0.1:{port}"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(base + "/")
            # A story with a picture: the first card that shows one.
            story = args.story or first_link(page, ".story-card:has(img) .story-card__title a")
            story = story or first_link(page, ".story-card__title a")
            section = first_link(page, "nav a[href^='/section/']")
            # The demo's live story (generate_demo --live): its slug starts «تغطية-مباشرة».
            live = args.live or first_link(page, "a[href*='/%D8%AA%D8%BA%D8%B7%D9%8A%D8%A9-']")
            tag = first_link(page, ".tag-cloud__tag")
            pages = {"front": "/", "story": story, "section": section, "live": live, "tag": tag}
            pages = {name: path for name, path in pages.items() if path}
            page.close()
            for device, (width, height) in VIEWPORTS.items():
                for scheme in SCHEMES:
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        device_scale_factor=2 if device == "phone" else 1,
                        color_scheme=scheme,
                        locale="ar",
                    )
                    tab = context.new_page()
                    for name, path in pages.items():
                        tab.goto(base + path)
                        tab.evaluate("document.fonts.ready")
                        tab.screenshot(path=out / f"{name}-{device}-{scheme}.png")
                        tab.screenshot(path=out / f"{name}-{device}-{scheme}-full.png", full_page=True)
                        if args.docs and name in DOCS_PAGES:
                            docs = ROOT / "docs"
                            docs.mkdir(exist_ok=True)
                            shot = docs / f"{name}-{device}-{scheme}.jpg"
                            tab.screenshot(path=shot, type="jpeg", quality=72)
                    context.close()
            browser.close()
    finally:
        if server:
            server.terminate()
            server.wait(timeout=10)
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
