"""How newsroom starts Debian's Chromium (tests, screenshots, benchmarks).

The background-networking flags matter here: without them Chromium keeps trying
hosts this machine cannot reach.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
