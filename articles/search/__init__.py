"""Search over published stories (PRODUCT §5, issues 5 and 14).

    search(query, limit=…)       Results: ids of matching published stories, best first,
                                 and the corrections made or suggested («هل تقصد»)
    search_ids(query, limit=…)   just the ids
    suggestion(query, results)   the query as the reader likely meant it, or ""
    highlight(text, query)       escaped text, matching whole words in <mark>
    snippet(text, query, length) escaped passage around the first match
    story_snippet(article, query) that passage from the dek or body, where the match is
    reindex(ids) / rebuild()     keep the index in step (plain functions: any task may call them)
    Entries.read(ids).write()    the same in two steps: read outside a write transaction, write in one

The query is analyzed by the one rulebook (articles.text.analysis), a word being
typed is completed from the index's vocabulary (bounded), both databases find
candidates in their own full-text index (FTS5 / tsvector with GIN) over the same
tokens — the newest matches plus the newest headline matches — and ranking.py orders
them by BM25 with the vocabulary's document frequencies, the same way on both. When
the exact query finds little, forgiveness.py adds typo and transliteration corrections.
"""

from dataclasses import dataclass, replace

from django.db import connection
from django.utils import timezone

from articles.text.analysis import SURFACE, is_arabic

from . import vocabulary
from .backends import backend_for
from .document import sort_key
from .forgiveness import FEW, Correction, better_known, corrected
from .highlighting import highlight, snippet, story_snippet
from .index import Entries, rebuild, reindex
from .query import Term, parse, trim
from .ranking import rank
from .suggestion import suggestion

__all__ = [
    "Entries",
    "Results",
    "highlight",
    "rebuild",
    "reindex",
    "search",
    "search_ids",
    "snippet",
    "story_snippet",
    "suggestion",
    "trim",
]

# How many of the newest matches (and, separately, newest headline matches) are ranked.
CANDIDATES = 500


@dataclass(frozen=True)
class Results:
    """Matching story ids, best first; `corrections`: typed words corrected (`corrected`
    is true: the ids include their corrections) or with a better-known spelling."""

    ids: list[int]
    corrections: tuple[Correction, ...] = ()
    corrected: bool = False


def search_ids(query: str, *, limit: int = 1000, now=None, candidates: int = CANDIDATES) -> list[int]:
    """Ids of published stories matching `query`, best first; [] for an empty query."""
    return search(query, limit=limit, now=now, candidates=candidates).ids


def search(query: str, *, limit: int = 1000, now=None, candidates: int = CANDIDATES) -> Results:
    """Published stories matching `query`, best first, and the corrections (see Results).

    `now` decides which scheduled stories are out; `candidates` bounds how many of the
    newest matches (and, separately, newest headline matches) are ranked, so a common
    word yields at most 2 × `candidates` results however many stories contain it.
    """
    terms = parse(query)
    if not terms or limit <= 0:
        return Results([])
    # The largest key a story published by `now` can have: scheduled stories stay hidden.
    now_key = sort_key(now or timezone.now(), 9_999_999)
    backend = backend_for(connection)
    wanted = max(candidates, 1)
    with connection.cursor() as cursor:
        terms = [_completed(cursor, t) for t in terms]
        df = vocabulary.frequencies(cursor, _all_tokens(terms))
        rows = backend.candidates(cursor, terms, now_key, wanted, df)
        found = rank(rows, terms, df)
        if len(found) >= FEW:
            return Results(found[:limit], tuple(better_known(cursor, terms, df)))
        if not (fixed := corrected(cursor, terms, df)):
            return Results(found[:limit])
        terms, corrections = fixed
        df = vocabulary.frequencies(cursor, _all_tokens(terms))
        rows = backend.candidates(cursor, terms, now_key, wanted, df)
        found += [pk for pk in rank(rows, terms, df) if pk not in found]
    return Results(found[:limit], tuple(corrections), corrected=True)


def _completed(cursor, term: Term) -> Term:
    """A word being typed, with the index's most frequent words it begins (bounded)."""
    if not term.is_prefix:
        return term
    prefixes = [term.prefix, SURFACE + term.prefix] if is_arabic(term.prefix) else [term.prefix]
    completions = [c for c in vocabulary.completions(cursor, prefixes) if c != term.stems[0]]
    return replace(term, alternatives=tuple(completions))


def _all_tokens(terms):
    return {t for term in terms for t in term.stems + term.alternatives}
