"""Inline quotes in a paragraph and who said them.

A quote is words in "…", «…» or “…” with a speaker found in the same sentence: after a
speech verb before it ("وأفاد الناطق … بأن بوتين "…""), after it ("…"، قال المدرب خالد
منصور), or carried forward ("مضيفا أن…", "وبحسب بيسكوف…", "وقال إن…"). Short quoted
words — a place, a name, a scare-quoted word like "بسرور" — are not quotes.
"""

import re
from dataclasses import dataclass

from ..text import lexicon
from .parsed import ParsedQuote
from .speakers import Person, Speakers, clean_word, speaker_phrase

_QUOTE = re.compile(r"«([^«»]+)»|“([^“”]+)[”“]|„([^„“”]+)[“”]|\"([^\"]+)\"")
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?؟](?=\s|$)")
# Fewer words than this is a name, a place or a scare-quoted word, not something said.
MIN_QUOTE_WORDS = 4
MAX_SPEAKER_WORDS = 10


@dataclass
class _Event:
    start: int
    speaker: Person | None  # None: nobody (yet)


def extract_quotes(paragraph: str, speakers: Speakers) -> list[ParsedQuote]:
    spans = [
        (m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in _QUOTE.finditer(paragraph)
    ]
    masked = _mask(paragraph, spans)
    words = [(m.start(), m.group()) for m in _WORD.finditer(masked)]
    sentence_ends = [m.start() for m in _SENTENCE_END.finditer(masked)] + [len(masked)]
    quote_starts = [s for s, _, _ in spans]

    quotes: list[ParsedQuote] = []
    events: list[_Event] = []
    for index, (pos, word) in enumerate(words):
        kind = lexicon.word_kind(clean_word(word))
        if not kind:
            continue
        if kind == "verb":
            phrase = _phrase_after(words, index, quote_starts, pos)
            events.append(_Event(pos, speakers.resolve(phrase)))
        elif kind == "continuation":
            events.append(_Event(pos, speakers.current))
        else:
            events.append(_Event(pos, _attributed(words, index, quote_starts, pos, speakers)))

    previous_end, previous_speaker = 0, None
    for start, end, inner in spans:
        text = " ".join(inner.split())
        sentence_start = max([e + 1 for e in sentence_ends if e < start], default=0)
        if previous_end < sentence_start:
            previous_speaker = None
        speaker = _speaker_before(events, max(sentence_start, previous_end), start)
        if speaker is None:
            speaker = _speaker_after(words, end, _next_end(sentence_ends, end), speakers)
        if speaker is None:
            speaker = previous_speaker
        introduced = masked[:start].rstrip().endswith(":")
        long_enough = len(text.split()) >= MIN_QUOTE_WORDS or (introduced and len(text.split()) >= 2)
        if speaker is not None and long_enough:
            quotes.append(ParsedQuote(text=text, kind="inline", speaker=speaker.name, role=speaker.role))
            speakers.current = speaker
        previous_end, previous_speaker = end, speaker
    return quotes


def _mask(paragraph: str, spans) -> str:
    chars = list(paragraph)
    for start, end, _ in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _next_end(ends: list[int], pos: int) -> int:
    return min((e for e in ends if e >= pos), default=pos)


def _phrase_after(words, index, quote_starts, verb_pos) -> str:
    """Words after a speech verb, up to a complementizer, a circumstance or a quote."""
    limit = min((q for q in quote_starts if q > verb_pos), default=10**9)
    following = [word for pos, word in words[index + 1 : index + 1 + MAX_SPEAKER_WORDS] if pos <= limit]
    return speaker_phrase(following, MAX_SPEAKER_WORDS)


def _attributed(words, index, quote_starts, pos, speakers: Speakers) -> Person | None:
    """ "بحسب بيسكوف قبل بوتين…": a known person first, else a short phrase."""
    following = [clean_word(w) for _, w in words[index + 1 : index + 4]]
    for n in (3, 2, 1):
        person = speakers.by_name(" ".join(following[:n])) if following[:n] else None
        if person:
            speakers.current = person
            return person
    phrase = " ".join(_phrase_after(words, index, quote_starts, pos).split()[:3])
    return speakers.resolve(phrase) if phrase else None


def _speaker_before(events: list[_Event], since: int, until: int) -> Person | None:
    found = [e for e in events if since <= e.start < until]
    return found[-1].speaker if found else None


def _speaker_after(words, quote_end: int, sentence_end: int, speakers: Speakers) -> Person | None:
    """ "…"، قال المدرب خالد منصور." or "…"، على حد تعبير قائد الفريق …": among the first words after."""
    after = [i for i, (pos, _) in enumerate(words) if quote_end <= pos <= sentence_end]
    for index in after[:4]:
        kind = lexicon.word_kind(clean_word(words[index][1]))
        if kind in ("verb", "attribution"):
            return speakers.resolve(_phrase_after(words, index, [], -1))
    return None
