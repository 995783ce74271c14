"""«هل تقصد»: the query as the reader most likely meant it, as our stories spell it.

search() reports, per corrected word, what it may have meant (forgiveness.Correction).
The suggestion is the query with each such word replaced: a one-edit correction is
applied to the word as typed (so its other letters keep their hamza, ة and ى), a name
in the other script is written as the best result writes it. Of a word's options the
first one the best result holds wins (that is what the results are about); a better-
known spelling has one option and no result to ask.
"""

import unicodedata

from articles.text.analysis import WORD, analyze, fold
from articles.text.normalize import raw_words, remove_tashkeel, strip_invisible


def suggestion(query: str, results, best=None) -> str:
    """The suggested query, or "" when there is none.

    `results`: what search() returned for `query`; `best`: its first story (an object
    with headline, dek and body), which settles which correction the results are about
    and how a name is written.
    """
    if not results.corrections or (results.corrected and not results.ids):
        return ""
    held = _story_words(best) if best is not None else {}
    replacements = {}
    for correction in results.corrections:
        options = correction.options
        if held:
            options = [o for o in options if o[0] in held] or options
        term, edited = options[0]
        if edited or term in held:  # a name the best result does not write: no spelling to offer
            replacements[correction.word] = (edited, held.get(term, ""))
    suggested = _rewrite(query, replacements)
    return suggested if suggested.split() != _light(query).split() else ""


def _story_words(story) -> dict[str, str]:
    """{token: the shortest way the story writes it}, headline first."""
    written: dict[str, str] = {}
    for text in (story.headline, story.dek, story.body):
        for a, b in raw_words(text or ""):
            raw = remove_tashkeel(text[a:b])
            for found in analyze(raw):
                have = written.get(found.term)
                if have is None or len(raw) < len(have):
                    written[found.term] = raw
    return written


def _light(text: str) -> str:
    """What fold() does that keeps the letters as written: NFKC, no vowel marks."""
    return remove_tashkeel(unicodedata.normalize("NFKC", strip_invisible(text or "")))


def _rewrite(query: str, replacements: dict[str, tuple[str, str]]) -> str:
    light = _light(query)
    folded = fold(light)
    if len(folded) != len(light):  # letters that fold into two (rare Latin): show the folded query
        light = folded
    out, last = [], 0
    for match in WORD.finditer(folded):
        if match.group() not in replacements:
            continue
        edited, written = replacements[match.group()]
        typed = light[match.start() : match.end()]
        out += [light[last : match.start()], _apply(typed, match.group(), edited) if edited else written]
        last = match.end()
    out.append(light[last:])
    return " ".join("".join(out).split())


def _apply(typed: str, word: str, edited: str) -> str:
    """`typed` (the word as written, letter for letter `word` folded) with the one edit that
    turns `word` into `edited` — only the letters that differ come from `edited`."""
    word = word.replace("ى", "ي")
    if len(typed) != len(word):
        return edited
    start = 0
    while start < min(len(word), len(edited)) and word[start] == edited[start]:
        start += 1
    end = 0
    while end < min(len(word), len(edited)) - start and word[-1 - end] == edited[-1 - end]:
        end += 1
    return typed[:start] + edited[start : len(edited) - end] + typed[len(typed) - end :]
