"""What a news page prints around a story: labels, credit lines, captions, embeds, footers.

Plain Python (no Django). Every word list is data in `articles.text.lexicon` (the
"Page furniture" section); this module only builds the tests from it. Each test looks at
one line or paragraph, so the parser's cost stays linear in the size of the copy.
"""

import re

from ..text import lexicon
from ..text.normalize import normalize
from .headlines import ends_sentence

_LABELS = lexicon.label_phrases(lexicon.LABELS)
_LABEL_FIRST_WORDS = frozenset(phrase.split()[0] for _, phrase in _LABELS)
_STARTS = lexicon.label_phrases(lexicon.FURNITURE_STARTS)
_STARTS_FIRST_WORDS = frozenset(phrase.split()[0] for _, phrase in _STARTS)
_ANYWHERE = lexicon.label_phrases(lexicon.FURNITURE_ANYWHERE)
_EMBED_DOMAINS = tuple(lexicon.FURNITURE_ANYWHERE["tweet embed"].split("|"))
_AGENCIES = frozenset(normalize(a) for a in lexicon.AGENCIES.split("|"))
_PHOTO_CREDITS = frozenset(normalize(c) for c in lexicon.PHOTO_CREDITS.split("|"))
_PLACES = lexicon.DATELINE_PLACES | lexicon.PLACES

_LABEL_SEPARATORS = ":：/|-–—…"
_SPACE_SEPARATORS = re.compile(r"([:：/|])")
_RULE = re.compile(r"^[-–—_=*~•.·]{3,}$")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$")
_HANDLE = re.compile(r"^@\w+$")
_CREDIT_SPLIT = re.compile(r"\s*(?:\s[-–ـ]\s?|\s?[-–ـ]\s|[-–ـ]{2,}|[:：،,]|\(|\)|\s-(?=\S)|(?<=\S)-\s)\s*")
_INLINE_CREDIT = re.compile(r"^(.{2,80}?)\s*(?:\)\s*-+|--+|—|:-)\s*(?=\S)")
_LATIN = re.compile(r"[A-Za-z]")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_TRAILING_CREDIT = re.compile(r"[(（]([^()]{2,40})[)）]\s*$")
_TAIL_PUNCT = " :：-–—ـ"
_PLACEHOLDERS = frozenset(normalize(w) for w in lexicon.PLACEHOLDERS.split("|"))
_CAPTION_PHRASES = [normalize(w) for w in lexicon.CAPTION_PHRASES.split("|")]
_CUT_WORDS = frozenset(normalize(w) for w in lexicon.CUT_MARKERS.split("|"))
WEEKDAYS = lexicon._norm_set("الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت")


def label(line: str) -> tuple[str, str]:
    """ "اقرأ أيضاً: عنوان" → ("read_also", "عنوان"); ("", "") when the line is not a label."""
    spaced = _SPACE_SEPARATORS.sub(r" \1 ", line)
    words = spaced.split()
    if not words or lexicon.norm(words[0]) not in _LABEL_FIRST_WORDS:
        return "", ""
    key = _key(words)
    for kind, phrase in _LABELS:
        if not key.startswith(phrase):
            continue
        rest = key[len(phrase) :].lstrip()
        if rest and rest[0] not in _LABEL_SEPARATORS and len(key) > len(phrase) and key[len(phrase)] != " ":
            continue  # "المصدرية": a longer word
        if rest and rest[0] not in _LABEL_SEPARATORS:
            continue  # "للمزيد من المعلومات، …": a sentence, not a label
        content = " ".join(words[len(phrase.split()) :]).lstrip(_LABEL_SEPARATORS + " ").strip()
        return kind, content
    return "", ""


def is_quoted_crosshead(line: str) -> bool:
    """ "\"احتلال عفرين نقطة تحول\"": a short line in one pair of quote marks (BBC's crossheads)."""
    line = line.strip()
    inner = line[1:-1]
    return (
        len(line.split()) <= 8
        and line[:1] in '"«“'
        and line[-1:] in '"»”'
        and not any(mark in inner for mark in '"«»“”')
    )


def is_box_line(line: str) -> bool:
    """A headline in a box of links: headline-shaped, or a short question ("ماذا تعرف عن …؟")."""
    from .headlines import is_headline_line

    line = line.strip()
    if is_quoted_crosshead(line):
        return False
    return is_headline_line(line) or (line.endswith(("?", "؟")) and 2 <= len(line.split()) <= 15)


def is_cut_marker(text: str) -> bool:
    """ "...المزيد" / "… التفاصيل": where a front page cut the story off."""
    stripped = text.strip()
    return stripped[:1] in ".…" and normalize(stripped.lstrip(".… ")) in _CUT_WORDS


def _key(words: list[str]) -> str:
    """`normalize` of a line, word by word through the importer's cache (lines repeat words)."""
    return " ".join(lexicon.norm(word) for word in words)


def is_rule(line: str) -> bool:
    """ "--------------------": where the story ends and the page's promo begins."""
    return bool(_RULE.match(line.replace(" ", "")))


