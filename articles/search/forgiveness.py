"""Forgiveness: the words a reader meant, when what they typed finds (almost) nothing.

Only asked when the exact query finds nothing (fewer than FEW stories), so exact queries lose no
precision. For each word the index lacks (a word being typed: only when no indexed word
begins with it either):

- a one-letter typo or a common confusion (ض/ظ, hamza seats, a missing or swapped
  letter): the word's one-edit neighbourhood (analysis.edits) is stemmed and looked
  up in the vocabulary at once; confusions first, then the most frequent tokens;
- a name in the other script (Putin ↔ بوتين, from our speakers, tags and sources):
  the names sharing its consonant skeleton (vocabulary.names).

Corrections become alternatives of the word's term, ranked below the word itself, and
are reported (Correction) so the results page can offer «هل تقصد» (suggestion.py).
Also, when the query did find stories, a rare word whose one-confusion neighbour is far
better known (ض/ظ, ت/ط… spelled the other way) is reported, without changing the results.
"""

from dataclasses import dataclass, replace

from articles.text.analysis import edits, is_arabic, strip_article, token

from . import vocabulary
from .query import Term

FEW = 1
# Only a word no story holds is corrected: a word the index knows is kept as typed,
# so corrections never widen the other words of the query.
RARE = 0
MIN_TYPO_LETTERS = 4
CORRECTIONS = 3
# "Better known": a word in at most KNOWN_RARE stories, a confusion in KNOWN_RATIO
# times as many (and at least KNOWN_MIN).
KNOWN_RARE = 2
KNOWN_RATIO = 10
KNOWN_MIN = 20


@dataclass(frozen=True)
class Correction:
    """What one typed word (folded, as Term.word) may have meant, best first.

    `options`: (token, word) pairs — the token searched, and the folded word it comes
    from when it is one edit from the typed word ("" for a name in the other script).
    """

    word: str
    options: tuple[tuple[str, str], ...]


def corrected(cursor, terms: list[Term], df: dict[str, int]) -> tuple[list[Term], list[Correction]] | None:
    """`terms` with corrections added as alternatives, and the corrections; None when there is none."""
    out, corrections = [], []
    for term in terms:
        # A word still being typed is corrected only when nothing begins with it either:
        # the search box sends what was typed without a trailing space.
        # Nor when its letters after the article are too few to complete («الله» is «ال» +
        # «له»): correcting it would reach words that merely look alike («اللهجة»).
        unfinished = term.typing and (
            term.alternatives or len(strip_article(term.word, min_rest=1)) < MIN_TYPO_LETTERS
        )
        if term.is_phrase or unfinished or not term.word or df.get(term.stems[0], 0) > RARE:
            out.append(term)
            continue
        seen, options = set(term.tokens), []
        for t, w in _typo_corrections(cursor, term) + [(t, "") for t in vocabulary.names(cursor, term.word)]:
            if t not in seen:
                seen.add(t)
                options.append((t, w))
        if options:
            corrections.append(Correction(term.word, tuple(options)))
            term = replace(term, alternatives=term.alternatives + tuple(t for t, _ in options))
        out.append(term)
    return (out, corrections) if corrections else None


def better_known(cursor, terms: list[Term], df: dict[str, int]) -> list[Correction]:
    """Rare typed words whose one-confusion spelling is far better known (results unchanged)."""
    found = []
    for term in terms:
        own = df.get(term.stems[0], 0) if term.stems else 0
        if term.is_phrase or not term.word or not 0 < own <= KNOWN_RARE:
            continue
        word = term.word.replace("ى", "ي")
        if not is_arabic(word) or len(word) < MIN_TYPO_LETTERS:
            continue
        confused, _ = edits(word)
        by_token = _tokens_of(confused, term.stems[0])
        counts = vocabulary.frequencies(cursor, by_token)
        best = max(by_token, key=lambda t: (counts[t], t), default=None)
        if best is not None and counts[best] >= max(KNOWN_MIN, KNOWN_RATIO * own):
            found.append(Correction(term.word, ((best, by_token[best]),)))
    return found


def _tokens_of(words, own: str) -> dict[str, str]:
    """{token: the first word (sorted) it comes from}, for the words that are searchable."""
    out: dict[str, str] = {}
    for w in sorted(words):
        t = token(w).term
        if not t.startswith("_") and t != own:
            out.setdefault(t, w)
    return out


def _typo_corrections(cursor, term: Term) -> list[tuple[str, str]]:
    word = term.word.replace("ى", "ي")
    if not is_arabic(word) or len(word) < MIN_TYPO_LETTERS:
        return []
    confused, near = edits(word)
    own = term.stems[0]
    confused_terms = _tokens_of(confused, own)
    near_terms = {t: w for t, w in _tokens_of(near, own).items() if t not in confused_terms}
    df = vocabulary.frequencies(cursor, confused_terms.keys() | near_terms.keys())
    best = sorted((t for t in confused_terms if df[t] > 0), key=lambda t: (-df[t], t))
    best += sorted((t for t in near_terms if df[t] > 0), key=lambda t: (-df[t], t))
    words = confused_terms | near_terms
    return [(t, words[t]) for t in best[:CORRECTIONS]]
