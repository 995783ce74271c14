"""The yardstick: the very same pages, fetched from the app, served as files by WhiteNoise.

    BENCH_STATIC_ROOT=/dir gunicorn --workers 2 bench.static_app:application

Run under the same gunicorn and worker count as the app, so the ratio app ÷ static
measures what newsroom adds on top of serving a file.
"""

import os

from whitenoise import WhiteNoise


def not_found(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"not found"]


application = WhiteNoise(not_found, root=os.environ["BENCH_STATIC_ROOT"])