def kind(text: str) -> str:
    """The kind of furniture a paragraph is ("footer", "caption", "tweet embed"…), or ""."""
    words = text.split()
    if not words:
        return ""
    if len(words) > lexicon.MAX_FURNITURE_WORDS:
        # Prose: only an embed's address can make it furniture (and normalizing it is wasted work).
        lowered = text.lower()
        return "tweet embed" if any(domain in lowered for domain in _EMBED_DOMAINS) else ""
    key = _key(words)
    for furniture, phrase in _ANYWHERE:
        if phrase in key and (furniture == "tweet embed" or len(words) <= lexicon.MAX_FURNITURE_WORDS):
            return furniture
    if len(words) > 12 and ends_sentence(text):
        return ""  # a sentence: every test below is for short lines or lines with no full stop
    if all(_HANDLE.match(w) for w in words):
        return "tweet embed"
    if is_timeline(text):
        return "timeline"
    if (
        len(words) <= 12
        and not ends_sentence(text)
        and lexicon.norm(words[0].strip(":")) in _STARTS_FIRST_WORDS
    ):
        for furniture, phrase in _STARTS:
            if key.startswith(phrase) and (len(key) == len(phrase) or not key[len(phrase)].isalpha()):
                return furniture
    if key in _PLACEHOLDERS:
        return "placeholder"
    if is_menu(text):
        return "menu"
    if is_caption(text):
        return "caption"
    return ""


def is_timeline(text: str) -> bool:
    """ "اليوم 13:00", "10 اب", "الأحد 15 ديسمبر 2024 - 09:45 م": date and time words only."""
    words = [w for w in text.replace("/", " ").replace("|", " ").split() if any(ch.isalnum() for ch in w)]
    if not words or len(words) > 10:
        return False
    if lexicon.is_dateline(text):
        return True
    return all(
        lexicon.norm(w) in lexicon.TIME_WORDS
        or lexicon.norm(w) in lexicon.DATE_WORDS
        or lexicon.norm(w).isdigit()
        or _CLOCK.match(lexicon.norm(w))
        for w in words
    )


def is_menu(text: str) -> bool:
    """ "الرئيسية | سياسة | اقتصاد | رياضة | فن": many one- or two-word items."""
    items = [item for item in re.split(r"\s*[|•·»]\s*|\s{2,}", text) if item.strip()]
    return len(items) >= 4 and all(len(item.split()) <= 3 for item in items)


def is_caption(text: str) -> bool:
    """A photo line: ends with a photo credit, or is a Latin-script line in Arabic copy."""
    if ends_sentence(text) or len(text.split()) > lexicon.MAX_FURNITURE_WORDS:
        return False
    match = _TRAILING_CREDIT.search(text)
    if match and normalize(match.group(1)) in _PHOTO_CREDITS:
        return True
    tail = normalize(re.split(r"\s[-–/]\s", text)[-1]) if re.search(r"\s[-–/]\s", text) else ""
    if tail and tail in _PHOTO_CREDITS:
        return True
    key = _key(text.split())
    if any(phrase in key for phrase in _CAPTION_PHRASES):
        return True
    latin, arabic = len(_LATIN.findall(text)), len(_ARABIC.findall(text))
    return latin >= 8 and arabic == 0


# --- credit lines: bylines and datelines --------------------------------------------------


def credit_line(text: str, *, alone: bool) -> tuple[str, str] | None:
    """ "القاهرة - أحمد الريدي" → ("أحمد الريدي", "القاهرة"); "أبوظبي - سكاي نيوز عربية" →
    ("", "أبوظبي - سكاي نيوز عربية"). None when the text is not a credit line. `alone`: the
    line stands by itself right under the headline, where a bare name is the byline."""
    line = " ".join(text.split()).strip(_TAIL_PUNCT)
    opener = line.split(None, 1)[0].rstrip(":：") if line else ""
    if lexicon.norm(opener) in lexicon.CREDIT_OPENERS and len(line.split()) >= 3:
        # "حوار: آسيا العتروس", "كتب ضحى عرفة": the name after the opener is the byline.
        name = line.split(None, 1)[1].lstrip(":： ")
        if 2 <= len(name.split()) <= 5 and _looks_like_names(name):
            return name, ""
        return None
    words = line.split()
    if not words or len(words) > 14 or (ends_sentence(line) and not line.endswith(":")):
        return None
    if any(ch in line for ch in '"«»“”'):
        return None
    pieces = [p.strip(_TAIL_PUNCT) for p in _CREDIT_SPLIT.split(line)]
    pieces = [p for p in pieces if p]
    persons, others = [], []
    for piece in pieces:
        what = _piece_kind(piece)
        if what is None:
            return None
        (persons if what == "person" else others).append(piece)
    if not others and not (alone and _bare_name(line, persons)):
        return None
    if not persons:
        return "", line
    return "، ".join(persons), " - ".join(others)


