"""Order candidate stories by BM25-style relevance; recency only breaks ties.

Runs in Python over the bounded candidate set both backends return, with document
frequencies from the index's own vocabulary table (vocabulary.py), so SQLite and
PostgreSQL order the same stories the same way (bm25() and ts_rank() never agree).

Per term: idf × saturated, length-normalized, field-weighted term frequency (BM25F)
over the short fields the candidate rows carry (headline, lead = dek + tags, quotes);
a term found in none of them was matched in the body or source and counts once there.
A term's alternatives (a typed prefix's completions, a typo's corrections, a name in
the other script) count at ALTERNATIVE_WEIGHT, so the word as typed ranks first:
exact whole-word matches above prefix matches.

Stored fields are space-separated tokens, so counting a token is counting " token "
in " field " — fast enough for a thousand candidates per keystroke.
"""

import math

from .query import Term
from .vocabulary import DOCUMENTS

# Field weights: a word in the headline says more than a word in the body.
FIELD_WEIGHTS = {"headline": 6.0, "lead": 3.0, "quotes": 1.5}
BODY_WEIGHT = 1.0
# Typical field lengths in tokens (fixed, so scores do not drift with the corpus).
AVERAGE_LENGTH = {"headline": 10, "lead": 30, "quotes": 60}
K1, B = 1.2, 0.5
ALTERNATIVE_WEIGHT = 0.5


def idf(df: int, documents: int) -> float:
    return math.log(1 + (max(documents, df) - df + 0.5) / (df + 0.5))


def rank(rows, terms: list[Term], df: dict[str, int]) -> list[int]:
    """Article ids of candidate `rows` (article_id, sort_key, headline, lead, quotes), best first."""
    documents = df.get(DOCUMENTS, 0)
    weighted = [_term_needles(term, df, documents) for term in terms]
    scored = []
    for article_id, sort_key, *fields in rows:
        padded = [f" {text or ''} " for text in fields]
        norms = [
            1 - B + B * _length(text) / AVERAGE_LENGTH[name]
            for name, text in zip(FIELD_WEIGHTS, padded, strict=True)
        ]
        score = 0.0
        for needles in weighted:
            score += _term_score(padded, norms, needles)
        # Rounded so that float noise never reorders equal scores; then newer first.
        scored.append((-round(score, 6), -sort_key, article_id))
    scored.sort()
    return [row[-1] for row in scored]


def _length(padded: str) -> int:
    """Words in a stored field: its tokens, not the "_" surface forms after them."""
    return padded.count(" ") - 1 - padded.count(" _") + padded.count(" __")


def _term_needles(term: Term, df, documents):
    """(needle, weight × idf) for each token that satisfies `term`, best first."""
    if term.is_phrase:
        rarest = min((df.get(s, 0) for s in term.stems), default=0)
        return [(f" {' '.join(term.stems)} ", idf(rarest, documents))]
    needles = [(f" {term.stems[0]} ", idf(df.get(term.stems[0], 0), documents))]
    needles += [(f" {a} ", ALTERNATIVE_WEIGHT * idf(df.get(a, 0), documents)) for a in term.alternatives]
    return needles


def _term_score(padded, norms, needles) -> float:
    best = 0.0
    for needle, weight in needles:
        tf = 0.0
        for text, norm, field_weight in zip(padded, norms, FIELD_WEIGHTS.values(), strict=True):
            if needle in text:
                tf += field_weight * text.count(needle) / norm
        best = max(best, weight * tf / (K1 + tf))
    if not best:
        # Matched, so in the body or the source, by a token we cannot tell: the least one.
        weight = min(w for _, w in needles)
        best = weight * BODY_WEIGHT / (K1 + BODY_WEIGHT)
    return best
