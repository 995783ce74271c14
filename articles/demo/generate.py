"""Deterministic synthetic stories: plain data, no Django.

`generate(n, seed)` yields `DemoStory` objects; `articles.demo.persist` writes them
in bulk and `articles.demo.raw` renders them in the raw text format editors import.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import pictures
from . import vocabulary as V

PICTURED = 0.85


@dataclass
class DemoQuote:
    speaker: str
    role: str
    text: str
    kind: str  # "inline" or "block"
    position: int | None = None  # block quotes: paragraphs before the block


@dataclass
class DemoStory:
    index: int
    headline: str
    dek: str
    paragraphs: list[str]
    source: str
    published_at: datetime
    tags: dict[str, int]  # name -> weight
    section: str = ""
    quotes: list[DemoQuote] = field(default_factory=list)
    similar_titles: list[str] = field(default_factory=list)
    read_also_index: int | None = None  # an earlier story of the same run
    picture: int | None = None  # a scene of articles.demo.pictures (the run's shared pool)


def _zipf_weights(n: int, s: float = 1.05) -> list[float]:
    return [1 / (rank**s) for rank in range(1, n + 1)]


TAG_WEIGHTS = _zipf_weights(len(V.TAGS))
SECTION_OF_TAG = {tag: name for name, _description, tags in V.SECTIONS for tag in tags}


def section_for(tags: dict[str, int]) -> str:
    """The section of the story's heaviest filed tag (first drawn on a tie), else the first."""
    filed = [(weight, -i, tag) for i, (tag, weight) in enumerate(tags.items()) if tag in SECTION_OF_TAG]
    return SECTION_OF_TAG[max(filed)[2]] if filed else V.SECTIONS[0][0]


def _is_feminine(role: str) -> bool:
    """Roles like "وزيرة المالية" or "المتحدثة باسم…" take feminine verbs."""
    return role.split()[0].endswith("ة")


def generate(n: int, seed: int = 7, *, now: datetime, span_days: int = 180):
    """Yield `n` stories, newest last, spread over `span_days` before `now`."""
    rng = random.Random(seed)
    # Pictures from their own generator: the stories of a seed stay what they were.
    picture_rng = random.Random(f"pictures:{seed}")
    headlines: list[str] = []
    for i in range(n):
        subject, feminine = rng.choice(V.SUBJECTS)
        place = rng.choice(V.PLACES)
        obj = rng.choice(V.OBJECTS)
        predicate = rng.choice(V.HEADLINE_VERBS).format(object=obj)
        if not feminine:
            predicate = "ي" + predicate[1:]
        headline = f"{subject} {predicate} في {place}"
        if rng.random() < 0.25:
            headline = f"{place}: {subject} {predicate}"
        fill = {
            "subject": subject,
            "place": place,
            "object": obj,
            "day": rng.choice(V.DAYS),
            "pct": rng.randint(2, 38),
            "year": rng.randint(1998, 2022),
        }
        feminine_lead, masculine_lead = rng.choice(V.LEADS)
        lead = (feminine_lead if feminine else masculine_lead).format(**fill)
        body = [lead]
        quotes: list[DemoQuote] = []
        speaker, role = rng.choice(V.SPEAKERS)
        quote_text = rng.choice(V.QUOTES)
        said, pointing = ("وقالت", "مشيرةً") if _is_feminine(role) else ("وقال", "مشيراً")
        body.append(f"{said} {role} {speaker} إن «{quote_text}»، {pointing} إلى أهمية المرحلة المقبلة.")
        quotes.append(DemoQuote(speaker, role, quote_text, "inline"))
        for template in rng.sample(V.PARAGRAPHS, rng.randint(2, 5)):
            body.append(template.format(**fill))
        if rng.random() < 0.35:
            first_name = speaker.split()[0]
            verb = "وأضافت" if _is_feminine(role) else "وأضاف"
            body.append(f"{verb} {first_name}:")
            quotes.append(DemoQuote(speaker, role, rng.choice(V.BLOCK_STATEMENTS), "block", len(body)))
        tag_count = rng.randint(2, 6)
        tags: dict[str, int] = {}
        for name in rng.choices(V.TAGS, weights=TAG_WEIGHTS, k=tag_count):
            tags[name] = tags.get(name, 0) + 1
        age = timedelta(seconds=rng.randint(0, span_days * 86400))
        published_at = now - age
        similar = rng.sample(headlines, min(len(headlines), rng.randint(0, 4))) if headlines else []
        story = DemoStory(
            index=i,
            headline=headline,
            dek=lead.split("،")[0] + "." if rng.random() < 0.6 else "",
            paragraphs=body,
            source=rng.choice(V.SOURCES),
            published_at=published_at,
            tags=tags,
            section=section_for(tags),
            quotes=quotes,
            similar_titles=similar,
            read_also_index=rng.randrange(i) if i and rng.random() < 0.2 else None,
            # Most stories have a picture, as on the sites readers compare us with.
            picture=pictures.scene_for(tags, i) if picture_rng.random() < PICTURED else None,
        )
        headlines.append(headline)
        if len(headlines) > 500:
            headlines.pop(0)
        yield story