def _bare_name(line: str, persons: list[str]) -> bool:
    """A name alone under the headline ("مها بن عبد العظيم") — not "وجاءت النتائج كالتالي:"."""
    if len(persons) != 1 or line.endswith((":", "：")) or not 2 <= len(persons[0].split()) <= 6:
        return False
    first = lexicon.norm(persons[0].split()[0])
    return not (first[:1] in "وف" and len(first) > 4)


def inline_credit(paragraph: str) -> tuple[str, str, str] | None:
    """ "واشنطن (CNN)-- قال …" → ("", "واشنطن (CNN)", "قال …"); "المدينة نيوز :- بلغت …" →
    ("", "المدينة نيوز", "بلغت …"). A credit run into the lead paragraph."""
    match = _INLINE_CREDIT.match(paragraph)
    if not match:
        return None
    prefix = match.group(1).strip()
    if prefix.endswith("(CNN") or prefix.endswith("CNN"):
        prefix = prefix if prefix.endswith(")") else prefix + ")"
    credit = credit_line(prefix, alone=False)
    if credit is None:
        return None
    rest = paragraph[match.end() :].lstrip("-–—: ").strip()
    if len(rest.split()) < 4:
        return None
    return credit[0], credit[1], rest


_TRAILING_AGENCY = re.compile(r"\s*[-–—]{1,2}\s*[(（]([^()]{2,30})[)）]\s*$")


def trailing_agency(paragraph: str) -> tuple[str, str] | None:
    """ "… إيجابية. --(بترا)" → ("… إيجابية.", "بترا"): the agency credited at the end."""
    match = _TRAILING_AGENCY.search(paragraph)
    if match and normalize(match.group(1)) in _AGENCIES:
        return paragraph[: match.start()].strip(), match.group(1).strip()
    return None


_LINK_LINE = re.compile(r"(?:^|(?<=[.!؟?]))\s*(?:" + lexicon.LINK_LINES + r")\b.*$")


def trailing_link_line(paragraph: str) -> str | None:
    """The paragraph without a "رابط الخبر…" line run into its end; None when there is none."""
    match = _LINK_LINE.search(paragraph)
    if match is None:
        return None
    return paragraph[: match.start()].strip()


def is_site_name(text: str) -> bool:
    return normalize(text.strip(_TAIL_PUNCT)) in _AGENCIES


def _piece_kind(piece: str) -> str | None:
    key = normalize(piece)
    if key in _AGENCIES:
        return "agency"
    words = key.split()
    if all(w in _PLACES or w.removeprefix("ال") in _PLACES for w in words):
        return "place"
    if key.startswith(("مندوب", "مراسل")) or (len(words) >= 2 and words[-1] in ("نت", "نيوز", "net", "news")):
        return "agency"
    if 1 <= len(words) <= 6 and _looks_like_names(piece):
        return "person"
    return None


def _looks_like_names(piece: str) -> bool:
    words = piece.split()
    for word in words:
        key = lexicon.norm(word)
        if key in lexicon.FUNCTION_WORDS or lexicon.is_speech_verb(word) or any(ch.isdigit() for ch in key):
            return False
        if not any(ch.isalpha() for ch in word):
            return False
    return len(words) >= 2 or lexicon.norm(words[0]) not in lexicon.ROLE_HEADS


# --- trailing teasers of other stories ----------------------------------------------------


def looks_like_lead(paragraph: str) -> bool:
    """The first paragraph of another story: "قال X، الإثنين، إن…" with no conjunction before it.

    Agency copy dates its lead with the weekday between commas; a story's later
    paragraphs continue with و/ف and do not repeat the day.
    """
    words = paragraph.split()
    if len(words) < 8:
        return False
    first = lexicon.norm(words[0])
    if _conjunction(first):
        return False
    if words[0][:1] in "\"«“'" or first in lexicon.FUNCTION_WORDS:
        return False
    head = " ".join(words[:18])
    return lexicon.is_speech_verb(words[0]) or _is_lead_verb(first) or bool(_comma_days(head))


def _is_lead_verb(word: str) -> bool:
    return word in lexicon.LEAD_VERBS or (word.endswith("ت") and word[:-1] in lexicon.LEAD_VERBS)


def may_continue_teasers(paragraph: str) -> bool:
    """Before a run of teasers: another paragraph that opens rather than continues a story."""
    words = paragraph.split()
    if len(words) < 12 or words[0][:1] in "\"«“'":
        return False
    first = lexicon.norm(words[0])
    if _conjunction(first) or first in lexicon.FUNCTION_WORDS:
        return False
    return first not in lexicon.CONTINUING_STARTS


def _conjunction(word: str) -> bool:
    """ "وأضاف", "وقد", "فإن": a paragraph that goes on from the one before."""
    return word[:1] in ("و", "ف") and (
        len(word) > 3 or word[1:] in lexicon.FUNCTION_WORDS or word[1:] == "قد"
    )


def _comma_days(head: str) -> list[str]:
    return [
        m.group(1) for m in re.finditer(r"[،,]\s*(\S+)\s*[،,]", head) if lexicon.norm(m.group(1)) in WEEKDAYS
    ]
