"""Order candidate stories: headline matches first, then relevance, then newer.

Runs in Python over the bounded candidate set both backends return, so SQLite and
PostgreSQL order the same stories the same way (bm25 and ts_rank never agree).
Relevance is, per query term, the weight of every field the term occurs in; a
term found nowhere stronger was matched in the body or source.
"""

from .document import split_field
from .query import Term

FIELD_WEIGHTS = {"headline": 8, "lead": 4, "quotes": 2}
BODY_WEIGHT = 1


def term_in(term: Term, stems: list[str], surfaces: set[str], stem_set: set[str]) -> bool:
    if term.is_prefix:
        return any(
            token.startswith(prefix)
            for prefix in term.prefixes
            for token in (surfaces if prefix.startswith("_") else stem_set)
        )
    if term.is_phrase:
        n = len(term.stems)
        return any(tuple(stems[i : i + n]) == term.stems for i in range(len(stems) - n + 1))
    return term.stems[0] in stem_set


def rank(rows, terms: list[Term]) -> list[int]:
    """Article ids of candidate `rows` (article_id, sort_key, headline, lead, quotes), best first."""
    scored = []
    for article_id, sort_key, *fields in rows:
        found = {}
        for name, text in zip(FIELD_WEIGHTS, fields, strict=True):
            stems, surfaces = split_field(text or "")
            stem_set = set(stems)
            found[name] = [term_in(t, stems, surfaces, stem_set) for t in terms]
        in_headline = all(found["headline"])
        relevance = sum(
            BODY_WEIGHT + sum(weight for name, weight in FIELD_WEIGHTS.items() if found[name][i])
            for i in range(len(terms))
        )
        scored.append((not in_headline, -relevance, -sort_key, article_id))
    scored.sort()
    return [row[-1] for row in scored]
