"""Headline-shaped lines: telling them from sentences, deriving one, splitting run-together ones."""

import re
from collections.abc import Container

from ..text import lexicon
from ..text.normalize import normalize

MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 250
DERIVED_HEADLINE_CHARS = 110
# A run of related headlines is at least this long; shorter lines are crossheads.
MIN_BOX_WORDS = 6
MIN_PART_WORDS = 4
BREAK_THRESHOLD = 1.4
# Run-together boxes are a few headlines long; a longer line is prose and is left whole.
MAX_RUN_TOGETHER_WORDS = 4 * MAX_HEADLINE_WORDS
_TRAILING_QUOTES = "\"'«»“”) "
_SENTENCE = re.compile(r"(.+?[.!?؟…])(?=\s|$)", re.S)


def ends_sentence(line: str) -> bool:
    line = line.rstrip(_TRAILING_QUOTES)
    return bool(line) and (line[-1] in lexicon.SENTENCE_END or line[-1] in ":：")


def is_headline_line(line: str) -> bool:
    """Short, has letters, and does not end a sentence (nor introduce one with a colon)."""
    words = line.split()
    return (
        0 < len(words) <= MAX_HEADLINE_WORDS
        and len(line) <= MAX_HEADLINE_CHARS
        and not ends_sentence(line)
        and any(ch.isalpha() for ch in line)
    )


def derive_headline(paragraph: str) -> str:
    """The lead sentence, cut at a word boundary when long."""
    match = _SENTENCE.match(paragraph.strip())
    sentence = (match.group(1) if match else paragraph).strip()
    sentence = sentence.rstrip(".!?؟… ")
    if not any(ch.isalnum() for ch in sentence):
        sentence = paragraph.strip()
    if len(sentence) <= DERIVED_HEADLINE_CHARS:
        return sentence
    words, kept = sentence.split(), []
    for word in words:
        if len(" ".join([*kept, word])) > DERIVED_HEADLINE_CHARS:
            break
        kept.append(word)
    if not kept:  # one enormous "word"
        return sentence[:DERIVED_HEADLINE_CHARS] + "…"
    # Never end on "في" or "و" or a comma: the cut must read as a phrase.
    while len(kept) > 1 and normalize(kept[-1].strip("،,:؛-")) in lexicon.FUNCTION_WORDS:
        kept.pop()
    return " ".join(kept).rstrip("،,:؛-–— ") + "…"


def split_run_together(line: str, known: Container[str] = ()) -> list[str]:
    """ "أولمبياد 2024 .. لاعبة … السباحة الحرة أستراليا تفرض عقوبات …" → two headlines.

    Scraped boxes of related links lose the breaks between headlines. A break is likely
    where a phrase can end (not after a preposition), the next words open a nominal
    sentence (a subject then a present-tense verb: "أستراليا تفرض"), and a name is
    repeated; a known headline on either side settles it.
    """
    words = line.split()
    if len(words) > MAX_RUN_TOGETHER_WORDS:
        return [line]  # a paragraph, not a box of headlines: never split (and never quadratic)
    return [" ".join(part) for part in _split(words, known)]


def _split(words: list[str], known: Container[str]) -> list[list[str]]:
    # content[i]: content words among words[:i], so each part's count is one subtraction.
    content = [0]
    for word in words:
        content.append(content[-1] + _is_content(word))
    best, best_score = None, BREAK_THRESHOLD
    for i in range(1, len(words)):
        if content[i] < MIN_PART_WORDS or content[-1] - content[i] < MIN_PART_WORDS:
            continue
        score = _break_score(words, i, known)
        if score > best_score:
            best, best_score = i, score
    if best is None:
        return [words]
    return _split(words[:best], known) + _split(words[best:], known)


def _is_content(word: str) -> int:
    return int(any(ch.isalnum() for ch in word) and lexicon.norm(word) not in lexicon.FUNCTION_WORDS)


def _break_score(words: list[str], i: int, known: Container[str]) -> float:
    left, right = words[max(0, i - MAX_HEADLINE_WORDS) : i], words[i : i + MAX_HEADLINE_WORDS]
    if known and (
        (i <= MAX_HEADLINE_WORDS and normalize(" ".join(left)) in known)
        or (len(words) - i <= MAX_HEADLINE_WORDS and normalize(" ".join(right)) in known)
    ):
        return 10.0
    prev, cur = lexicon.norm(words[i - 1].strip("،,:")), lexicon.norm(words[i])
    if prev in lexicon.FUNCTION_WORDS or cur in lexicon.FUNCTION_WORDS or not cur[:1].isalnum():
        return float("-inf")
    if cur.startswith(("وال", "فال")) or prev.endswith(("..", ":")) or words[i - 1] in {"..", "-", "–"}:
        return float("-inf")
    score = 0.0
    following = lexicon.norm(words[i + 1]) if i + 1 < len(words) else ""
    if _looks_present_verb(following):
        score += 1.5
    if lexicon.has_article(words[i - 1]) or prev.isdigit():
        score += 0.5
    bare = cur[2:] if cur.startswith("ال") else cur
    if len(bare) >= 3 and any(bare in lexicon.norm(w) for w in left):
        score += 1.0
    if words[i].endswith(":"):
        score += 1.0
    return score


def _looks_present_verb(word: str) -> bool:
    return len(word) >= 4 and word[0] in "يتن" and not word.startswith("ال")
