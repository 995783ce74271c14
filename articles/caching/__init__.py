"""Whole-page caching for anonymous readers (issue 13, PRODUCT §7).

- `keys`: surrogate keys — what a page shows, named by the view that renders it;
- `middleware`: which requests may be served from the cache and which responses may
  be stored (with the headers a shared cache in front needs);
- `policy`: the cache key of a request (normalized query string);
- `store`: pages and purge records on Django's cache framework;
- `purge`: `purge_changed(...)`, which the write path calls: purges keys here and in
  Varnish (`varnish`); `schedule`: pages never outlive the next scheduled story.

Deployment: deploy/varnish/newsroom.vcl and the README's "Caching" section.
"""
