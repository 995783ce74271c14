"""Who says what: split a speaker phrase into role and name, and resolve later references.

"الناطق باسم الكرملين دميتري بيسكوف" → role "الناطق باسم الكرملين", name "دميتري بيسكوف".
Later "بيسكوف" resolves to him by name; "زعيم كوريا الشمالية" resolves to the person the
article introduced as "الزعيم الكوري الشمالي، كيم جونغ أون،" by the stems of the role;
"بنعلي" resolves to "يوسف بنعلي" by the story's first mention of him with a title.

A speaker is a person, a role or a body. A pronoun ("وقال للصحفيين", "قالت لها") is the
subject of the latest sentence that had one, or the speaker quoted last, whichever is more
recent — unless its gender disagrees or it was paragraphs ago: then nobody, and the quote
waits for an editor. Every lookup is a dictionary probe or a bounded scan, so resolving is
linear in the article's length.
"""

import itertools
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..text import lexicon
from ..text.analysis import is_arabic
from ..text.analysis import stem as light_stem
from ..text.analysis import words as analysis_words
from ..text.normalize import normalize, remove_tashkeel, tokenize

_EDGE_PUNCT = " \t.,،:;؛!?؟\"'«»“”„()[]-–—…"
MAX_NAME_WORDS = 5
MAX_ROLE_WORDS = 8
# A pronoun refers back at most this many paragraphs; further back, nobody is sure.
MAX_PRONOUN_PARAGRAPHS = 1
# Role lookups compare with this many of the latest people named (bounded work per lookup).
MAX_ROLE_CANDIDATES = 64


@dataclass(eq=False)
class Person:
    name: str = ""
    role: str = ""
    gender: str = ""  # "m", "f" or "" (unknown): from the speech verb that introduced them


@lru_cache(maxsize=100_000)
def clean_word(word: str) -> str:
    """A word without the punctuation around it, and without a hashtag run into it ("عباس#الميادين").
    Memoized: the parser cleans every word of an article several times."""
    if "#" in word[1:]:
        word = word[: word.index("#", 1)]
    word = word.strip(_EDGE_PUNCT)
    for mark in (":", "”", "«", '"'):
        if mark in word:
            word = word[: word.index(mark)]  # "الأعرجي:”لقد": a missing space before the quote
    return word


# What may follow inside a title: "المتحدث باسم إدارة الأرصاد", "المسؤول عن وحدات حماية الشعب".
_TITLE_LINKS = lexicon.PREPOSITIONS | frozenset(normalize(w) for w in ("باسم", "لصالح", "لدى"))
# "in the name of" follows a spokesman only ("المتحدث الرسمي باسم الوزارة"); after any other
# title, "باسم" is a first name.
_BISM = normalize("باسم")
_SPOKESMEN = frozenset(normalize(w) for w in ("متحدث", "متحدثة", "ناطق", "ناطقة", "متحدثا", "ناطقا"))


def _speaks_for(title: list[str]) -> bool:
    return any(
        form in _SPOKESMEN for word in title[-3:] for form in (lexicon.norm(word), lexicon.norm(word)[2:])
    )


# "الناطق باسمه أفيخاي أدرعي": the title ends with its pronoun; the name follows.
_PRONOUN_LINKS = frozenset(normalize(w) for w in ("باسمه", "باسمها", "باسمهم"))


def _is_nisba_or_adjective(word: str) -> bool:
    """ "تركي", "رسمية", "وأوروبية", "كبير": what describes an unnamed source ("مصادر تركية
    رسمية" was a source named «رسمية»)."""
    key = lexicon.norm(word)
    if key[:1] == "و" and len(key) >= 5:
        key = key[1:]  # "محلية وأوروبية"
    nisba = key.endswith(("ي", "يه")) and len(key) >= 4
    return (nisba and not lexicon.has_article(word)) or key in lexicon.SOURCE_ADJECTIVES


_GENERAL = frozenset(normalize(w) for w in ("عام", "عامة"))  # "أمين عام", "مديرة عامة"


def _starts_postposed_title(words: list[str], i: int) -> bool:
    """ "ديل هارفي نائبة الرئيس", "بندر العريفي نائب رئيس التحرير"; not "عصمت شيخ حسن"."""
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else ""
    after = words[i + 2] if i + 2 < len(words) else ""
    if lexicon.is_honorific(word):
        # "أحمد الطيب شيخ الأزهر": an honorific governing a definite noun is a title.
        return not lexicon.has_article(word) and lexicon.has_article(following)
    if not lexicon.opens_title(words, i):
        return False  # "سعيد بومدوحة مساعد مدير البرنامج": مساعد with a role after it is one
    return (
        lexicon.has_article(word)
        or lexicon.has_article(following)
        or lexicon.is_role_head(following)
        or lexicon.norm(following) in lexicon.INSTITUTION_NOUNS  # "رئيس مجلس الإدارة"
        or lexicon.norm(following) in _GENERAL  # "عبدالله الحقيل أمين عام دارة الملك عبدالعزيز"
        or (bool(following) and lexicon.has_article(after))  # "رئيس هيئة الترفيه"
    )


def _name_length(words: list[str]) -> int:
    """Words of a name, not counting "بن", "عبد", "آل": "محمد بن عبدالعزيز الحيزان" is three."""
    return sum(1 for w in words if lexicon.norm(w) not in lexicon.NAME_PARTICLES)


