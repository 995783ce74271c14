"""Purging shared caches: an `xkey` purge to every Varnish in VARNISH_PURGE_HOSTS.

`PURGE /` with the keys in `xkey-purge` (deploy/varnish/newsroom.vcl answers it for
hosts in its `purgers` ACL). A Varnish that does not answer is logged and skipped:
an editor's save never fails because a cache is down — its pages expire after
PAGE_CACHE_SECONDS anyway.
"""

import http.client
import logging
import os

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2.0
# Keys per request: a header line stays well under Varnish's 8 KB limit.
KEYS_PER_REQUEST = 200


def hosts() -> list[tuple[str, int]]:
    configured = getattr(settings, "VARNISH_PURGE_HOSTS", None)
    if configured is None:
        configured = os.environ.get("VARNISH_PURGE_HOSTS", "")
    if isinstance(configured, str):
        configured = [item.strip() for item in configured.split(",") if item.strip()]
    found = []
    for item in configured:
        host, _, port = item.rpartition(":")
        if not host or not port.isdigit():
            logger.error("VARNISH_PURGE_HOSTS: %r is not host:port", item)
            continue
        found.append((host.strip("[]"), int(port)))
    return found


def purge(keys) -> int:
    """Purge `keys` from every configured Varnish; the number of hosts that failed."""
    keys = sorted(keys)
    failed = 0
    for host, port in hosts():
        for start in range(0, len(keys), KEYS_PER_REQUEST):
            batch = " ".join(keys[start : start + KEYS_PER_REQUEST])
            connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT_SECONDS)
            try:
                connection.request("PURGE", "/", headers={"xkey-purge": batch})
                answer = connection.getresponse()
                answer.read()
                if answer.status != 200:
                    raise OSError(f"HTTP {answer.status} {answer.reason}")
            except (OSError, http.client.HTTPException) as error:
                logger.warning("Varnish purge of %s:%s failed: %s", host, port, error)
                failed += 1
                break
            finally:
                connection.close()
    return failed
