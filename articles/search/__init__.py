"""Search over published stories (PRODUCT §5).

TEMPORARY: a naive headline/body `icontains` placeholder with the final interface,
so the reader can be built in parallel. The search issue replaces the internals
with the FTS5 / PostgreSQL index; callers keep calling these three functions.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def search_ids(query: str, *, limit: int = 1000) -> list[int]:
    """Ids of published stories matching `query`, best first."""
    from django.db.models import Q

    from articles.models import Article

    query = (query or "").strip()[:200]
    if not query:
        return []
    qs = Article.objects.published().filter(Q(headline__icontains=query) | Q(body__icontains=query))
    return list(qs.values_list("id", flat=True)[:limit])


def highlight(text: str, query: str) -> SafeString:
    """`text` escaped, with whole words matching `query` wrapped in <mark>."""
    return mark_safe(escape(text))  # noqa: S308 (escaped above)


def snippet(text: str, query: str, length: int = 200) -> SafeString:
    """A short escaped passage of `text` around the first match, highlighted."""
    return highlight(text[:length], query)
