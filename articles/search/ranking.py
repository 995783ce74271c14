"""Order candidate stories: headline matches first, then relevance, then newer.

Runs in Python over the bounded candidate set both backends return, so SQLite and
PostgreSQL order the same stories the same way (bm25 and ts_rank never agree).
Relevance is, per query term, the weight of every field the term occurs in; a
term found nowhere stronger was matched in the body or source.

Stored fields are space-separated tokens (stems in order, then "_" surface forms),
so "the field has this token / a token starting so / these stems in a row" are plain
substring tests on " field " — fast enough for a thousand candidates per keystroke.
"""

from .query import Term

FIELD_WEIGHTS = {"headline": 8, "lead": 4, "quotes": 2}
BODY_WEIGHT = 1


def needles(term: Term) -> tuple[str, ...]:
    """Substrings of " field " that mean the term occurs in the field (any one suffices)."""
    if term.is_prefix:
        return (f" {term.stems[0]} ", *(f" {prefix}" for prefix in term.prefixes))
    return (f" {' '.join(term.stems)} ",)


def term_in(field: str, term_needles: tuple[str, ...]) -> bool:
    return any(needle in field for needle in term_needles)


def rank(rows, terms: list[Term]) -> list[int]:
    """Article ids of candidate `rows` (article_id, sort_key, headline, lead, quotes), best first."""
    all_needles = [needles(t) for t in terms]
    scored = []
    for article_id, sort_key, *fields in rows:
        padded = [f" {text or ''} " for text in fields]
        in_headline = True
        relevance = 0
        for term_needles in all_needles:
            relevance += BODY_WEIGHT
            for field, weight in zip(padded, FIELD_WEIGHTS.values(), strict=True):
                if term_in(field, term_needles):
                    relevance += weight
                elif weight == FIELD_WEIGHTS["headline"]:
                    in_headline = False
        scored.append((not in_headline, -relevance, -sort_key, article_id))
    scored.sort()
    return [row[-1] for row in scored]
