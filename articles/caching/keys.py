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
- `lt<pk>`  a tag's lists only (its page, its feed, the home list filtered by it): a
  story joining or leaving it purges these, not every story page showing its name;
- `s<pk>`, `ls<pk>`  a source, and its lists: likewise;
- `lc<pk>`  a section's lists: likewise (`c<pk>` below);
- `u<pk>`, `c<pk>`  an author, a section: pages built for them;
- `lu<pk>`  an author's page of stories: a story of theirs appearing, going, moving in
  time or changing author purges it (a story page names its author with `u<pk>`);
- `stories`  the listings of all stories: home list (every filter and page), the
  main feeds — their membership or order changes when a story appears, goes, or moves
  in time (an edit that does none of these purges the story's key, not this one);
- `quotes`  speaker pages: they change when a story's quotes do, or it appears or goes;
- `anystory`  pages showing too many objects to name each (sitemaps, or past MAX_KEYS):
  every purge of a story, tag, source, author or section reaches them;
- `search`  search results (any list with a query) and their «هل تقصد»: they follow the
  search index, which the worker rewrites after a write (only these are purged then);
- `cloud`  the tag cloud (on every HTML page): purged when what it shows changes (which
  tags, their sizes), not when a count does (it shows none);
- `breaking`  the «عاجل» bar (every HTML page): purged when an editor sets or ends it;
- `menu`  the sections menu and the front page's section blocks (every HTML page):
  purged when an editor adds, renames, reorders or deletes a section.

A cacheable page that names nothing gets `DEFAULT`: any change purges it.
"""

STORIES = "stories"
QUOTES = "quotes"
ANY_STORY = "anystory"
SEARCH = "search"
CLOUD = "cloud"
MENU = "menu"
BREAKING = "breaking"
DEFAULT = (STORIES, QUOTES, ANY_STORY, CLOUD, MENU, BREAKING)
# The keys naming no one object: a page past MAX_KEYS keeps those it had.
SHARED = frozenset((*DEFAULT, SEARCH))
# Beyond this many keys a page is tagged `DEFAULT` instead (a sitemap lists 10,000 stories).
MAX_KEYS = 64


def article(pk) -> str:
    return f"a{pk}"


def page(pk) -> str:
    return f"p{pk}"


def tag(pk) -> str:
    return f"t{pk}"


def source(pk) -> str:
    return f"s{pk}"


def tag_list(pk) -> str:
    return f"lt{pk}"


def source_list(pk) -> str:
    return f"ls{pk}"


def section_list(pk) -> str:
    return f"lc{pk}"


def author(pk) -> str:
    return f"u{pk}"


def author_list(pk) -> str:
    return f"lu{pk}"


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
        own_page = {key for key in shown if key.startswith("p") and key[1:].isdigit()}
        return tuple(sorted(SHARED.intersection(shown).union(DEFAULT, own_page)))
    return tuple(sorted(shown))


def for_articles(articles) -> list[str]:
    """Keys of the stories in a list (their headline, excerpt and source appear)."""
    keys = []
    for item in articles:
        keys.append(article(item.pk))
        if getattr(item, "source_id", None):
            keys.append(source(item.source_id))
    return keys
