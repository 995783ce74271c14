"""Who says what: split a speaker phrase into role and name, and resolve later references.

"الناطق باسم الكرملين دميتري بيسكوف" → role "الناطق باسم الكرملين", name "دميتري بيسكوف".
Later "بيسكوف" resolves to him by name; "زعيم كوريا الشمالية" resolves to the person the
article introduced as "الزعيم الكوري الشمالي، كيم جونغ أون،" by the stems of the role;
"بنعلي" resolves to "يوسف بنعلي" by the story's first mention of him.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import lexicon
from ..text.normalize import normalize, stem, tokenize

_EDGE_PUNCT = " \t.,،:;؛!?؟\"'«»“”()[]-–—"
MAX_NAME_WORDS = 5
MAX_ROLE_WORDS = 8


@dataclass
class Person:
    name: str = ""
    role: str = ""


def clean_word(word: str) -> str:
    return word.strip(_EDGE_PUNCT)


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


def split_role_and_name(phrase: str) -> Person:
    """A title opens with a role noun and runs on through definite words; the name follows.

    "محافظة البنك المركزي الأردني رنا الخطيب" → "محافظة البنك المركزي الأردني" / "رنا الخطيب".
    A phrase with no role noun is a name ("بيسكوف") or, when all definite, an institution.
    """
    words = [w for w in (clean_word(w) for w in phrase.split()) if w]
    if not words:
        return Person()
    if not lexicon.is_role_head(words[0]):
        if all(lexicon.has_article(w) for w in words):
            return Person(role=" ".join(words))
        return Person(name=" ".join(words[:MAX_NAME_WORDS]))
    i = 1
    if i < len(words) and not lexicon.has_article(words[0]):
        i += 1  # construct state: "وزير خارجية", "مدير مركز", "ولي عهد"
    while i < len(words):
        after_preposition = lexicon.norm(words[i - 1]) in lexicon.FUNCTION_WORDS
        if after_preposition or _is_role_word(words, i) or lexicon.is_role_head(words[i]):
            i += 1  # "المتحدث باسم إدارة الأرصاد": the object of باسم is in the title
        elif (
            lexicon.norm(words[i]) in lexicon.NAME_PARTICLES
            and i + 2 < len(words)
            and any(_can_start_name(words, j) for j in range(i + 2, len(words)))
        ):
            i += 2  # "مركز الملك عبد العزيز الثقافي عبد الله الراشد": the first عبد is in the title
        else:
            break
    role_words, name_words = words[:i], words[i : i + MAX_NAME_WORDS]
    if normalize(role_words[0]).startswith("وال"):
        role_words[0] = role_words[0][1:]  # "والزعيم" → "الزعيم"
    return Person(name=" ".join(name_words), role=" ".join(role_words))


@lru_cache(maxsize=20_000)
def _tokens(text: str) -> frozenset[str]:
    return frozenset(tokenize(text))


def speaker_phrase(words: list[str], limit: int = 10) -> str:
    """The subject after a speech verb: words up to a complementizer, a circumstance or a clause.

    "الباحثة في الاقتصاد الكلي نورة القحطاني إن…" runs through "في" because a name follows;
    "الوزير في المؤتمر الصحفي إن…" stops at "في" because none does.
    """
    phrase: list[str] = []
    cut: int | None = None  # where the phrase ends if the "في …" part names nobody
    for raw in words[:limit]:
        cleaned = clean_word(raw)
        key = lexicon.norm(cleaned)
        if not cleaned:
            break
        if key == "في" and phrase and lexicon.is_role_head(phrase[0]):
            cut = len(phrase) if cut is None else cut
            phrase.append(cleaned)
            continue
        if phrase and phrase[-1] == "في" and not lexicon.has_article(cleaned):
            break
        if lexicon.is_speaker_stop(cleaned) or (not phrase and key in lexicon.FUNCTION_WORDS):
            break  # "وكتب على اللافتة": no subject named, so nobody new
        if lexicon.is_speech_verb(cleaned) or (phrase and lexicon.is_object_with_pronoun(cleaned)):
            break
        phrase.append(cleaned)
        if raw[-1] in "،,:.؛;!?؟":
            break
    if cut is not None and (
        split_role_and_name(" ".join(phrase[:cut])).name or not split_role_and_name(" ".join(phrase)).name
    ):
        phrase = phrase[:cut]
    while phrase and lexicon.norm(phrase[-1]) == "في":
        phrase.pop()
    return " ".join(phrase)


@lru_cache(maxsize=20_000)
def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokenize(text) if t not in lexicon.FUNCTION_WORDS)


def _same_stem(a: str, b: str) -> bool:
    # The stemmer leaves "كوري" for كوريا and "كور" for الكوري: accept a shared prefix.
    short, long_ = sorted((a, b), key=len)
    return (len(short) >= 3 and long_.startswith(short)) or a == b


class Speakers:
    """The people an article has named so far, and who is speaking now."""

    def __init__(self, article_text: str = ""):
        self.people: list[Person] = []
        self.current: Person | None = None
        self._words = [clean_word(w) for w in article_text.split()]

    def learn_appositives(self, paragraph: str) -> None:
        """ "الرئيس الروسي، فلاديمير بوتين، …": a title, then a name between commas."""
        parts = re.split("[،,]", paragraph)
        for k in range(1, len(parts) - 1):
            name_words = [clean_word(w) for w in parts[k].split()]
            if not 1 <= len(name_words) <= 4 or not _can_start_name(name_words, 0):
                continue
            if any(lexicon.is_role_head(w) or lexicon.norm(w) in lexicon.FUNCTION_WORDS for w in name_words):
                continue
            before = [clean_word(w) for w in parts[k - 1].split()]
            heads = [i for i, w in enumerate(before) if lexicon.is_role_head(w)]
            if not heads or len(before) - heads[-1] > MAX_ROLE_WORDS:
                continue
            role = " ".join(before[heads[-1] :])
            if normalize(role).startswith("وال"):
                role = role[1:]
            self._remember(Person(name=" ".join(name_words), role=role))

    def resolve(self, phrase: str) -> Person | None:
        """The person a speaker phrase names; the current speaker for an empty phrase (he said)."""
        if not phrase.strip():
            return self.current
        ref = split_role_and_name(phrase)
        if ref.name and ref.role:
            person = self._remember(ref)
        elif not ref.name and ref.role and lexicon.is_role_head(ref.role.split()[0]):
            known = self._by_role(ref.role)
            if known is None:
                person = self._remember(ref)
            else:
                # Keep the title as this sentence gives it unless it is a shorter form ("الوزيرة").
                fuller = len(ref.role.split()) >= len(known.role.split())
                person = Person(name=known.name, role=ref.role if fuller else known.role)
        elif ref.name or self.by_name(ref.role) or self._first_mention(ref.role):
            # "الراشد" alone is a known or earlier named person, not an institution.
            name = ref.name or ref.role
            person = self.by_name_prefix(name) or self._first_mention(name) or self._remember(Person(name))
        else:
            # An institution ("الكرملين"): named as written.
            person = Person(name=ref.role) if ref.role else None
        if person is not None:
            self.current = person
        return person

    def by_name(self, name: str) -> Person | None:
        wanted = _tokens(name)
        if not wanted:
            return None
        for person in reversed(self.people):
            if person.name and wanted <= _tokens(person.name):
                return person
        return None

    def by_name_prefix(self, name: str) -> Person | None:
        """ "بوعسكر المترشحين" (a verb's subject and object) → the known "فاروق بوعسكر"."""
        words = name.split()
        for n in range(len(words), 0, -1):
            person = self.by_name(" ".join(words[:n]))
            if person:
                return person
        return None

    def _first_mention(self, name: str) -> Person | None:
        """ "وقال بنعلي" → "يوسف بنعلي", role "العداء المغربي", from "توج العداء المغربي يوسف بنعلي"."""
        surname = normalize(name.split()[0])
        words = self._words
        for k, word in enumerate(words):
            if lexicon.norm(word) != surname:
                continue
            start = k
            while start > 0 and k - start < 2 and _can_start_name(words, start - 1):
                if lexicon.word_kind(words[start - 1]) or not words[start - 1]:
                    break
                start -= 1
            if start == k:
                continue
            role_start = start
            while role_start > 0 and start - role_start < MAX_ROLE_WORDS:
                previous = words[role_start - 1]
                if lexicon.is_role_head(previous):
                    role_start -= 1
                    break
                if not lexicon.has_article(previous):
                    break
                role_start -= 1
            role = " ".join(words[role_start:start]) if lexicon.is_role_head(words[role_start]) else ""
            if normalize(role).startswith("وال"):
                role = role[1:]
            return self._remember(Person(name=" ".join(words[start : k + 1]), role=role))
        return None

    def _remember(self, person: Person) -> Person:
        known = self.by_name(person.name) if person.name else None
        if known:
            known.name = max(known.name, person.name, key=len)
            known.role = known.role or person.role
            return known
        self.people.append(person)
        return person

    def _by_role(self, role: str) -> Person | None:
        wanted = _stems(role)
        if not wanted:
            return None
        best, best_score = None, 0.0
        for person in reversed(self.people):
            have = _stems(person.role)
            if not have or not _same_stem(wanted[0], have[0]):
                continue
            score = sum(any(_same_stem(w, h) for h in have) for w in wanted) / len(wanted)
            # Prefer someone with a name over an earlier role-only mention.
            score += 0.01 if person.name else 0
            if score > best_score:
                best, best_score = person, score
        return best if best_score >= 0.6 else None
