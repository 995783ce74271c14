"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server.

Skipped with a reason only on a machine without Chromium, and never in CI (CI set):
there a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest

from tools.chromium import CHROMIUM, CHROMIUM_ARGS

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in the test thread; the database work of
# the test itself is still synchronous, so Django's async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _chromium_missing_reason():
    if Path(CHROMIUM).exists():
        return None
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing and CI is set: browser tests must run in CI")
    return f"{CHROMIUM} is not installed (Debian package 'chromium')"


# Per module, not per session: Playwright's sync API keeps an event loop running
# while it is open, and other modules may start their own Playwright.
@pytest.fixture(scope="module")
def browser():
    reason = _chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    return AXE.read_text()


def axe_violations(page, axe_source):
    """axe-core's violations on the page, as "rule: help — first targets" lines.

    Also runs `target-size` (WCAG 2.2 AA 2.5.8, off in axe's defaults, on in Lighthouse):
    a phone reader's thumb needs 24 px targets or space around them."""
    page.evaluate(axe_source)
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})"
    )
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