def _is_plural(role: str) -> bool:
    head = lexicon.norm(role.split()[0]) if role.split() else ""
    # "مسؤولو الوزارة": a masculine plural in construct drops its ن.
    return head.endswith(("ات", "ون", "ين", "و")) and len(head) >= 5


def _is_object_after_name(word: str) -> bool:
    """ "وفدا", "مؤتمرا": an indefinite accusative (tanween alif) never continues a name."""
    key = lexicon.norm(word)
    return len(key) >= 4 and key.endswith("ا") and not lexicon.has_article(word)


def _looks_prepositional(word: str) -> bool:
    """ "بتسهيل", "بطلاقة", "بألم": a circumstance glued to the end of a name."""
    key = lexicon.norm(word)
    return key.startswith(("بت", "بال")) or (key.startswith("ب") and key.endswith("ه") and len(key) >= 5)


def _drop_conjunction(role: str) -> str:
    return role[1:] if normalize(role).startswith(("وال", "فال")) else role  # "والزعيم" → "الزعيم"


def _without_dangling_preposition(role: str) -> str:
    """No preposition left at a title's end: it ran up to what it could not read, a name in
    quotation marks, say («مدير الأبحاث في مختبر الذكاء الرقمي في»)."""
    words = role.split()
    while words and lexicon.is_preposition(words[-1]):
        words.pop()
    return " ".join(words)


def _clean_role(role: str) -> str:
    """A title as it is printed: no leading conjunction, no dangling preposition."""
    return _without_dangling_preposition(_drop_conjunction(role))


def _is_role_word(words: list[str], i: int) -> bool:
    """Words that continue a title: "الكرملين", "باسم", "لجامعة الدول", "أستراليا"."""
    word, key = words[i], lexicon.norm(words[i])
    if lexicon.has_article(word) or key in lexicon.FUNCTION_WORDS or key in lexicon.PLACES:
        return True
    following = words[i + 1] if i + 1 < len(words) else ""
    # "لجامعة الدول العربية": a ل-prefixed noun governing a definite one.
    return key.startswith("ل") and len(key) >= 5 and lexicon.has_article(following)


def _can_start_name(words: list[str], i: int) -> bool:
    return not _is_role_word(words, i) and not lexicon.is_role_head(words[i])


def _honorific_before_name(words: list[str]) -> int | None:
    """Where an honorific introduces a name after the phrase's first word ("المدرسة في كلية
    الإعلام الدكتورة إرادة الجبوري"), up to what ends a subject; None if none does."""
    for j in range(1, len(words) - 1):
        if lexicon.is_speaker_stop(words[j]) and not lexicon.is_preposition(words[j]):
            return None  # "إن", "اليوم": the subject ended before it
        following = words[j + 1]
        if (
            lexicon.is_honorific(words[j])
            # Written as a title ("الدكتورة", "د."): a bare "شيخ" inside a name is the name's.
            and (lexicon.has_article(words[j]) or lexicon.norm(words[j]) == "د")
            and not lexicon.has_article(following)
            and lexicon.norm(following) not in lexicon.FUNCTION_WORDS
            and not lexicon.is_preposition(following)
            and _can_start_name(words, j + 1)
        ):
            return j
    return None


def _is_verb_with_object(words: list[str], i: int) -> bool:
    """ "يدعي التوجيه", "يبعد شارعين", "نسمعها": an imperfect verb and its object ended the name.

    The verb looks like يفعل/نفعل (a long vowel second, as in "يوسف", "ياسر", "نادر", is a
    name's) and governs the word after it; a verb with an object pronoun needs no word after it.
    """
    key, written = lexicon.norm(words[i]), remove_tashkeel(words[i])
    if key in lexicon.VERB_LIKE_NAMES:
        return False  # "يزيد", "يعقوب"
    if len(key) >= 5 and key.endswith(lexicon.OBJECT_PRONOUNS) and key[:1] in "ينت":
        return True
    # As written: normalizing folds "يحيى" into "يحيي".
    if not (4 <= len(key) <= 5 and key[:1] in "ين" and key[1:2] not in "او" and written[-1:] not in "ىةا"):
        return False
    following = words[i + 1] if i + 1 < len(words) else ""
    object_key = lexicon.norm(following)
    if lexicon.has_article(following):
        return not object_key.endswith("ي")  # "محمد يسري الشافعي": a definite nisba is a surname
    if len(object_key) >= 5 and object_key.endswith(("ين", "ان")):
        return True  # "يبعد شارعين"
    return _is_object_after_name(following)  # "يملك أرضا"


def _name_before_verb(name_words: list[str]) -> list[str]:
    """The name up to a verb that follows it ("سلمان يدعي التوجيه" → "سلمان") or a number
    ("البالغ من العمر 23 عاما": an age, no name)."""
    for i in range(len(name_words)):
        if any(ch.isdigit() for ch in name_words[i]) or _is_verb_with_object(name_words, i):
            return name_words[:i]
        word = name_words[i]
        if lexicon.ends_in_object_pronoun(word) and (
            i or word[:1] in "وف" or remove_tashkeel(word).endswith(lexicon.OBJECT_PRONOUNS)
        ):
            # "في تهنئته بعيد الفطر", "ومقره واشنطن": a noun with "his"; "ملك الحبشة كشفهم":
            # a verb with "them" (a name may end in ه, never in هم/ها).
            return name_words[:i]
    return name_words



