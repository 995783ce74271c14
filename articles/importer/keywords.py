"""The keyword line → weighted tags, with multi-word tags kept whole.

"كلمات دلالية: ملفات ملفات بوتين كوريا الشمالية روسيا كوريا الشمالية" gives
ملفات×2, بوتين×1, "كوريا الشمالية"×2, روسيا×1 — never "كوريا" and "الشمالية" apart.

Commas (، or ,) separate tags when present. Without them, words are grouped greedily,
longest first, when the group is a known tag (the site's vocabulary, passed in as
normalized keys) or when the phrase occurs in the article's own text.
"""

import re
from collections.abc import Container

from ..text import lexicon
from ..text.normalize import normalize, tokenize
from .parsed import ParsedTag

MAX_TAG_WORDS = 4
MAX_TAG_LENGTH = 100
# Up to this many phrase lookups search the article's text; past it the text is indexed once.
SUBSTRING_LOOKUPS = 60
_COMMA = re.compile("[،,؛;]")
_CLITICS = "وبلفك"


def parse_keywords(content: str, known_keys: Container[str] = (), article_text: str = "") -> list[ParsedTag]:
    content = content.replace("_", " ").replace("#", " ")
    if _COMMA.search(content):
        phrases = [" ".join(p.split()) for p in _COMMA.split(content)]
    else:
        phrases = _group_words(content.split(), known_keys, _TextPhrases(article_text))
    tags: dict[str, ParsedTag] = {}
    for phrase in phrases:
        phrase = phrase.strip(" .:-–•*\"'«»“”()[]")[:MAX_TAG_LENGTH].strip()
        key = normalize(phrase)
        if len(key) < 2 or not any(ch.isalnum() for ch in key):
            continue
        if key in tags:
            tags[key].weight += 1
        else:
            tags[key] = ParsedTag(name=phrase)
    return list(tags.values())


def _group_words(words: list[str], known_keys: Container[str], text_phrases: Container[str]) -> list[str]:
    phrases, i = [], 0
    while i < len(words):
        for n in range(min(MAX_TAG_WORDS, len(words) - i), 1, -1):
            candidate = " ".join(words[i : i + n])
            key = " ".join(lexicon.norm(w) for w in words[i : i + n])
            if key in known_keys or key in text_phrases:
                phrases.append(candidate)
                i += n
                break
        else:
            phrases.append(words[i])
            i += 1
    return phrases


class _TextPhrases:
    """`phrase in text_phrases`: the phrase occurs in the text as whole words, maybe behind و/ب/ل/ف/ك.

    A short keyword line searches the text; a long one (thousands of tags) puts the text's 2- to
    MAX_TAG_WORDS-word runs in a set once, so each lookup is O(1) and parsing stays linear.
    """

    def __init__(self, text: str):
        self._raw = text
        self._text: str | None = None  # tokenized, space-delimited, made on first use
        self._phrases: set[str] | None = None
        self._lookups = 0

    def __contains__(self, phrase: str) -> bool:
        if " " not in phrase:
            return False
        self._lookups += 1
        if self._phrases is None and self._lookups <= SUBSTRING_LOOKUPS:
            # A short keyword line: a few searches of the text cost less than indexing it.
            text = self._spaced()
            return f" {phrase} " in text or any(f" {c}{phrase} " in text for c in _CLITICS)
        if self._phrases is None:
            self._phrases = self._index()
        return phrase in self._phrases

    def _spaced(self) -> str:
        if self._text is None:
            self._text = " " + " ".join(tokenize(self._raw)) + " "
        return self._text

    def _index(self) -> set[str]:
        tokens = self._spaced().split()
        phrases: set[str] = set()
        for start in range(len(tokens)):
            for n in range(2, MAX_TAG_WORDS + 1):
                if start + n > len(tokens):
                    break
                run = tokens[start : start + n]
                phrases.add(" ".join(run))
                if len(run[0]) > 1 and run[0][0] in _CLITICS:
                    phrases.add(" ".join([run[0][1:], *run[1:]]))
        return phrases
