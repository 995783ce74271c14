"""The search analysis: what a story's text and a reader's query become before they meet.

One rulebook for the index and the query (PRODUCT §5, issue 14). Text is folded
(`fold`: the normalization of normalize.py, and also hamza seats — مسؤول and مسئول are
one spelling for matching — but keeping ى, so that على "on" and علي "Ali" stay two
words), cut into words at spaces and at script or digit boundaries (دستور1971 is two
words), and each word becomes a token:

- a stop word (stop_words.py) becomes "__" + the word without its و/ف: not matched on its
  own, but kept in the index in place so a quoted phrase still finds it;
- any other word becomes its light stem (`stem`): the article and the conjunction و come
  off the front (never a و that belongs to the root: وزارة, ولاية, وطن), and the
  suffixes of number, gender and person off the end (ات ون ين ان يه ه ي ها), so شركات,
  شركتين and شركة meet, and أمريكيين meets أمريكي — Lucene's Arabic equivalences — while
  a stem keeps at least three letters, and protected words (names, لبنان, مليون) stay
  as they are;
- and its surface: the folded word without its article, "_"-marked, which a word being
  typed is matched against (type-ahead).

Nothing here imports Django.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .normalize import TATWEEL, remove_tashkeel, strip_invisible
from .search_words import PROTECTED as _PROTECTED_WORDS
from .search_words import STOP_WORDS, WAW_STEMS

STOP = "__"
SURFACE = "_"
MIN_STEM = 3

_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ؤ": "ء",
    "ئ": "ء",
    "ة": "ه",
    "ی": "ي",
    "ۍ": "ي",
    "ک": "ك",
    TATWEEL: "",
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}
# str.translate looks every character of a story up in a dict (slow for Arabic text);
# the letters news copy is full of are replaced by str.replace, in C, and the rest of the
# table (Persian letters, Eastern digits: rare) only when the text has one.
_COMMON_FOLDS = [(src, dst) for src, dst in _FOLD.items() if src in "أإآٱؤئة"]
_RARE_FOLDS = str.maketrans({src: dst for src, dst in _FOLD.items() if src not in "أإآٱؤئة"})
_HAS_RARE = re.compile("[" + "".join(src for src in _FOLD if src not in "أإآٱؤئة") + "]")
# Words are runs of Arabic letters, of digits, or of other letters (Latin…).
_ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff"
WORD = re.compile(f"[{_ARABIC_LETTERS}]+|[0-9]+|[^\\W\\d_{_ARABIC_LETTERS}]+")

# The article and its clitics, longest first; what remains keeps three letters.
ARTICLES = ("وبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
# Suffixes in the order they come off, each at most once (Lucene's light stemmer's order).
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def strip_article(word: str, min_rest: int = MIN_STEM) -> str:
    for prefix in ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= min_rest:
            return word[len(prefix) :]
    return word


# Protected words with and without their article (البحرين, والبحرين -> بحرين).
PROTECTED = _PROTECTED_WORDS | {strip_article(w) for w in _PROTECTED_WORDS}


@dataclass(frozen=True)
class Token:
    term: str  # what is matched: a stem, a "__" stop word, a Latin word or a number
    surface: str = ""  # "_" + the folded word without its article ("" for stop words)

    @property
    def is_stop(self) -> bool:
        return self.term.startswith(STOP)


def fold(text: str) -> str:
    """normalize() for matching: also hamza seats folded to ء; ى kept (see module doc)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", strip_invisible(text))
    text = remove_tashkeel(text)
    for src, dst in _COMMON_FOLDS:
        if src in text:
            text = text.replace(src, dst)
    if _HAS_RARE.search(text):
        text = text.translate(_RARE_FOLDS)
    return text.casefold()


def words(text: str) -> list[str]:
    """The folded words of `text`, split at spaces, punctuation and script/digit boundaries."""
    return WORD.findall(fold(text))


def analyze(text: str) -> list[Token]:
    return [token(w) for w in words(text)]


@lru_cache(maxsize=200_000)
def token(word: str) -> Token:
    """The token of one folded word (as `words` yields it)."""
    if _is_stop(word):
        return Token(STOP + (word[1:] if word not in STOP_WORDS else word))
    word = word.replace("ى", "ي")
    if not is_arabic(word):
        return Token(word, "")
    return Token(stem(word), SURFACE + strip_article(word))


def _is_stop(word: str) -> bool:
    return word in STOP_WORDS or (len(word) > 2 and word[0] in "وف" and word[1:] in STOP_WORDS)