_SEATS = lexicon.INSTITUTION_NOUNS | lexicon.PLACE_NOUNS


def _past_proper_name(words: list[str], i: int) -> int:
    """Past the proper name a place or body noun governs, at `i` ("مكة", "حماس", "النهضة"),
    and the adjectives after it ("المكرمة", "الإسلامية"): where the title goes on."""
    i += 1
    while (
        i < len(words)
        and lexicon.has_article(words[i])
        and not lexicon.is_role_head(words[i])
        and lexicon.norm(words[i]) not in _TITLE_LINKS
    ):
        i += 1
    return i


def split_role_and_name(phrase: str) -> Person:
    name, role = _split_role_and_name(phrase)
    # "سـالم": tatweel stretches a letter, it is not one (kept while parsing: "لـCNN").
    return Person(name=name.replace("ـ", ""), role=_without_dangling_preposition(role))


@lru_cache(maxsize=20_000)
def _split_role_and_name(phrase: str) -> tuple[str, str]:
    """A title opens with a role noun and runs on through definite words; the name follows.

    "محافظة البنك المركزي الأردني رنا الخطيب" → "محافظة البنك المركزي الأردني" / "رنا الخطيب".
    A phrase with no role noun is a name ("بيسكوف") or, when all definite, an institution.
    """
    words = [w for w in (clean_word(w) for w in phrase.split()) if w]
    while len(words) > 1 and _looks_prepositional(words[-1]) and not lexicon.is_role_head(words[-2]):
        words.pop()
    if not words:
        return "", ""
    keys = [lexicon.norm(w) for w in words]
    if keys[0] in lexicon.QUANTIFIERS or any(k in lexicon.PROXIMITY for k in keys):
        return "", " ".join(words)  # a group, or a source close to someone: no name
    while len(words) > 1 and lexicon.norm(words[0]) in lexicon.STYLES and lexicon.has_article(words[1]):
        words = words[1:]  # "سمو الأمير سعود بن نايف": the title and name follow the style
    honorific = _honorific_before_name(words)
    name = _name_before_verb(words[honorific + 1 :][:MAX_NAME_WORDS]) if honorific else []
    if name:
        # "المدرسة في كلية الإعلام جامعة بغداد الدكتورة إرادة الجبوري", "المشرف على تطوير
        # سوق عكاظ الدكتور بريكان الشلوي": the title runs to the honorific, which names the
        # person; "… الدكتور محمد أبو الفتوح أمين عام لجنة …": a title after the name ends it.
        start = honorific + 1
        postposed = next((k for k in range(1, len(name)) if _starts_postposed_title(words, start + k)), None)
        if postposed is not None:
            name = name[:postposed]
        return " ".join(name), _drop_conjunction(" ".join(words[:honorific]))
    if not lexicon.opens_title(words, 0):
        if all(lexicon.has_article(w) or lexicon.norm(w) in lexicon.FUNCTION_WORDS for w in words):
            return "", " ".join(words)
        if lexicon.has_article(words[0]):
            # "السلطات برانسون": a body, then the verb's object.
            definite = next(i for i, w in enumerate([*words, ""]) if not lexicon.has_article(w))
            return "", " ".join(words[:definite])
        heads = [i for i, w in enumerate(words) if i and _starts_postposed_title(words, i)]
        if heads:
            # "ديل هارفي نائبة الرئيس لشؤون التوثيق": a name, then its title.
            return " ".join(words[: heads[0]][:MAX_NAME_WORDS]), " ".join(words[heads[0] :])
        if _name_length(words) > 3 and len(words) == _name_length(words):
            return "", ""  # "منظمة هيومن رايتس مفهوم الولاية": where the name ends is a guess
        return " ".join(_name_before_verb(words[:MAX_NAME_WORDS])), ""
    if not lexicon.has_article(words[0]) and all(
        _is_nisba_or_adjective(w) or (lexicon.norm(before) in lexicon.LOYAL_TO and lexicon.norm(w)[:1] == "ل")
        for before, w in itertools.pairwise(words)
    ):
        return "", " ".join(words)  # "مسؤول تركي كبير", "مصدر أمني", "مصدر موال للحكومة"
    i = 1
    if i < len(words) and not lexicon.has_article(words[0]) and not lexicon.is_honorific(words[0]):
        i += 1  # construct state: "وزير خارجية", "مدير مركز", "ولي عهد"
    while i < len(words):
        if lexicon.norm(words[i]) in _PRONOUN_LINKS:
            i += 1
            break
        after_preposition = lexicon.norm(words[i - 1]) in _TITLE_LINKS
        if lexicon.norm(words[i - 1]) == _BISM and not _speaks_for(words[: i - 1]):
            i -= 1  # "مدير الكرة بالنادي الأهلي باسم أبو داود": باسم is his first name
            break
        if lexicon.is_honorific(words[i - 1]) and i == 1:
            break  # "الشيخ قاسم": the honorific is the whole title
        # "لكرة القدم", "لمهرجان كان": a ل-noun governing what follows; "ليلى" is a name.
        glued_l = (
            lexicon.norm(words[i]).startswith("ل")
            and len(words[i]) >= 4
            and i + 1 < len(words)
            and (lexicon.has_article(words[i + 1]) or lexicon.norm(words[i + 1]) in lexicon.FUNCTION_WORDS)
        )
        # "مؤسس ورئيس منتدى الشرق الأوسط": an indefinite title governs the noun after it.
        construct = (
            lexicon.is_role_head(words[i - 1])
            and not lexicon.has_article(words[i - 1])
            and not lexicon.is_honorific(words[i - 1])
            and i + 1 < len(words)
            and lexicon.has_article(words[i + 1])
        )
        # "عضو مجلس إدارة اتحاد الكرة": a chain of bodies, each governing the next.
        key = lexicon.norm(words[i])
        body_chain = key in lexicon.INSTITUTION_NOUNS and i + 1 < len(words)
        # "رئيس لجنة أسواق المال": an indefinite body governs the noun after it, which
        # governs a definite one (it was the name «أسواق المال قسطنطين…»).
        body_genitive = (
            lexicon.norm(words[i - 1]) in lexicon.INSTITUTION_NOUNS
            and not lexicon.has_article(words[i - 1])
            and i + 1 < len(words)
            and lexicon.has_article(words[i + 1])
        )
        previous = lexicon.norm(words[i - 1])
        if previous in lexicon.PLACE_NOUNS and not lexicon.has_article(words[i - 1]):
            # "بشرطة منطقة مكة المكرمة العقيد…": the place a title names is in the title (it
            # was taken for the name).
            i = _past_proper_name(words, i)
            continue
        if key[:1] == "ل" and key[1:] in lexicon.INSTITUTION_NOUNS:
            # "عضو المكتب السياسي لحركة حماس موسى أبو مرزوق": the body and its name too (a
            # quoted name, «فتح», is not in the phrase: the body ends it).
            i = _past_proper_name(words, i + 1) if i + 1 < len(words) else i + 1
            continue
        if key[:1] == "ب" and key[1:] in _SEATS and i + 1 < len(words):
            # "عضو المجلس البلدي بمدينة عرعر ماجد المطلق": where the body sits, and its name.
            i += 1 if lexicon.has_article(words[i + 1]) else 2
            continue
        if (
            after_preposition
            or glued_l
            or construct
            or body_chain
            or body_genitive
            or _is_role_word(words, i)
            or lexicon.is_role_head(words[i])
        ):
            i += 1  # "المتحدث باسم إدارة الأرصاد": the object of باسم is in the title
        elif (
            lexicon.norm(words[i]) in lexicon.NAME_PARTICLES
            and lexicon.is_namesake_title(words[i - 1])
            and i + 2 < len(words)
            and any(_can_start_name(words, j) for j in range(i + 2, len(words)))
        ):
            # "مركز الملك عبد العزيز الثقافي عبد الله الراشد": the first عبد is in the title;
            # "عضو اللجنة المالية عبد القادر محمد": no namesake before it, it opens the name.
            i += 2
        else:
            break
    role_words, name_words = words[:i], _name_before_verb(words[i : i + MAX_NAME_WORDS])
    if name_words and lexicon.norm(name_words[-1]) in lexicon.NAME_PARTICLES:
        # "فيصل أبو": a name never ends in "أبو", "بن"; the rest was cut off — take it or none.
        end = i + len(name_words)
        name_words = words[i : end + 1] if end < len(words) and len(name_words) < MAX_NAME_WORDS else []
    postposed = next((k for k in range(1, len(name_words)) if _starts_postposed_title(words, i + k)), None)
    if postposed is not None:
        # "الدكتور حسن يسري أستاذ الاقتصاد": the name, then its title; an honorific alone
        # before the name gives way to that title.
        title = words[i + postposed :]
        name_words = name_words[:postposed]
        if all(lexicon.is_honorific(w) for w in role_words):
            role_words = title
    while (
        len(name_words) > 1
        and lexicon.has_article(name_words[-1])
        and lexicon.norm(name_words[-1]).endswith(("يين", "يون"))
    ):
        name_words.pop()  # "أوباما الإسرائيليين": the people addressed, not a surname
    if name_words and lexicon.norm(name_words[0]) in lexicon.EPITHETS:
        return "", " ".join(words)  # "المخرج السويسري الفرنسي أسطورة السينما": a description
    if len(name_words) > 2 and lexicon.norm(name_words[0]).startswith("ل") and len(name_words[0]) >= 4:
        # "النجم المصري لنادي ليفربول الإنكليزي محمد صلاح": the club is in the title.
        role_words, name_words = role_words + name_words[:-2], name_words[-2:]
    while name_words and len(role_words) > 1 and lexicon.is_honorific(role_words[-1]):
        role_words.pop()  # "أستاذ العلوم السياسية د. فراس إلياس": "د." belongs to the name
    role_words[0] = _drop_conjunction(role_words[0])
    return " ".join(name_words), " ".join(role_words)


