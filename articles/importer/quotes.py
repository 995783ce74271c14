"""Quotes in an article's paragraphs and who said them.

A quote is words in "…", «…» or “…” (quoted names inside a quote stay in it), or the
unquoted rest of a paragraph after "وقال X:". Its speaker is found in the same sentence:
after a speech verb before it ("وأفاد الناطق … بأن بوتين "…""), after it ("…"، قال المدرب
خالد منصور), or carried forward ("مضيفا أن…", "وبحسب بيسكوف…", "وقال إن…"). A quote whose
speaker is not certain is kept with the speaker unknown and a warning — never given to the
nearest name. Short quoted words — a place, a name, a title after "فيلم"/"حملة", a hashtag —
are not quotes.

Everything here is one pass over each paragraph (positions found by bisection), so a
200 KB paste with thousands of quote marks parses in linear time.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..kinds import QUOTE_BLOCK, QUOTE_INLINE
from ..text import lexicon
from ..text.normalize import remove_tashkeel, tokenize
from . import parsed as p
from .parsed import ParsedQuote
from .speakers import Person, Speakers, clean_word, speaker_phrase, split_role_and_name

_WORD = re.compile(r"\S+")
# A stop after a one-letter word is an abbreviation ("د. فراس إلياس"), not a sentence end.
_SENTENCE_END = re.compile(r"(?<!\s\S)[.!?؟](?=\s|$)")
_CLOSERS = {"«": "»", "“": "”", "„": "”"}
_REVERSED = {"»": "«", "”": "“"}
_STRAIGHT = '"'
_QUOTE_MARK = re.compile('[«»“”„"]')
_OPEN_SIDE = " \t\n([{:،,؛;—–-"
_CLOSE_SIDE = " \t\n)]}.,،:;؛!?؟…—–-"
# Fewer words than this is a name, a place or a scare-quoted word, not something said.
MIN_QUOTE_WORDS = 4
MAX_SPEAKER_WORDS = 14
# A quote is attributed by a speaker named at most this many words after it.
MAX_WORDS_TO_SPEAKER_AFTER = 4


@dataclass
class _Event:
    start: int
    speaker: Person | None  # None: nobody (yet), or nobody we can be sure of
    relative: bool = False  # "… الذي قال": someone named in the sentence spoke, not its subject
    carried: bool = False  # "وأضاف" with no subject: the speaker is carried over from before


def quote_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of each outermost quote, in order, in one pass.

    Marks are paired with a stack, so «… «name» …» and "… "name" …" stay one quote. A
    straight " opens when a word follows it and closes when one precedes it; when both or
    neither do, it closes an open quote or else opens one. A quote never closed is dropped,
    and the quotes inside it count as outermost.
    """
    stack: list[tuple[str, int]] = []  # (expected closer, position of the opener)
    pairs: list[tuple[int, int]] = []
    for mark in _QUOTE_MARK.finditer(text):  # the marks only: a paragraph is mostly letters
        pos, ch = mark.start(), mark.group()
        if ch in "“«" and stack and stack[-1][0] == ch:
            pairs.append((stack.pop()[1], pos))  # ”…“, »…«: a pair typed the other way round (RTL)
        elif ch in _CLOSERS:
            if ch == "“" and stack and stack[-1][0] == "”" and _closes(text, pos):
                pairs.append((stack.pop()[1], pos))  # “…“ used as a closer
            else:
                stack.append((_CLOSERS[ch], pos))
        elif ch in "»”":
            depth = _find_opener(stack, ch)
            if depth is not None:
                opener = stack[depth][1]
                del stack[depth:]
                pairs.append((opener, pos))
            elif pos == 0 or text[pos - 1] in _OPEN_SIDE:
                stack.append((_REVERSED[ch], pos))  # "قال :» …«": opens, closed the other way round
        elif ch == _STRAIGHT:
            opens, closes = _opens(text, pos), _closes(text, pos)
            top_straight = _find_opener(stack, _STRAIGHT)
            if top_straight is not None and (closes or not opens):
                opener = stack[top_straight][1]
                del stack[top_straight:]
                pairs.append((opener, pos))
            else:
                stack.append((_STRAIGHT, pos))
    pairs.sort()
    spans: list[tuple[int, int, str]] = []
    outer_end = -1
    for start, end in pairs:
        if start < outer_end:
            continue  # inside an outer quote
        spans.append((start, end + 1, text[start + 1 : end]))
        outer_end = end
    return spans


