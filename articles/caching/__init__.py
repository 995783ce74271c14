"""Whole-page caching for anonymous readers (issue 6, PRODUCT §7).

- `version`: the content version. Every publish, edit, delete or import bumps it
  (a receiver of `articles.signals.content_changed`), and a cached page is served
  only while the version it was rendered under is still current — so no reader ever
  sees a stale story after an edit. The version record also carries the next
  scheduled publish time, so pages expire the moment a scheduled story goes live.
- `pages`: one cached response (body per content-encoding, headers, ETag) and how it
  answers a request, conditional requests (304) included.
- `middleware`: which requests may be served from the cache and which responses
  may be stored; `PageCacheMiddleware` sits first in MIDDLEWARE so a hit costs
  almost nothing.
"""
