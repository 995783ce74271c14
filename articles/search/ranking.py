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


# With more needles than this, a row's tokens are read into a set once (a prefix's
# completions); with fewer, each needle is looked for in the row's text directly.
SET_AFTER = 6


def rank(rows, terms: list[Term], df: dict[str, int]) -> list[int]:
    """Article ids of candidate `rows` (article_id, sort_key, headline, lead, quotes), best first."""
    documents = df.get(DOCUMENTS, 0)
    weighted = [_term_needles(term, df, documents) for term in terms]
    use_set = sum(len(needles) for needles, _ in weighted) > SET_AFTER
    fields = list(FIELD_WEIGHTS.items())
    scored = []
    for article_id, sort_key, *texts in rows:
        padded = [f" {text or ''} " for text in texts]
        # Fields are joined with two spaces: a " needle " never spans two of them.
        joined = "".join(padded)
        present = set(joined.split()) if use_set else None
        scales = None
        score = 0.0
        for needles, fallback in weighted:
            best = 0.0
            for first, needle, weight in needles:
                if (first not in present) if use_set else (needle not in joined):
                    continue
                if scales is None:  # only for rows where some needle is in a short field
                    scales = [
                        weight_ / (1 - B + B * _length(text) / AVERAGE_LENGTH[name])
                        for (name, weight_), text in zip(fields, padded, strict=True)
                    ]
                tf = 0.0
                for text, scale in zip(padded, scales, strict=True):
                    if needle in text:
                        tf += scale * text.count(needle)
                if tf:
                    best = max(best, weight * tf / (K1 + tf))
            score += best or fallback
        # Rounded so that float noise never reorders equal scores; then newer first.
        scored.append((-round(score, 6), -sort_key, article_id))
    scored.sort()
    return [row[-1] for row in scored]


def _length(padded: str) -> int:
    """Words in a stored field: its tokens, not the "_" surface forms after them."""
    return padded.count(" ") - 1 - padded.count(" _") + padded.count(" __")


def _term_needles(term: Term, df, documents):
    """([(first token, " needle ", weight × idf)], body-only score) for one term, best first."""
    if term.is_phrase:
        rarest = min((df.get(s, 0) for s in term.stems), default=0)
        needles = [(term.stems[0], f" {' '.join(term.stems)} ", idf(rarest, documents))]
    else:
        tokens = [(term.stems[0], 1.0), *((a, ALTERNATIVE_WEIGHT) for a in term.alternatives)]
        needles = [(t, f" {t} ", w * idf(df.get(t, 0), documents)) for t, w in tokens]
    # Matched, but in none of the short fields: in the body or the source, by a token we
    # cannot tell (a prefix's completions): count the least of them.
    fallback = min(w for _, _, w in needles) * BODY_WEIGHT / (K1 + BODY_WEIGHT)
    return needles, fallback
