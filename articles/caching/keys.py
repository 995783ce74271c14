"""Surrogate keys: the names of what a cached page shows.

A view names what it rendered (`add(request, ...)`); the page cache stores the page
under those keys and sends them to shared caches (`xkey` for Varnish, `Surrogate-Key`
and `Cache-Tag` for CDNs). An edit purges only its keys (`purge.purge_changed`).

- `a<pk>`  a story as shown anywhere: every page listing it or linking it by headline
  (its card: headline, excerpt, date, source), and its own page, which shows all that too;
- `p<pk>`  a story's own page only: what the page shows and no card does (its body, its
  similar stories). The worker recomputing a story's similar stories purges `p<pk>`:
  the lists showing the story's card stay cached;
- `t<pk>`  a tag: pages showing its name or listing its stories;
- `s<pk>`  a source: likewise;
- `u<pk>`, `c<pk>`  an author, a section: pages built for them;
- `stories`  the listings of all stories: home list (every filter and page), the
  main feeds, sitemaps, speaker pages — their membership or order changes with any story;
- `search`  search results (any list with a query) and their «هل تقصد»: they follow the
  search index, which the worker rewrites after a write (only these are purged then);
- `cloud`  the tag cloud (on every HTML page);
- `breaking`  the «عاجل» bar (every HTML page): purged when an editor sets or ends it;
- `menu`  the sections menu and the front page's section blocks (every HTML page):
  purged when an editor adds, renames, reorders or deletes a section.

A cacheable page that names nothing gets `stories cloud`: any change purges it.
"""

STORIES = "stories"
SEARCH = "search"
CLOUD = "cloud"
MENU = "menu"
BREAKING = "breaking"
DEFAULT = (STORIES, CLOUD, MENU, BREAKING)
# Beyond this many keys a page is tagged `stories` instead (a sitemap lists 10,000 stories).
MAX_KEYS = 64


def article(pk) -> str:
    return f"a{pk}"


def page(pk) -> str:
    return f"p{pk}"


def tag(pk) -> str:
    return f"t{pk}"


def source(pk) -> str:
    return f"s{pk}"


def author(pk) -> str:
    return f"u{pk}"


def section(pk) -> str:
    return f"c{pk}"


def add(request, *keys):
    """Record that the response to `request` shows these objects."""
    shown = getattr(request, "surrogate_keys", None)
    if shown is None:
        shown = request.surrogate_keys = set()
    shown.update(key for key in keys if key)


def of(request) -> tuple:
    shown = getattr(request, "surrogate_keys", None)
    if not shown:
        return DEFAULT
    if len(shown) > MAX_KEYS:
        return DEFAULT
    return tuple(sorted(shown))


def for_articles(articles) -> list[str]:
    """Keys of the stories in a list (their headline, excerpt and source appear)."""
    keys = []
    for item in articles:
        keys.append(article(item.pk))
        if getattr(item, "source_id", None):
            keys.append(source(item.source_id))
    return keys
