"""Forgiveness: the words a reader meant, when what they typed finds (almost) nothing.

Only asked when the exact query finds nothing (fewer than FEW stories), so exact queries lose no
precision. For each word the index (nearly) lacks:

- a one-letter typo or a common confusion (ض/ظ, hamza seats, a missing or swapped
  letter): the word's one-edit neighbourhood (analysis.edits) is stemmed and looked
  up in the vocabulary at once; confusions first, then the most frequent tokens;
- a name in the other script (Putin ↔ بوتين, from our speakers, tags and sources):
  the names sharing its consonant skeleton (vocabulary.names).

Corrections become alternatives of the word's term, ranked below the word itself.
"""

from dataclasses import replace

from articles.text.analysis import edits, is_arabic, token

from . import vocabulary
from .query import Term

FEW = 1
# Only a word no story holds is corrected: a word the index knows is kept as typed,
# so corrections never widen the other words of the query.
RARE = 0
MIN_TYPO_LETTERS = 4
CORRECTIONS = 3


def corrected(cursor, terms: list[Term], df: dict[str, int]) -> list[Term] | None:
    """`terms` with corrections added as alternatives, or None when there is none."""
    out, changed = [], False
    for term in terms:
        if term.is_phrase or term.typing or not term.word or df.get(term.stems[0], 0) > RARE:
            out.append(term)
            continue
        extra = _typo_corrections(cursor, term) + vocabulary.names(cursor, term.word)
        extra = [t for t in dict.fromkeys(extra) if t not in term.tokens]
        if extra:
            changed = True
            term = replace(term, alternatives=term.alternatives + tuple(extra))
        out.append(term)
    return out if changed else None


def _typo_corrections(cursor, term: Term) -> list[str]:
    word = term.word.replace("ى", "ي")
    if not is_arabic(word) or len(word) < MIN_TYPO_LETTERS:
        return []
    confused, near = edits(word)
    own = term.stems[0]
    confused_terms = {t for w in confused if not (t := token(w).term).startswith("_")} - {own}
    near_terms = {t for w in near if not (t := token(w).term).startswith("_")} - {own} - confused_terms
    df = vocabulary.frequencies(cursor, confused_terms | near_terms)
    best = sorted((t for t in confused_terms if df[t] > 0), key=lambda t: (-df[t], t))
    best += sorted((t for t in near_terms if df[t] > 0), key=lambda t: (-df[t], t))
    return best[:CORRECTIONS]
