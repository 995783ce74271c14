"""Parse what the reader typed into search terms (PRODUCT §5, issues 5 and 14).

Several words mean all of them; text in quotes ("…", «…», “…”) is a phrase; the last
word is being typed while there is no trailing space or closing quote; at most 200
characters are read; an empty query yields no terms. Every word goes through the one
rulebook (articles.text.analysis), exactly as the index does.

Stop words are dropped from matching (a typed «الذين» need not be in the story) but
kept inside a phrase; a query of nothing but stop words is searched as a phrase.
The word being typed matches its whole stem and, from three letters on (after the
article), the index's words that begin with it — expanded through the vocabulary
(vocabulary.py) to a bounded list, so no prefix ever scans the whole index.
"""

import re
from dataclasses import dataclass

from articles.text.analysis import analyze, token, typed_prefix, words

MAX_QUERY_LENGTH = 200
MAX_TERMS = 16

_QUOTED = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')
_QUOTE_CHARS = re.compile('["«»“”]')


@dataclass(frozen=True)
class Term:
    """One required part of the query.

    `stems`: one token for a word, several in order for a phrase. `alternatives`: other
    tokens that satisfy the term too (a typed prefix's completions, a typo's
    corrections, a name in the other script), matched and ranked below the word itself.
    `word`: the folded word as typed (for corrections); `prefix`: what it may begin;
    `typing`: the word is still being typed (not corrected: it is not finished).
    """

    stems: tuple[str, ...]
    alternatives: tuple[str, ...] = ()
    word: str = ""
    prefix: str = ""
    typing: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.stems) > 1

    @property
    def is_prefix(self) -> bool:
        return bool(self.prefix)

    @property
    def tokens(self) -> tuple[str, ...]:
        """Every token that satisfies a one-word term."""
        return self.stems + self.alternatives


def trim(query: str) -> str:
    return (query or "")[:MAX_QUERY_LENGTH].strip()


def parse(query: str) -> list[Term]:
    """The terms of `query`, before any expansion (see vocabulary.expand)."""
    raw = query or ""
    if len(raw) > MAX_QUERY_LENGTH:
        # Cut at a word's end: a word cut in two is neither what was typed nor a prefix.
        cut = raw[: MAX_QUERY_LENGTH + 1]
        raw = cut[: max(cut.rfind(" "), 0)] + " " if not cut[-1].isspace() else cut
    still_typing = bool(raw) and not raw[-1].isspace()
    terms: list[Term] = []
    stops: list[str] = []
    last_end = 0
    for match in _QUOTED.finditer(raw):
        _add_words(raw[last_end : match.start()], terms, stops, typing=False)
        phrase = tuple(t.term for t in analyze(match.group(match.lastindex or 1)))
        if phrase:
            terms.append(Term(stems=phrase))
        last_end = match.end()
    tail = raw[last_end:]
    typing = still_typing and bool(tail.strip()) and not _QUOTE_CHARS.search(tail.rstrip()[-1])
    _add_words(tail, terms, stops, typing=typing)
    if not terms and stops:
        terms.append(Term(stems=tuple(stops)))
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def _add_words(text: str, terms: list[Term], stops: list[str], typing: bool) -> None:
    folded = words(_QUOTE_CHARS.sub(" ", text))
    for n, word in enumerate(folded):
        token_ = token(word)
        if token_.is_stop:
            stops.append(token_.term)
            continue
        last = typing and n == len(folded) - 1
        prefix = typed_prefix(word) if last else ""
        terms.append(Term(stems=(token_.term,), word=word, prefix=prefix, typing=last))