@lru_cache(maxsize=20_000)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(tokenize(text))


def _ends_phrase(raw: str) -> bool:
    return raw[-1:] in "،,:.؛;!?؟"


def speaker_phrase(words: list[str], limit: int = 10) -> str:
    return _speaker_phrase(tuple(words[:limit]))


@lru_cache(maxsize=20_000)
def _speaker_phrase(words: tuple[str, ...]) -> str:
    """The subject after a speech verb: words up to a complementizer, a circumstance or a clause.

    "" when the verb has no subject of its own ("وقال للصحفيين", "قالت لها", "قال يوم الأحد":
    he/she said). "الباحثة في الاقتصاد الكلي نورة القحطاني إن…" runs through "في" because a
    name follows; "الوزير في المؤتمر الصحفي إن…" stops at "في" because none does; a name
    stops at the first preposition ("الشيخ قاسم على أن…").
    """
    first = clean_word(words[0]) if words else ""
    if not first or lexicon.is_not_speaker_opening(first) or _looks_prepositional(first):
        return ""
    second = lexicon.norm(clean_word(words[1])) if len(words) > 1 else ""
    if lexicon.norm(first)[:1] == "ل" and second in ("بن", "ابن", "بنت"):
        return ""  # "قال لشداد بن أوس": the person addressed
    phrase: list[str] = []
    cut: int | None = None  # where the phrase ends if the preposition's part names nobody
    # "المشرف على تطوير سوق عكاظ الدكتور بريكان الشلوي": the title runs to the honorific.
    honorific_at = _honorific_before_name([clean_word(w) for w in words])
    titled = (
        lexicon.opens_title([first, clean_word(words[1]) if len(words) > 1 else ""], 0)
        or lexicon.norm(first) in lexicon.QUANTIFIERS
        or honorific_at is not None
    )
    for raw in words:
        cleaned = clean_word(raw)
        key = lexicon.norm(cleaned)
        if not cleaned or raw.startswith(("#", "@", "pic.", "http")):
            break
        if phrase and (key.startswith(lexicon.ADDRESSEE_PREFIXES) or cleaned.startswith("لـ")):
            named = bool(_split_role_and_name(" ".join(phrase))[0])
            if named or key in lexicon.ADDRESSEES or not key.startswith("لل"):
                break  # "المصدر لوكالة فرانس برس": the outlet addressed
            # "الأمين العام للأمم المتحدة أنطونيو غوتيريش": a title's genitive, the name follows.
        if phrase and lexicon.is_preposition(cleaned):
            if not titled or split_role_and_name(" ".join(phrase)).name:
                break  # a preposition after a name: "قاسم على", "ترامب في"
            cut = len(phrase) if cut is None else cut
            phrase.append(cleaned)
            continue
        before_honorific = honorific_at is not None and len(phrase) <= honorific_at + 1  # and its name
        if (
            phrase
            and not before_honorific
            and lexicon.norm(phrase[-1]) in lexicon.PREPOSITIONS
            and not lexicon.has_article(cleaned)
        ):
            # "الباحث في مركز الأهرام …": a body governing its name is still the title ("في
            # مدينة جدة" is where, not who).
            if not (
                lexicon.is_role_head(cleaned)
                or cleaned[0] in "ل"
                or key in lexicon.QUANTIFIERS
                or key in lexicon.INSTITUTION_NOUNS
            ):
                break
        if lexicon.is_speaker_stop(cleaned) or (not phrase and key in lexicon.FUNCTION_WORDS):
            break
        if key in lexicon.STATED_NOUNS and not before_honorific:
            break  # "وزير الخارجية سامي العلي أهمية التعاون": the name ends at what he stated
        if lexicon.word_kind(cleaned) or (
            phrase and lexicon.is_object_with_pronoun(cleaned) and key not in _PRONOUN_LINKS
        ):
            break  # "بلاعبه": the verb's object; "الناطق باسمه": still the title
        titled_so_far = titled or any(lexicon.is_role_head(w) for w in phrase)
        if (
            key[:1] == "ب"
            # "بايدن", "بوش", "بيير": names; "بلقب", "بتهمة", "بالسعودية": not.
            and (key[1:2] not in "اوي" or key.startswith("بال"))
            and key not in lexicon.NAME_PARTICLES
            and not before_honorific
            and len(_split_role_and_name(" ".join(phrase))[0].split()) >= 2
        ):
            break  # "يوسف بنعلي بلقب الماراثون": a full name, then what it won
        if phrase and not titled_so_far and lexicon.has_article(cleaned) and key[0] in "بك":
            break  # "كردستان بألم", "ترامب بالقول": a name never runs into a prepositional phrase
        phrase.append(cleaned)
        if _ends_phrase(raw) and not (len(cleaned) == 1 and raw.endswith(".")):
            break  # "د." is an abbreviation, not the end of a sentence
    if (
        cut is not None
        and lexicon.norm(phrase[0]) not in lexicon.QUANTIFIERS
        and (
            split_role_and_name(" ".join(phrase[:cut])).name or not split_role_and_name(" ".join(phrase)).name
        )
    ):
        phrase = phrase[:cut]
    while phrase and lexicon.norm(phrase[-1]) in lexicon.FUNCTION_WORDS:
        phrase.pop()
    return " ".join(phrase)


