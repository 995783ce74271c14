"""Who says what: split a speaker phrase into role and name, and resolve later references.

"الناطق باسم الكرملين دميتري بيسكوف" → role "الناطق باسم الكرملين", name "دميتري بيسكوف".
Later "بيسكوف" resolves to him by name; "زعيم كوريا الشمالية" resolves to the person the
article introduced as "الزعيم الكوري الشمالي، كيم جونغ أون،" by the stems of the role.
"""

import re
from collections.abc import Container
from dataclasses import dataclass

from ..text import lexicon
from ..text.normalize import normalize, stem, tokenize

_EDGE_PUNCT = " \t.,،:;؛!?؟\"'«»“”()[]-–—"
MAX_NAME_WORDS = 4
MAX_ROLE_WORDS = 7


@dataclass
class Person:
    name: str = ""
    role: str = ""


def clean_word(word: str) -> str:
    return word.strip(_EDGE_PUNCT)


def split_role_and_name(phrase: str, places: Container[str] = ()) -> Person:
    """Trailing words without the article that are not places or titles are the name."""
    words = [w for w in (clean_word(w) for w in phrase.split()) if w]
    j = len(words)
    while j > 0 and len(words) - j < MAX_NAME_WORDS:
        word, key = words[j - 1], normalize(words[j - 1])
        if lexicon.has_article(word):
            if j >= 2 and normalize(words[j - 2]) in lexicon.NAME_PARTICLES:
                j -= 2
                continue
            break
        if (
            key in lexicon.FUNCTION_WORDS
            or key in lexicon.PLACES
            or key in places
            or lexicon.is_role_head(word)
            or not any(ch.isalpha() for ch in word)
        ):
            break
        j -= 1
    role_words = words[:j]
    if role_words and normalize(role_words[0]).startswith("وال"):
        role_words[0] = role_words[0][1:]  # "والزعيم" → "الزعيم"
    return Person(name=" ".join(words[j:]), role=" ".join(role_words))


def _stems(text: str) -> list[str]:
    return [stem(t) for t in tokenize(text) if t not in lexicon.FUNCTION_WORDS]


def _same_stem(a: str, b: str) -> bool:
    # The stemmer leaves "كوري" for كوريا and "كور" for الكوري: accept a shared prefix.
    short, long_ = sorted((a, b), key=len)
    return (len(short) >= 3 and long_.startswith(short)) or a == b


class Speakers:
    """The people an article has named so far, and who is speaking now."""

    def __init__(self, places: Container[str] = ()):
        self.people: list[Person] = []
        self.current: Person | None = None
        self.places = places

    def learn_appositives(self, paragraph: str) -> None:
        """ "الرئيس الروسي، فلاديمير بوتين، …": a title, then a name between commas."""
        parts = re.split("[،,]", paragraph)
        for k in range(1, len(parts) - 1):
            name_words = [clean_word(w) for w in parts[k].split()]
            if not 1 <= len(name_words) <= MAX_NAME_WORDS:
                continue
            candidate = split_role_and_name(parts[k], self.places)
            if candidate.role or not candidate.name:
                continue
            before = [clean_word(w) for w in parts[k - 1].split()]
            heads = [i for i, w in enumerate(before) if lexicon.is_role_head(w)]
            if not heads or len(before) - heads[-1] > MAX_ROLE_WORDS:
                continue
            role = " ".join(before[heads[-1] :])
            if normalize(role).startswith("وال"):
                role = role[1:]
            self._remember(Person(name=candidate.name, role=role))

    def resolve(self, phrase: str) -> Person | None:
        """The person a speaker phrase names; None for an empty phrase (a pronoun: he said)."""
        if not phrase.strip():
            return self.current
        ref = split_role_and_name(phrase, self.places)
        if ref.name and ref.role:
            person = self._remember(ref)
        elif ref.name:
            person = self.by_name(ref.name) or self._remember(ref)
        elif lexicon.is_role_head(ref.role.split()[0]):
            known = self._by_role(ref.role)
            person = Person(name=known.name, role=ref.role) if known else self._remember(ref)
        else:
            # An institution ("الكرملين") or a noun that is nobody: name it as written.
            person = Person(name=ref.role)
        self.current = person
        return person

    def _remember(self, person: Person) -> Person:
        known = self.by_name(person.name) if person.name else None
        if known:
            known.name = max(known.name, person.name, key=len)
            known.role = known.role or person.role
            return known
        self.people.append(person)
        return person

    def by_name(self, name: str) -> Person | None:
        wanted = set(tokenize(name))
        for person in reversed(self.people):
            if person.name and wanted <= set(tokenize(person.name)):
                return person
        return None

    def _by_role(self, role: str) -> Person | None:
        wanted = _stems(role)
        if not wanted:
            return None
        best, best_score = None, 0.0
        for person in reversed(self.people):
            if not person.role or not person.name:
                continue
            have = _stems(person.role)
            if not have or not _same_stem(wanted[0], have[0]):
                continue
            score = sum(any(_same_stem(w, h) for h in have) for w in wanted) / len(wanted)
            if score > best_score:
                best, best_score = person, score
        return best if best_score >= 0.6 else None
