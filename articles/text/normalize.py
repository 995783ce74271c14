"""The one rulebook for Arabic text.

Search, tag keys, headline matching, slugs and admin search all go through
these functions, so that a reader typing "استراليا" finds "أستراليا" and two
spellings of a tag are one tag. Nothing here needs Django's settings (slugs use
django.utils.text, which does not).
"""

import re
import unicodedata

from django.utils.text import slugify as django_slugify

# Harakat, tanween, shadda, sukun, superscript alef, Quranic marks.
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
TATWEEL = "\u0640"
# Bidi embeddings, overrides, isolates and marks, plus zero-width characters and the BOM.
# They are invisible, so a headline can hide a reversed URL or split a word for search.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\u00ad\u061c\ufeff]")

_ALEF = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        # Arabic-Indic and Persian (Eastern Arabic-Indic) digits.
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        # Farsi yeh and keheh, common in copy pasted from Persian keyboards.
        "ی": "ي",
        "ک": "ك",
    }
)

# str.translate looks every character up in a dict (slow on Arabic text); str.replace
# scans in C. So the letters in almost every Arabic text are folded by replace, and the
# rest of _ALEF (digits, Farsi letters: rare) only when the text has one.
_FOLDS = [(chr(k), v) for k, v in _ALEF.items() if chr(k) in "أإآٱىة"]
_RARE_FOLDS = re.compile("[" + "".join(chr(k) for k in _ALEF if chr(k) not in "أإآٱىة") + "]")

_TOKEN = re.compile(r"\w+", re.UNICODE)

# Definite-article clitics, longest first; the remainder must keep three letters so
# short roots ("الم") survive. (Stemming is the search analysis's: articles/text/analysis.py.)
_ARTICLE_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "ال", "لل")


def strip_invisible(text: str) -> str:
    """Remove bidi controls and zero-width characters; stored text goes through this."""
    return _INVISIBLE.sub("", text)


def clean_input(text: str) -> str:
    """What editor-supplied text is stored as: NFC, without bidi/zero-width characters."""
    return unicodedata.normalize("NFC", strip_invisible(text or "")).strip()


# A full stop glued to the next sentence's first letter ("في الوقت المحدد.وفي السياق",
# "د.ممدوح"): scraped copy loses the space, and the next sentence's verb went unread.
# After a word of three letters or more, "د" (doctor) or a closing quote: "3.8", "U.S.",
# URLs and abbreviations ("بي.بي.سي", "ص.ب") keep theirs.
_GLUED_STOP = re.compile("([\u0621-\u064a]+|[\u00bb\u201d\")])([.!\u061f])(?=[\u0621-\u064a])")


def space_glued_stops(text: str) -> str:
    def spaced(match: re.Match) -> str:
        before = match.group(1)
        ends_sentence = len(before) >= 3 or before in ("د", "\u00bb", "\u201d", '"', ")")
        return match.group(0) + " " if ends_sentence else match.group(0)

    return _GLUED_STOP.sub(spaced, text)


def remove_tashkeel(text: str) -> str:
    return _TASHKEEL.sub("", text).replace(TATWEEL, "")


def normalize(text: str) -> str:
    """Fold the spelling variants of Arabic text into one comparable form.

    Removes tashkeel and tatweel, unifies alef forms, ى→ي, ة→ه, maps Arabic-Indic
    and Persian digits to 0-9, strips bidi and zero-width characters, applies NFKC
    (presentation forms become letters), casefolds Latin and collapses white space.
    """
    if not text:
        return ""
    text = strip_invisible(text)
    text = unicodedata.normalize("NFKC", text)
    text = remove_tashkeel(text)
    for src, dst in _FOLDS:
        text = text.replace(src, dst)
    if _RARE_FOLDS.search(text):
        text = text.translate(_ALEF)
    return " ".join(text.casefold().split())


def tokenize(text: str) -> list[str]:
    """Normalized word tokens (letters and digits), in order."""
    return [t for t in _TOKEN.findall(normalize(text)) if t != "_"]


def slugify(text: str) -> str:
    """Unicode slug: Arabic letters kept as written (no tashkeel or tatweel), words joined by '-'.

    Returns "" when nothing sluggable is left (emoji-only headline); callers fall back
    to the id so a slug is never empty.
    """
    # Django's slugify does the rest (NFKC, lower case, punctuation out, runs of spaces and
    # hyphens to one "-"); before it, what it keeps but a URL must not: invisible format
    # characters, and tatweel (a letter to \w) with the tashkeel.
    text = remove_tashkeel(strip_invisible(text or "")).replace("_", " ")
    return django_slugify(text, allow_unicode=True)[:80].strip("-")


def strip_article(token: str, min_rest: int = 3) -> str:
    """`token` without a leading definite-article clitic (وال، بال، لل…), if enough remains."""
    for prefix in _ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= min_rest:
            return token[len(prefix) :]
    return token


# A word as written: letters and digits plus the marks and tatweel that normalize() drops,
# so "تَأَهَّلَ" and "المنتخـب" are one word each (plain \w stops at every vowel mark).
_RAW_WORD = re.compile(
    "[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640\u200c\u200d]+"
)


def raw_words(text: str):
    """(start, end) spans of the words of `text` as written, for highlighting in place."""
    return [(m.start(), m.end()) for m in _RAW_WORD.finditer(text or "")]


# Each normalized letter, as the character class of the spellings it stands for.
_VARIANTS = {
    "ا": "اأإآٱ",
    "ي": "يىی",
    "ه": "هة",
    "ك": "كک",
    **{str(i): f"{i}{chr(0x0660 + i)}{chr(0x06F0 + i)}" for i in range(10)},
}
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_MARKS_CLASS = f"[{_MARKS}]*"
# Between words: white space, and any stray marks standing on their own between it.
_GAP = f"\\s[\\s{_MARKS}]*"


def variant_regex(text: str) -> str:
    """A regular expression matching `text` in any of its spellings, inside stored text.

    For searching columns the database cannot normalize (admin search): each letter
    becomes its class of variants, and vowel marks or tatweel may follow any letter.
    """
    parts = []
    for ch in normalize(text):
        if ch == " ":
            parts.append(_GAP)
            continue
        variants = _VARIANTS.get(ch)
        parts.append(f"[{re.escape(variants)}]" if variants else re.escape(ch))
        parts.append(_MARKS_CLASS)
    return "".join(parts)
