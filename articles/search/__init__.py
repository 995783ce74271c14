"""Search over published stories (PRODUCT §5, issue 5).

    search_ids(query, limit=…)   ids of matching published stories, best first
    highlight(text, query)       escaped text, matching whole words in <mark>
    snippet(text, query, length) escaped passage around the first match
    story_snippet(article, query) that passage from the dek or body, where the match is

Both databases find candidates in their own full-text index (FTS5 / tsvector with
GIN) over the same normalized, stemmed tokens, bounded to the newest matches plus
the newest headline matches; ranking.py orders them the same way on both.
"""

from django.db import connection
from django.utils import timezone

from .backends import backend_for
from .document import sort_key
from .highlighting import highlight, snippet, story_snippet
from .index import rebuild, reindex
from .query import parse, trim
from .ranking import rank

__all__ = ["highlight", "rebuild", "reindex", "search_ids", "snippet", "story_snippet", "trim"]

# How many of the newest matches (and, separately, newest headline matches) are ranked.
CANDIDATES = 500


def search_ids(query: str, *, limit: int = 1000, now=None, candidates: int = CANDIDATES) -> list[int]:
    """Ids of published stories matching `query`, best first; [] for an empty query.

    `now` decides which scheduled stories are out; `candidates` bounds how many of the
    newest matches (and, separately, newest headline matches) are ranked, so a common
    word yields at most 2 × `candidates` results however many stories contain it.
    """
    terms = parse(query)
    if not terms or limit <= 0:
        return []
    # The largest key a story published by `now` can have: scheduled stories stay hidden.
    now_key = sort_key(now or timezone.now(), 9_999_999)
    with connection.cursor() as cursor:
        rows = backend_for(connection).candidates(cursor, terms, now_key, max(candidates, 1))
    return rank(rows, terms)[:limit]
