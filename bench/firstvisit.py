"""Bytes a first visit to a story page downloads, as Chromium fetches them.

    python -m bench.firstvisit http://127.0.0.1:8201/news/1/slug/
    python -m bench.firstvisit --phone http://127.0.0.1:8201/news/1/slug/

A fresh browser profile loads the page and waits for its fonts and its lead image; the
Resource Timing entries give each response's compressed body size (encodedBodySize) and
size on the wire (transferSize, headers included). Prints one JSON object, including every
URL fetched, so "no request to another host" can be checked, and the lead image apart:
the rendition the browser picked (`lead_image`) and everything else
(`encoded_bytes_without_lead_image`; budget: 100 KB plus the lead image, the lead image
60 KB on a phone). `--phone` is a 390×844 screen at 3× (the density that picks the
largest phone rendition); the default is a 1280×720 desktop at 1×.
"""

import argparse
import json
from urllib.parse import urlsplit

from tools.chromium import CHROMIUM
from tools.chromium import CHROMIUM_ARGS as ARGS

COLLECT = """async () => {
  await document.fonts.ready;
  const lead = document.querySelector('.lead-image img');
  if (lead && !lead.complete) await new Promise(r => lead.addEventListener('load', r, {once: true}));
  await new Promise(r => setTimeout(r, 300));
  const entries = [...performance.getEntriesByType('navigation'),
                   ...performance.getEntriesByType('resource')];
  return entries.map(e => ({url: e.name, type: e.initiatorType || 'navigation',
                            encoded: e.encodedBodySize, decoded: e.decodedBodySize,
                            transfer: e.transferSize}));
}"""


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 720}, "device_scale_factor": 1}


def measure(url: str, phone: bool = False) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_context(**(PHONE if phone else DESKTOP)).new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url, wait_until="load")
        entries = page.evaluate(COLLECT)
        htmx_loaded = page.evaluate("() => typeof window.htmx === 'object'")
        lead_src = page.evaluate("() => document.querySelector('.lead-image img')?.currentSrc || ''")
        browser.close()
    origin = urlsplit(url).netloc
    foreign = sorted({u for u in requests if urlsplit(u).netloc not in (origin, "")})
    lead = next((e for e in entries if lead_src and e["url"] == lead_src), None)
    encoded = sum(e["encoded"] for e in entries)
    return {
        "url": url,
        "screen": "phone 390x844 @3x" if phone else "desktop 1280x720 @1x",
        "lead_image": {"url": lead_src, "encoded_bytes": lead["encoded"]} if lead else None,
        "encoded_bytes_without_lead_image": encoded - (lead["encoded"] if lead else 0),
        "encoded_bytes": encoded,
        "transfer_bytes": sum(e["transfer"] for e in entries),
        "decoded_bytes": sum(e["decoded"] for e in entries),
        "resources": entries,
        "foreign_requests": foreign,
        "htmx_loaded": htmx_loaded,
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url")
    parser.add_argument("--phone", action="store_true", help="a 390 px phone at 3x instead of a desktop")
    args = parser.parse_args()
    print(json.dumps(measure(args.url, phone=args.phone), ensure_ascii=False))