def is_arabic(word: str) -> bool:
    return bool(word) and "\u0621" <= word[0] <= "\u06ff"


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Light stem of one folded Arabic word (see the module doc)."""
    if word in PROTECTED:
        return strip_article(word)  # السودان as سودان, so that للسودان meets it
    core = strip_article(word)
    if core in PROTECTED:
        return core
    if core.startswith("و") and len(core) > MIN_STEM and core == word:
        kept = strip_suffixes(core)
        if kept in WAW_STEMS or core in WAW_STEMS:
            return kept
        core = strip_article(core[1:])
        if core in PROTECTED:
            return core
    return strip_suffixes(core)


def strip_suffixes(word: str) -> str:
    for suffix in _SUFFIXES:
        rest = word[: -len(suffix)]
        # A stem does not end in a long ا (ولا|يه is ولاي|ه, نها|يات is نهاي|ات).
        if word.endswith(suffix) and len(rest) >= MIN_STEM and not rest.endswith("ا"):
            word = rest
            if suffix in ("ان", "ين") and word.endswith("ت") and len(word) > MIN_STEM:
                word = word[:-1]  # feminine dual: شركتان, شركتين -> شرك (as شركة)
            if word in PROTECTED:
                break
    return word


# --- Typed prefixes (type-ahead). -------------------------------------------------------

MIN_PREFIX = 3


def typed_prefix(word: str) -> str:
    """The part of a word being typed that may begin other words, or "" when too short.

    Only the article comes off, and only when three letters remain: ألف, ألم, الله, والي
    and بالغ are words of their own, not the article before one or two letters.
    """
    if _is_stop(word):
        return ""
    word = word.replace("ى", "ي")
    for prefix in ARTICLES:
        if word.startswith(prefix):
            rest = word[len(prefix) :]
            return rest if len(rest) >= MIN_PREFIX else ""
    return word if len(word) >= MIN_PREFIX else ""


# --- Forgiveness: one-letter typos and the common confusions. ------------------------------

_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
# Letters readers mix up; a correction through one of these is preferred over any other.
CONFUSIONS = {
    "ض": "ظد",
    "ظ": "ضز",
    "د": "ذض",
    "ذ": "دز",
    "ز": "ذظ",
    "س": "صث",
    "ص": "س",
    "ث": "س",
    "ت": "ط",
    "ط": "ت",
    "ه": "ح",
    "ح": "ه",
    "ء": "اوي",
    "ا": "ء",
    "و": "ء",
    "ي": "ء",
    "ق": "ك",
    "ك": "ق",
}


def edits(word: str) -> tuple[set[str], set[str]]:
    """(words one confusion away, words one edit away) from a folded Arabic word."""
    confused, near = set(), set()
    for i, ch in enumerate(word):
        for other in CONFUSIONS.get(ch, ""):
            confused.add(word[:i] + other + word[i + 1 :])
    confused.add(word + "ء")  # a dropped final hamza (وزرا -> وزراء)
    for i in range(len(word) + 1):
        if i < len(word):
            near.add(word[:i] + word[i + 1 :])
        if i < len(word) - 1:
            near.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        for letter in _LETTERS:
            near.add(word[:i] + letter + word[i:])
            if i < len(word):
                near.add(word[:i] + letter + word[i + 1 :])
    near -= confused
    near.discard(word)
    confused.discard(word)
    return confused, near


# --- Latin <-> Arabic names: one consonant skeleton for both scripts. ---------------------

_LATIN_DIGRAPHS = (("sh", "S"), ("ch", "S"), ("kh", "X"), ("gh", "G"), ("th", "T"), ("dh", "D"), ("ph", "F"))
_LATIN = {
    "b": "B", "p": "B", "t": "T", "d": "D", "k": "K", "c": "K", "q": "K", "g": "G", "j": "G",
    "s": "S", "z": "Z", "x": "KS", "f": "F", "v": "F", "l": "L", "m": "M", "n": "N", "r": "R", "h": "H",
}  # fmt: skip
_ARABIC = {
    "ب": "B", "ت": "T", "ط": "T", "ث": "T", "د": "D", "ض": "D", "ذ": "D", "ك": "K", "ق": "K",
    "ج": "G", "غ": "G", "س": "S", "ص": "S", "ش": "S", "ز": "Z", "ظ": "Z", "خ": "X", "ف": "F",
    "ل": "L", "م": "M", "ن": "N", "ر": "R", "ه": "H", "ح": "H",
}  # fmt: skip
MIN_SKELETON = 2


def skeleton(word: str) -> str:
    """The consonants of a name as a reader hears them: Putin and بوتين are both "BTN".

    Vowels, ا و ي ع ء and a final h/ه/ح are left out, doubled consonants count once.
    "" when fewer than two consonants remain (too many names would share it).
    """
    word = word.replace("ى", "ي")
    if is_arabic(word):
        word = strip_article(word)
        letters = [_ARABIC.get(ch, "") for ch in word]
    else:
        for digraph, sound in _LATIN_DIGRAPHS:  # the sound as a capital: never a letter of `word`
            word = word.replace(digraph, sound)
        letters = [_LATIN.get(ch, ch if ch.isupper() else "") for ch in word]
    out: list[str] = []
    for sound in "".join(letters):
        if not out or out[-1] != sound:
            out.append(sound)
    while out and out[-1] == "H":
        out.pop()
    return "".join(out) if len(out) >= MIN_SKELETON else ""
