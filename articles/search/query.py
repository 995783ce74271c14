"""Parse what the reader typed into search terms (PRODUCT §5, issue 5 item 3).

Several words mean all of them; text in quotes ("…", «…», “…”) is a phrase; the last
word is a prefix while the reader is still typing (no trailing space or closing quote);
at most 200 characters are read; an empty query yields no terms. Every token goes
through the one rulebook (normalize + stem), exactly as the index does.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from articles.text.normalize import stem, strip_article, tokenize

MAX_QUERY_LENGTH = 200
MAX_TERMS = 16
# A prefix shorter than this matches too much to be useful; it is searched as a word.
MIN_PREFIX = 2
# Marks the surface (unstemmed) tokens stored next to the stems for prefix matching.
SURFACE = "_"

_QUOTED = re.compile(r'"([^"]*)"|«([^»]*)»|“([^”]*)”')
_QUOTE_CHARS = re.compile('["«»“”]')


@dataclass(frozen=True)
class Term:
    """One required part of the query.

    `stems` has one stem for a word, several in order for a phrase. A prefix term
    matches its stem exactly or any stored token beginning with one of `prefixes`.
    """

    stems: tuple[str, ...]
    prefixes: tuple[str, ...] = ()

    @property
    def is_phrase(self) -> bool:
        return len(self.stems) > 1

    @property
    def is_prefix(self) -> bool:
        return bool(self.prefixes)


@lru_cache(maxsize=200_000)
def surface_form(token: str) -> str:
    """How a normalized word is stored for prefix matching: without its article, marked.

    Memoized: indexing 10,000 stories asks for it two million times, for few distinct words.
    """
    return SURFACE + strip_article(token, min_rest=1)


def trim(query: str) -> str:
    return (query or "")[:MAX_QUERY_LENGTH].strip()


def parse(query: str) -> list[Term]:
    raw = (query or "")[:MAX_QUERY_LENGTH]
    terms: list[Term] = []
    still_typing = bool(raw) and not raw[-1].isspace()
    last_end = 0
    for match in _QUOTED.finditer(raw):
        terms.extend(_words(raw[last_end : match.start()]))
        phrase = [t for t in (stem(tok) for tok in _tokens(match.group(match.lastindex or 1))) if t]
        if phrase:
            terms.append(Term(stems=tuple(phrase)))
        last_end = match.end()
    tail = raw[last_end:]
    words = _words(tail)
    if words and still_typing and tail.strip() and not _QUOTE_CHARS.search(tail.rstrip()[-1]):
        words[-1] = _as_prefix(_tokens(tail)[-1])
    terms.extend(words)
    return _unique(terms)[:MAX_TERMS]


def _tokens(text: str) -> list[str]:
    return [t.strip(SURFACE) for t in tokenize(text) if t.strip(SURFACE)]


def _words(text: str) -> list[Term]:
    return [Term(stems=(stem(tok),)) for tok in _tokens(_QUOTE_CHARS.sub(" ", text))]


def _as_prefix(token: str) -> Term:
    if len(token) < MIN_PREFIX:
        return Term(stems=(stem(token),))
    # The word as typed so far (without its article) begins a stem ("المنت" -> "منتخب")
    # or a stored surface form ("بوت" -> "_بوتين": Snowball stems بوتين to وتين); a
    # finished word also matches its exact stem ("الوطني" -> "وطن"). The stem itself is
    # not a prefix: "تعلن" stems to "تعل", which would also match "تعليم".
    bare = strip_article(token, min_rest=1)
    return Term(stems=(stem(token),), prefixes=(bare, surface_form(token)))


def _unique(terms: list[Term]) -> list[Term]:
    return list(dict.fromkeys(terms))