def is_person_phrase(phrase: str) -> bool:
    """False for "كلمات الأغنية", "نص البيان": things said, not people saying them."""
    words = phrase.split()
    if not words:
        return False
    first = lexicon.norm(words[0])
    bare = first[2:] if first.startswith("ال") else first
    return first not in lexicon.NOT_SPEAKER_HEADS and bare not in lexicon.NOT_SPEAKER_HEADS


@lru_cache(maxsize=20_000)
def _stems(text: str) -> tuple[str, ...]:
    """Stems of a role's words (function words left out), by the search analysis's stemmer."""
    return tuple(
        light_stem(word) if is_arabic(word) else word
        for t in tokenize(text)
        if t not in lexicon.FUNCTION_WORDS
        for word in analysis_words(t)
    )


def _same_stem(a: str, b: str) -> bool:
    # The light stemmer leaves "كوريا" for كوريا and "كور" for الكوري: accept a shared prefix.
    short, long_ = sorted((a, b), key=len)
    return (len(short) >= 3 and long_.startswith(short)) or a == b


_ASIDE = re.compile(r"[ \t]*\([^()\n]{1,60}\)")


class Speakers:
    """The people an article has named so far, and who is speaking now."""

    def __init__(self, article_text: str = ""):
        self.people: list[Person] = []
        self._by_token: dict[str, list[Person]] = {}
        self.current: Person | None = None  # the speaker quoted last
        self.subject: Person | None = None  # the person the latest sentence is about
        self.paragraph = 0
        self._current_at = self._subject_at = (-99, -1)  # (paragraph, tick) each was set
        self._tick = 0
        self._text = article_text
        self._first_mentions: dict[str, Person | None] = {}

    @cached_property
    def _plain_text(self) -> str:
        """The article without its short asides in parentheses: "المستشار (بمرتبة وزير)
        بالديوان الملكي سعود القحطاني" is the adviser at the royal court, no «وزير»."""
        return _ASIDE.sub("", self._text)

    @cached_property
    def _words(self) -> list[str]:
        """The article's words, cleaned: read only when a first mention is looked for (rare),
        so an article that never needs one never pays for them."""
        return [clean_word(w) for w in self._plain_text.split()]

    @cached_property
    def _positions(self) -> dict[str, list[int]]:
        positions: dict[str, list[int]] = {}
        for k, word in enumerate(self._words):
            positions.setdefault(lexicon.norm(word), []).append(k)
        return positions

    # --- the reading position -------------------------------------------------------------

    def next_paragraph(self) -> None:
        self.paragraph += 1

    def set_current(self, person: Person | None) -> None:
        if person is not None:
            self._tick += 1
            self.current, self._current_at = person, (self.paragraph, self._tick)

    def set_subject(self, person: Person | None) -> None:
        if person is not None:
            self._tick += 1
            self.subject, self._subject_at = person, (self.paragraph, self._tick)

    def recent(self, gender: str = "", same_paragraph: bool = False) -> Person | None:
        """Who "he"/"she" is: the latest of the sentence subject and the speaker quoted last."""
        pairs = ((self._current_at, self.current), (self._subject_at, self.subject))
        candidates = [(at, person) for at, person in pairs if person]
        if not candidates:
            return None
        (paragraph, _), person = max(candidates, key=lambda c: c[0][1])
        if self.paragraph - paragraph > (0 if same_paragraph else MAX_PRONOUN_PARAGRAPHS):
            return None
        if gender and person.gender and gender != person.gender:
            return None  # "قالت" after a man: someone else, unnamed here
        return person

    def note_sentence(self, words: list[str]) -> None:
        """The subject of a sentence: a title or a known name among its first words (VSO or SVO).

        "ومنذ إعلان الرئيس …": a sentence opening with a preposition has its subject later (none
        is noted); "أما جدتها … فتقول": the topic after "أما" is the subject;
        "لكن حسن بصري يالتشين، مدير الأبحاث …": a new name with its title after a comma.
        """
        first = lexicon.norm(clean_word(words[0])) if words else ""
        if (first[:1] in "وف" and first[1:] in lexicon.PREPOSITIONS) or first in lexicon.PREPOSITIONS:
            return
        if first == "اما" and len(words) > 1:
            topic = clean_word(words[1])
            if (
                topic
                and lexicon.is_kin(topic)  # "أما أشهر ابتكاراتها": what, not who
                and not lexicon.is_role_head(topic)
                and self.by_name(topic) is None
            ):
                self.set_subject(Person(role=topic))
                return
        titled = self._name_then_title(words)
        if titled is not None:
            self.set_subject(titled)
            return
        for i, raw in enumerate(words[:3]):
            cleaned = clean_word(raw)
            if not cleaned or (i and lexicon.is_preposition(clean_word(words[i - 1]))):
                continue
            key = lexicon.norm(cleaned)
            if key[:1] in "بل" and lexicon.has_article(cleaned):
                continue  # "بالرئيس", "للوزير": an object, not the subject
            if lexicon.opens_title([cleaned, clean_word(words[i + 1]) if i + 1 < len(words) else ""], 0):
                if i and lexicon.has_article(clean_word(words[i - 1])):
                    return  # "التصريحات الإعلامية": an adjective of the noun before it, no subject
                if i and lexicon.norm(clean_word(words[i - 1])) in lexicon.STATED_NOUNS:
                    return  # "واعتبر لجوء مؤسسة النقد إلى…": what was stated governs the body
                said = speaker_phrase(words[i:], 10)
                ref = split_role_and_name(said)
                name = ref.name.split()
                # "خالد المنصور مواقع الحادث": after a definite surname come the verb's objects.
                definite = next((k for k, w in enumerate(name) if k and lexicon.has_article(w)), None)
                name = name[: definite + 1] if definite is not None else name
                # "استقبل الرئيس قيس سعيد وفدا": the verb's indefinite object ends the name.
                name = name[: next((k for k, w in enumerate(name) if k and _is_object_after_name(w)), None)]
                if _name_length(name) > 3:
                    return  # the name's end is not clear
                # Rejoined only when trimmed: "الشيخ أحمد الطيب شيخ الأزهر" keeps its order.
                phrase = said if name == ref.name.split() else " ".join([ref.role, *name]).strip()
                person = self.resolve(phrase, update=False) if phrase else None
                if person is not None:
                    self.set_subject(person)
                return
            known = self.by_name(cleaned) if len(key) >= 3 and key not in lexicon.FUNCTION_WORDS else None
            following = clean_word(words[i + 1]) if i + 1 < len(words) and not _ends_phrase(raw) else ""
            if known is not None and following and _can_start_name([following], 0):
                if not lexicon.word_kind(following) and lexicon.norm(following) not in _tokens(known.name):
                    return  # "حسن بصري يالتشين" is not the known "شيخ حسن"
            if known is not None:
                self.set_subject(known)
                return

    def _name_then_title(self, words: list[str]) -> Person | None:
        start = 1 if words and lexicon.norm(clean_word(words[0])) in lexicon.CLAUSE_OPENERS else 0
        name: list[str] = []
        for raw in words[start : start + 4]:
            cleaned = clean_word(raw)
            if not cleaned or not _can_start_name([cleaned], 0) or lexicon.word_kind(cleaned):
                return None
            if lexicon.norm(cleaned) in lexicon.FUNCTION_WORDS or lexicon.is_not_speaker_opening(cleaned):
                return None
            name.append(cleaned)
            if raw.endswith(("،", ",")):
                break
        else:
            return None
        rest = words[start + len(name) :]
        if len(name) < 2 or not rest or not lexicon.is_role_head(clean_word(rest[0])):
            return None
        title = speaker_phrase(rest, 8)
        if not title or split_role_and_name(title).name:
            return None
        return self._remember(Person(name=" ".join(name), role=_clean_role(title)))

    # --- naming ---------------------------------------------------------------------------

    def learn_appositives(self, paragraph: str) -> None:
        """ "الرئيس الروسي، فلاديمير بوتين، …": a title, then a name between commas."""
        parts = re.split("[،,]", paragraph)
        for k in range(1, len(parts) - 1):
            name_words = [clean_word(w) for w in parts[k].split()]
            if len(name_words) > 1 and (
                lexicon.is_honorific(name_words[0])
                or (lexicon.has_article(name_words[0]) and lexicon.is_role_head(name_words[0]))
            ):
                name_words = name_words[1:]  # "الأمير خالد بن سلمان", "السيد علي خامنئي"
            definite = [i for i, w in enumerate(name_words) if lexicon.has_article(w)]
            if len(definite) > 1 or (definite and definite[0] != len(name_words) - 1):
                continue  # "أسطورة السينما الغربية": a description, not a name
            if not 1 <= _name_length(name_words) <= 4 or len(name_words) > 7 or not all(name_words):
                continue
            if not _can_start_name(name_words, 0) or lexicon.norm(name_words[0]) in lexicon.EPITHETS:
                continue
            if any(lexicon.is_role_head(w) or lexicon.norm(w) in lexicon.FUNCTION_WORDS for w in name_words):
                continue
            if any(
                lexicon.norm(w) in lexicon.DATE_WORDS or lexicon.word_kind(w) or lexicon.is_speaker_stop(w)
                for w in name_words
            ):  # "الناشطات، مثل لجين الهذلول،": an example, not the name
                continue
            before = [clean_word(w) for w in parts[k - 1].split()][-MAX_ROLE_WORDS - 4 :]
            heads = [i for i, w in enumerate(before) if lexicon.is_role_head(w)]
            if not heads or len(before) - heads[-1] > MAX_ROLE_WORDS:
                continue
            first_head = heads[-1]
            while True:
                if first_head > 0 and lexicon.is_role_head(before[first_head - 1]):
                    first_head -= 1  # "الناشطة والباحثة في جامعة هارفارد": one title of two nouns
                elif (
                    first_head > 1
                    and lexicon.is_role_head(before[first_head - 2])
                    and not lexicon.has_article(before[first_head - 1])
                    and lexicon.norm(before[first_head - 1]) not in lexicon.FUNCTION_WORDS
                ):
                    first_head -= 2  # "مدير أعمال اللاعب": the player is whose manager he is
                else:
                    break
            role = " ".join(before[first_head:])
            if len(before) - heads[-1] == 1 and not lexicon.has_article(before[-1]):
                continue  # "وقال مصدر، طلب عدم نشر اسمه،": a source between commas has no name
            self._remember(Person(name=" ".join(name_words), role=_clean_role(role)))

    def resolve(self, phrase: str, gender: str = "", update: bool = True) -> Person | None:
        """The person a speaker phrase names; for an empty phrase (he said), `recent(gender)`.

        None when the phrase names no person, role or body ("كلمات الأغنية").
        """
        if not phrase.strip():
            return self.recent(gender)
        if not is_person_phrase(phrase):
            return None
        if all(lexicon.norm(w) in lexicon.PLACES for w in phrase.split()):
            return None  # "تركيا": the verb's object, not its subject
        ref = split_role_and_name(phrase)
        if ref.name and ref.role:
            person = self._remember(ref)
        elif not ref.name and ref.role and _is_plural(ref.role):
            person = Person(role=ref.role, gender="pl")  # "الناشطات": a group, never one of them
        elif not ref.name and ref.role and lexicon.is_role_head(ref.role.split()[0]):
            known = self._by_role(ref.role)
            if known is None:
                person = self._remember(ref)
            else:
                # Keep the title as this sentence gives it unless it is a shorter form ("الوزيرة").
                fuller = len(ref.role.split()) >= len(known.role.split())
                person = Person(name=known.name, role=ref.role if fuller else known.role, gender=known.gender)
        elif ref.name or self.by_name(ref.role) or self._first_mention(ref.role):
            # "الراشد" alone is a known or earlier named person, not an institution.
            name = ref.name or ref.role
            person = self.by_name_prefix(name) or self._first_mention(name) or self._remember(Person(name))
        else:
            # An institution ("الكرملين"): named as written.
            person = Person(name=ref.role) if ref.role else None
        if person is not None and not person.name and _is_plural(person.role):
            person.gender = "pl"  # "الناشطات": a group is never "she"
        elif person is not None and gender and not person.gender:
            person.gender = gender
        if update:
            self.set_current(person)
            self.set_subject(person)
        return person

    def resolve_appositive(
        self, role_phrase: str, name: str, gender: str = "", whole: bool = False
    ) -> Person | None:
        """ "رجل الدين الشيعي العراقي، مقتدى الصدر،": the title, then the name between commas
        (`whole`: the title came after the name and is all title)."""
        role = split_role_and_name(role_phrase)
        if not whole and (role.name or not role.role):
            return self.resolve(role_phrase, gender)
        title = role_phrase if whole else role.role
        person = self._remember(Person(name=name, role=_clean_role(title), gender=gender))
        self.set_current(person)
        self.set_subject(person)
        return person

    def by_name(self, name: str) -> Person | None:
        wanted = _tokens(name)
        if not wanted:
            return None
        rarest = min(wanted, key=lambda t: len(self._by_token.get(t, ())))
        for person in reversed(self._by_token.get(rarest, ())):
            if wanted <= _tokens(person.name):
                return person
        return None

    def by_name_prefix(self, name: str) -> Person | None:
        """ "بوعسكر المترشحين" (a verb's subject and object) → the known "فاروق بوعسكر"; "لنادي
        ليفربول الإنكليزي محمد صلاح" → the known "محمد صلاح"."""
        words = name.split()
        person = self.by_name(name)
        n = len(words)
        while person is None and n > 1 and (lexicon.has_article(words[n - 1]) or len(words) >= 3):
            n -= 1  # only a definite object is dropped: "ديل كوستولو" is not "ديل هارفي"
            person = self.by_name(" ".join(words[:n]))
        for start in range(1, len(words) - 1):
            if person is not None:
                break
            person = self.by_name(" ".join(words[start:]))
        return person

    def _first_mention(self, name: str) -> Person | None:
        """ "وقال بنعلي" → "يوسف بنعلي", role "العداء المغربي", from "توج العداء المغربي يوسف بنعلي"."""
        surname = normalize(name.split()[0]) if name.split() else ""
        if surname not in self._first_mentions:
            self._first_mentions[surname] = self._find_first_mention(surname)
        found = self._first_mentions[surname]
        return self._remember(found) if found is not None else None

    @cached_property
    def _stops(self) -> frozenset[int]:
        """Positions in `_words` a first mention's name or title cannot reach back over: a word
        ending a phrase («،», «:», «.») or a line. "مراسل القناة:" closing one paragraph is no
        title of the words opening the next. (Only when a first mention is looked for: rare.)"""
        stops, k = set(), 0
        for line in self._plain_text.splitlines():
            words = line.split()
            stops.update(k + i for i, word in enumerate(words) if _ends_phrase(word))
            k += len(words)
            if words:
                stops.add(k - 1)
        return frozenset(stops)

    def _find_first_mention(self, surname: str) -> Person | None:
        words = self._words
        for k in self._positions.get(surname, ())[:50]:
            start = k
            while start > 0 and k - start < 2 and _can_start_name(words, start - 1):
                if lexicon.word_kind(words[start - 1]) or not words[start - 1] or start - 1 in self._stops:
                    break
                start -= 1
            if start == k:
                continue
            role_start = start
            while role_start > 0 and start - role_start < MAX_ROLE_WORDS:
                if role_start - 1 in self._stops:
                    break
                previous = words[role_start - 1]
                if lexicon.is_role_head(previous):
                    role_start -= 1
                    break
                if not lexicon.has_article(previous):
                    break
                role_start -= 1
            if not lexicon.is_role_head(words[role_start]):
                continue  # "غرب كردستان": without a title before it, not a person's full name
            role = _clean_role(" ".join(words[role_start:start]))
            return Person(name=" ".join(words[start : k + 1]), role=role)
        return None

    def _remember(self, person: Person) -> Person:
        known = self.by_name(person.name) if person.name else None
        if known:
            known.name = max(known.name, person.name, key=len)
            known.role = known.role or person.role
            known.gender = known.gender or person.gender
            return known
        self.people.append(person)
        for token in _tokens(person.name):
            self._by_token.setdefault(token, []).append(person)
        return person

    def _by_role(self, role: str) -> Person | None:
        wanted = _stems(role)
        if not wanted:
            return None
        best, best_score = None, 0.0
        for person in reversed(self.people[-MAX_ROLE_CANDIDATES:]):
            have = _stems(person.role)
            if not person.name or not have or not _same_stem(wanted[0], have[0]):
                continue
            score = sum(any(_same_stem(w, h) for h in have) for w in wanted) / len(wanted)
            if score > best_score:
                best, best_score = person, score
        return best if best_score >= 0.6 else None