def _find_opener(stack, closer: str) -> int | None:
    for depth in range(len(stack) - 1, max(-1, len(stack) - 4), -1):
        if stack[depth][0] == closer:
            return depth
    return None


def _opens(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (before in _OPEN_SIDE or before in "وبلفك" or before == "ـ") and after not in " \t\n"


def _closes(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return before not in " \t\n" and (after in _CLOSE_SIDE)


def _quote_words(text: str) -> int:
    """Words said: hashtags, @handles, links and spelled-out letters ("آي سي آي أس") do not count."""
    return sum(
        1
        for w in text.split()
        if w[0] not in "#@"
        and "://" not in w
        and any(c.isalpha() for c in w)
        and remove_tashkeel(clean_word(w)) not in lexicon.SPELLED_LETTERS
    )


def extract_quotes(paragraph: str, speakers: Speakers) -> list[ParsedQuote]:
    spans = quote_spans(paragraph)
    masked = _mask(paragraph, spans)
    words = [(m.start(), m.group()) for m in _WORD.finditer(masked)]
    word_starts = [pos for pos, _ in words]
    sentence_ends = [m.start() for m in _SENTENCE_END.finditer(masked)] + [len(masked)]
    quote_starts = [s for s, _, _ in spans]

    events = _events(words, sentence_ends, quote_starts, speakers)
    event_starts = [e.start for e in events]

    quotes: list[ParsedQuote] = []
    previous_end, previous_speaker, previous_sentence = 0, None, -1
    standalone = len(spans) == 1 and not masked.strip(" .،,:؛!?؟…-–—")
    for start, end, inner in spans:
        text = " ".join(inner.split())
        sentence = bisect_left(sentence_ends, start)
        sentence_start = sentence_ends[sentence - 1] + 1 if sentence else 0
        introduced = _last_char_before(masked, start) in ":："
        if not introduced and _names_a_title(words, word_starts, start):
            continue
        count = _quote_words(text)
        if count < MIN_QUOTE_WORDS and not (introduced and count >= 1):
            continue  # a quoted name: the speaker named before it still speaks after it
        since = max(sentence_start, previous_end)
        k = bisect_left(event_starts, start)
        speaker = events[k - 1].speaker if k and event_starts[k - 1] >= since else None
        found_event = bool(k and event_starts[k - 1] >= since)
        if found_event and events[k - 1].carried and _speaks_of(text, speaker):
            speaker = None  # "وقال: "لقد تم نقل الطالب…"" after a sentence about the student
        warning = ""
        if not found_event:
            speaker, found_event = _speaker_after(words, word_starts, end, sentence_ends, speakers)
        if not found_event and previous_sentence == sentence and previous_speaker is not None:
            if not masked[previous_end:start].strip(" و،,"):
                speaker, found_event = previous_speaker, True  # "أشعر بالقلق" و"لا أحب…"
        if not found_event and standalone and ends_or_long(text):
            speaker = speakers.recent()  # a paragraph that is only a quote: the speaker so far
            warning = p.SPEAKER_UNCERTAIN if speaker is not None else ""
        if speaker is None and count < MIN_QUOTE_WORDS:
            continue  # a word or two nobody is said to have said
        quotes.append(_quote(text, speaker, warning))
        if speaker is not None:
            speakers.set_current(speaker)
        previous_end, previous_speaker, previous_sentence = end, speaker, sentence
    if not spans:
        quotes.extend(_colon_statement(paragraph, words, events))
    return quotes


def _last_char_before(text: str, pos: int) -> str:
    """The last non-space character before `pos`, looking back a few characters only."""
    for k in range(pos - 1, max(-1, pos - 8), -1):
        if not text[k].isspace():
            return text[k]
    return ""


def ends_or_long(text: str) -> bool:
    """A quoted crosshead ("احتلال عفرين نقطة تحول") is short and ends no sentence."""
    return text.rstrip()[-1:] in ".!?؟…" or len(text.split()) >= 8


def _quote(text: str, speaker: Person | None, warning: str = "", kind: str = QUOTE_INLINE) -> ParsedQuote:
    if speaker is None or not (speaker.name or speaker.role):
        return ParsedQuote(text=text, kind=kind, warning=p.SPEAKER_UNKNOWN)
    return ParsedQuote(text=text, kind=kind, speaker=speaker.name, role=speaker.role, warning=warning)


def _events(words, sentence_ends, quote_starts, speakers: Speakers) -> list[_Event]:
    """Speech verbs, participles and attributions in the order they occur, with their speakers."""
    events: list[_Event] = []
    sentence = sentence_first = -1
    sentence_event: _Event | None = None
    for index, (pos, word) in enumerate(words):
        current_sentence = bisect_left(sentence_ends, pos)
        if current_sentence != sentence:
            sentence, sentence_event, sentence_first = current_sentence, None, index
            following = [w for q, w in words[index : index + 12] if q < sentence_ends[sentence]]
            speakers.note_sentence(following)
        elif index and words[index - 1][1].endswith("،") and lexicon.norm(word) in _BUT:
            # "…، لكن ولاء تشرح أن…": a new clause with its own subject.
            speakers.note_sentence([w for q, w in words[index : index + 12] if q < sentence_ends[sentence]])
        cleaned = clean_word(word)
        kind = lexicon.word_kind(cleaned)
        if not kind:
            continue
        if kind == "verb":
            gender = lexicon.speech_verb_gender(cleaned)
            previous = clean_word(words[index - 1][1]) if index else ""
            phrase = _phrase_after(words, index, quote_starts, pos)  # "" for "he/she said"
            if lexicon.norm(previous) in _RELATIVES:
                # "الأمير خالد بن سلمان، الذي قال إن…": the person just named.
                event = _Event(pos, _named_before(words, index, speakers), relative=True)
            elif _verb_of_a_noun(words, index, cleaned) and not phrase:
                # "تقرير استخباري صدر مؤخرا قال «…»": the noun before it speaks, named by nobody.
                event = _Event(pos, None)
            elif (
                sentence_event is not None
                and sentence_event.speaker is not None
                and _names_nobody_known(phrase, speakers)
            ):
                # "وقالت جيسيكا لويس، في بيان نادر يؤكد عملية البيع:": the verb of a clause.
                event = _Event(pos, sentence_event.speaker)
            elif not phrase and _pronoun_is_ambiguous(
                words[sentence_first:index], sentence_event, speakers, gender
            ):
                event = _Event(pos, None)
            else:
                speaker = _resolve_after(words, index, quote_starts, pos, speakers, gender, phrase)
                event = _Event(pos, speaker, carried=not phrase)
        elif kind == "plural":
            event = _Event(pos, None)  # "قالوا": a group, not the person before
        elif kind == "reported":
            event = _Event(pos, _reported_speaker(words[sentence_first:index], speakers, cleaned))
        elif kind == "continuation":
            gender = lexicon.continuation_gender(cleaned)
            if sentence_event is not None:
                speaker = sentence_event.speaker
            else:
                # "كرر رئيس الوزراء … معارضته قائلا": the subject of a verb we cannot read; only
                # the speaker of this paragraph is safe.
                speaker = speakers.recent(gender, same_paragraph=True)
            event = _Event(pos, speaker, carried=sentence_event is None)
        elif sentence_event is not None and sentence_event.speaker is not None:
            # "وأكد رئيس الاتحاد، بحسب البيان، أنه…": the verb's subject speaks, not the statement.
            event = _Event(pos, sentence_event.speaker)
        else:
            event = _Event(pos, _attributed(words, index, quote_starts, pos, speakers))
        events.append(event)
        sentence_event = event
    return events


def _pronoun_is_ambiguous(before, sentence_event: _Event | None, speakers: Speakers, gender: str) -> bool:
    """ "he said" when the sentence has already brought in someone else: "أورد الاتحاد أن أبو ريدة
    اتصل بصلاح، وأكد له أن…" is Abu Rida, not the minister quoted before; "تعليقاً على تصريح
    محمد عبده الذي قال…، أكد أنه…" is neither. Nobody, then: an editor decides."""
    if sentence_event is not None:
        return sentence_event.relative and sentence_event.speaker is None
    recent = speakers.recent(gender)
    recent_names = set(recent.name.split()) if recent is not None else set()
    for k, (_, word) in enumerate(before):
        cleaned = clean_word(word)
        key = lexicon.norm(cleaned)
        following = clean_word(before[k + 1][1]) if k + 1 < len(before) else ""
        if key in _COMPLEMENTIZERS and following:
            if lexicon.has_article(following) or lexicon.norm(following) in lexicon.NAME_PARTICLES:
                return True  # "أن أبو ريدة اتصل": a clause with a subject of its own ("أن نعود": none)
        if key in _ONE_OF and lexicon.has_article(following):
            return True  # "كان هناك أحد الزبائن…، قال:": someone new, unnamed
        if len(cleaned) < 3 or key in lexicon.FUNCTION_WORDS:
            continue
        named = speakers.by_name(cleaned)
        if named is not None and named is not recent and not (set(named.name.split()) & recent_names):
            return True
    return False


_COMPLEMENTIZERS = frozenset(lexicon.norm(w) for w in ("أن", "إن", "بأن", "وأن"))
_ONE_OF = frozenset(lexicon.norm(w) for w in ("أحد", "إحدى"))


def _reported_speaker(before, speakers: Speakers, word: str) -> Person | None:
    """ "ونقلت رويترز عن مسؤول أمريكي قوله": the phrase after the last "عن" of the clause."""
    cleaned = [clean_word(w) for _, w in before[-MAX_SPEAKER_WORDS - 1 :]]
    about = max((k for k, w in enumerate(cleaned) if lexicon.norm(w) == "عن"), default=None)
    if about is None or about == len(cleaned) - 1:
        return None
    phrase = speaker_phrase(cleaned[about + 1 :], MAX_SPEAKER_WORDS)
    if not phrase:
        return None
    return speakers.resolve(phrase, "f" if lexicon.norm(word).endswith("ها") else "")


def _verb_of_a_noun(words, index: int, verb: str) -> bool:
    """A bare verb in mid-clause ("… صدر مؤخرا قال") describes the noun before it."""
    if not index or lexicon.norm(verb)[:1] in "وف":
        return False
    previous = words[index - 1][1]
    if previous[-1:] in '،,:.؛;!?؟)»”"':
        return False
    return lexicon.norm(clean_word(previous)) not in lexicon.CLAUSE_OPENERS


def _names_nobody_known(phrase: str, speakers: Speakers) -> bool:
    if not phrase or lexicon.is_role_head(phrase.split()[0]):
        return False
    return speakers.by_name_prefix(phrase) is None


_RELATIVES = frozenset(lexicon.norm(w) for w in ("الذي", "التي", "والذي", "والتي"))


def _named_before(words, index, speakers: Speakers) -> Person | None:
    for _, word in reversed(words[max(0, index - 8) : index - 1]):
        cleaned = clean_word(word)
        if len(cleaned) >= 3 and lexicon.norm(cleaned) not in lexicon.FUNCTION_WORDS:
            person = speakers.by_name(cleaned)
            if person is not None:
                return person
    return None


def _resolve_after(
    words, index, quote_starts, verb_pos, speakers: Speakers, gender: str, phrase: str
) -> Person | None:
    """The verb's subject (`phrase`, the words after it); a title ending at a comma takes the
    name between the next commas: "أكد قائد الثورة … في إيران، السيد علي خامنئي، أن…"."""
    if phrase:
        appositive = _appositive(words, index, quote_starts, verb_pos)
        if appositive is not None:
            role_phrase, name, whole = appositive
            return speakers.resolve_appositive(role_phrase, name, gender, whole=whole)
    return speakers.resolve(phrase, gender)


def _appositive(words, index, quote_starts, verb_pos) -> tuple[str, str, bool] | None:
    q = bisect_right(quote_starts, verb_pos)
    limit = quote_starts[q] if q < len(quote_starts) else 10**9
    following = [w for pos, w in words[index + 1 : index + 1 + MAX_SPEAKER_WORDS + 6] if pos < limit]
    comma = next((k for k, w in enumerate(following[:MAX_SPEAKER_WORDS]) if w.endswith(("،", ","))), None)
    if comma is None:
        return None
    title = [w for w in (clean_word(w) for w in following[: comma + 1]) if w]
    if title and not lexicon.is_role_head(title[0]):
        return _title_after_name(title, following[comma + 1 :])
    if len(title) == 1 and not lexicon.has_article(title[0]):
        return None  # "وقال مصدر، طلب عدم نشر اسمه،": a source has no name
    if (
        not title
        or not lexicon.is_role_head(title[0])
        or any(lexicon.is_speaker_stop(w) and not lexicon.is_preposition(w) for w in title)
    ):
        return None
    if split_role_and_name(" ".join(title)).name:
        return None
    name: list[str] = []
    for raw in following[comma + 1 : comma + 8]:
        cleaned = clean_word(raw)
        if not cleaned or lexicon.word_kind(cleaned) or lexicon.is_not_speaker_opening(cleaned):
            return None
        if lexicon.is_speaker_stop(cleaned):
            return None  # "الناشطات، مثل لجين الهذلول،": an example, not the name
        name.append(cleaned)
        if raw.endswith(("،", ",")):
            break
    else:
        return None  # a name between commas ends with one
    if name and lexicon.is_honorific(name[0]):
        name = name[1:]
    if name and lexicon.norm(name[0]) in lexicon.EPITHETS:
        return None  # "المخرج السويسري، أسطورة السينما الغربية،": a description, not a name
    if not 1 <= len(name) <= 6 or any(
        lexicon.is_role_head(w) or lexicon.norm(w) in lexicon.DATE_WORDS for w in name
    ):
        return None
    return " ".join(title), " ".join(name), False


def _title_after_name(name: list[str], rest: list[str]) -> tuple[str, str, bool] | None:
    """ "ويقول عصمت شيخ حسن، المسؤول عن وحدات حماية الشعب في كوباني:": a name, then its title."""
    if not 1 <= len(name) <= 4 or any(
        lexicon.norm(w) in lexicon.FUNCTION_WORDS or (lexicon.has_article(w) and k == 0)
        for k, w in enumerate(name)
    ):
        return None
    if not rest or not lexicon.is_role_head(clean_word(rest[0])):
        return None
    title: list[str] = []
    for k, raw in enumerate(rest[:MAX_SPEAKER_WORDS]):
        cleaned = clean_word(raw)
        if (
            not cleaned
            or lexicon.word_kind(cleaned)
            or (lexicon.is_speaker_stop(cleaned) and not lexicon.is_preposition(cleaned))
            or any(ch.isdigit() for ch in cleaned)
            or (title and lexicon.is_not_speaker_opening(cleaned) and not lexicon.is_preposition(cleaned))
        ):
            break
        following = clean_word(rest[k + 1]) if k + 1 < len(rest) else ""
        if lexicon.is_preposition(cleaned) and lexicon.norm(following) in _TIME_NOUNS:
            break  # "… لتويتر في عام 2015": when, not part of the title
        title.append(cleaned)
        if raw.endswith((":", "،", ",")):
            break
    if not title or not lexicon.is_role_head(title[0]):
        return None
    return _drop_article_conjunction(" ".join(title)), " ".join(name), True


_TIME_NOUNS = frozenset(lexicon.norm(w) for w in ("عام", "العام", "سنة", "شهر", "يوم", "أسبوع", "وقت"))


def _drop_article_conjunction(role: str) -> str:
    return role[1:] if lexicon.norm(role).startswith(("وال", "فال")) else role


def _mask(paragraph: str, spans) -> str:
    if not spans:
        return paragraph
    pieces, last = [], 0
    for start, end, _ in spans:
        pieces += [paragraph[last:start], " " * (end - start)]
        last = end
    pieces.append(paragraph[last:])
    return "".join(pieces)


def _names_a_title(words, word_starts, quote_start: int) -> bool:
    """ "فيلم «…»", "حملة "…"", "تحت عنوان "…"": a quoted name or title, not words said."""
    k = bisect_left(word_starts, quote_start)
    for _, word in words[max(0, k - 2) : k]:
        if lexicon.is_title_cue(clean_word(word).removeprefix("بـ").removeprefix("لـ")):
            return True
    return False


def _phrase_after(words, index, quote_starts, verb_pos) -> str:
    """Words after a speech verb, up to a complementizer, a circumstance or a quote.
    None after "قال:": what follows the colon is what was said ("قال: الحقيقة لا أعرف…")."""
    if words[index][1].endswith((":", "：")):
        return ""
    q = bisect_right(quote_starts, verb_pos)
    limit = quote_starts[q] if q < len(quote_starts) else 10**9
    following = [word for pos, word in words[index + 1 : index + 1 + MAX_SPEAKER_WORDS] if pos <= limit]
    phrase = speaker_phrase(following, MAX_SPEAKER_WORDS)
    if lexicon.norm(clean_word(words[index][1])) in lexicon.ADDRESSING_VERBS and (
        lexicon.norm(phrase.split()[0]) in lexicon.OUTLET_NOUNS if phrase else False
    ):
        return ""  # "أخبر مجلة فاست كومباني أن…": the outlet was told
    return phrase


def _attributed(words, index, quote_starts, pos, speakers: Speakers) -> Person | None:
    """ "بحسب بيسكوف قبل بوتين…": a known person first, else a short phrase."""
    following = [clean_word(w) for _, w in words[index + 1 : index + 4]]
    for n in (3, 2, 1):
        person = speakers.by_name(" ".join(following[:n])) if following[:n] else None
        if person:
            return person
    phrase = " ".join(_phrase_after(words, index, quote_starts, pos).split()[:3])
    if lexicon.norm(clean_word(words[index][1])) in _GOVERNS_LAM:
        phrase = _without_lam(phrase)  # "طبقا لمصدر مقرب منه": the source, not "لمصدر"
    return speakers.resolve(phrase, update=False) if phrase else None


# Attributions whose noun comes with ل: "وفقا للوزارة", "طبقا لمصدر".
_GOVERNS_LAM = frozenset(lexicon.norm(w) for w in ("وفقا", "ووفقا", "طبقا", "وطبقا"))


def _without_lam(phrase: str) -> str:
    if phrase.startswith("لل") and len(phrase.split()[0]) > 4:
        return "ال" + phrase[2:]  # "للوزارة": ل + the article, its alef dropped
    if phrase.startswith("ل") and len(phrase.split()[0]) > 3:
        return phrase[1:].lstrip("ـ")
    return phrase


_BUT = frozenset(lexicon.norm(w) for w in ("لكن", "ولكن", "بينما", "فيما"))
_CONTRASTS = frozenset(lexicon.norm(w) for w in ("فيما", "بينما", "وبينما", "وفيما", "حين"))


def _speaker_after(words, word_starts, quote_end: int, sentence_ends, speakers: Speakers):
    """ "…"، قال المدرب خالد منصور." or "…"، على حد تعبير قائد الفريق …": among the first words after.

    (speaker, found): found is True when a speech verb was there, even if it named nobody sure.
    """
    sentence_end = sentence_ends[bisect_left(sentence_ends, quote_end)] if sentence_ends else quote_end
    first = bisect_left(word_starts, quote_end)
    for index in range(first, min(len(words), first + MAX_WORDS_TO_SPEAKER_AFTER)):
        pos, word = words[index]
        if pos > sentence_end:
            break
        cleaned = clean_word(word)
        if lexicon.norm(cleaned) in _CONTRASTS:
            return None, False  # "…"، فيما نفى رجل الدين كل الاتهامات": someone else's clause
        kind = lexicon.word_kind(cleaned)
        if kind == "verb" or kind == "attribution":
            phrase = _phrase_after(words, index, [], -1)
            return speakers.resolve(phrase, lexicon.speech_verb_gender(cleaned)), True
        if kind:
            return None, True
    return None, False


def _colon_statement(paragraph: str, words, events: list[_Event]) -> list[ParsedQuote]:
    """ "وقال ناصر الصالح: وصلني اتصال…": the unquoted rest of a paragraph after a speech verb and a colon."""
    colon = paragraph.find(":")
    if colon < 0 or not events:
        return []
    rest = paragraph[colon + 1 :].strip()
    if _quote_words(rest) < MIN_QUOTE_WORDS:
        return []
    before = [e for e in events if e.start < colon]
    if not before:
        return []
    words_between = sum(1 for pos, _ in words if before[-1].start < pos < colon)
    if words_between > MAX_SPEAKER_WORDS or _SENTENCE_END.search(paragraph, before[-1].start, colon):
        return []  # the colon must close the sentence the verb opened
    speaker = before[-1].speaker
    if before[-1].carried and _speaks_of(rest, speaker):
        speaker = None
    return [_quote(rest, speaker)]


def _speaks_of(text: str, person: Person | None) -> bool:
    """The words name the person by their title in the third person ("لقد تم نقل الطالب…"
    after a sentence about the student): whoever "he" is, it is not them. (Names are not
    compared: "خلف", "سالم" are words too.)"""
    if person is None or not person.role:
        return False
    title = tokenize(person.role)[0]
    return lexicon.has_article(title) and title in set(tokenize(text))


def article_quotes(body: list[str], blocks: list[tuple[int, str, str]]) -> list[ParsedQuote]:
    """Quotes of a whole article in order: inline ones paragraph by paragraph, and each
    statement block (position, intro phrase, text) after the paragraph that introduces it."""
    speakers = Speakers("\n".join(body))
    for paragraph in body:
        speakers.learn_appositives(paragraph)
    by_position: dict[int, list[tuple[str, str]]] = {}
    for position, intro, statement in blocks:
        by_position.setdefault(position, []).append((intro, statement))
    quotes: list[ParsedQuote] = []
    for index, paragraph in enumerate(body):
        speakers.next_paragraph()
        quotes.extend(extract_quotes(paragraph, speakers))
        for intro, statement in by_position.get(index + 1, ()):
            if statement:
                quote = _quote(statement, speakers.resolve(intro), kind=QUOTE_BLOCK)
                quote.position = index + 1
                quotes.append(quote)
    return quotes
