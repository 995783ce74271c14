"""Bytes a first visit to a story page downloads, as Chromium fetches them.

    python -m bench.firstvisit http://127.0.0.1:8201/news/1/slug/

A fresh browser profile loads the page and waits for its fonts; the Resource Timing
entries give each response's compressed body size (encodedBodySize) and size on the
wire (transferSize, headers included). Prints one JSON object, including every URL
fetched, so "no request to another host" can be checked.
"""

import json
import sys
from urllib.parse import urlsplit

from tools.chromium import CHROMIUM
from tools.chromium import CHROMIUM_ARGS as ARGS

COLLECT = """async () => {
  await document.fonts.ready;
  await new Promise(r => setTimeout(r, 300));
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  return entries.map(e => ({url: e.name, type: e.initiatorType || 'navigation',
                            encoded: e.encodedBodySize, decoded: e.decodedBodySize,
                            transfer: e.transferSize}));
}"""


def measure(url: str) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url, wait_until="load")
        entries = page.evaluate(COLLECT)
        htmx_loaded = page.evaluate("() => typeof window.htmx === 'object'")
        browser.close()
    origin = urlsplit(url).netloc
    foreign = sorted({u for u in requests if urlsplit(u).netloc not in (origin, "")})
    return {
        "url": url,
        "encoded_bytes": sum(e["encoded"] for e in entries),
        "transfer_bytes": sum(e["transfer"] for e in entries),
        "decoded_bytes": sum(e["decoded"] for e in entries),
        "resources": entries,
        "foreign_requests": foreign,
        "htmx_loaded": htmx_loaded,
    }


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1]), ensure_ascii=False))
