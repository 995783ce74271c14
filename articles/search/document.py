"""The search document of one story: analyzed tokens per weighted field.

Both backends index exactly these tokens (never raw text: FTS5's tokenizer would split
Arabic words at vowel marks, and PostgreSQL's parser has its own ideas), which is what
makes SQLite and PostgreSQL return the same stories.

Fields, strongest first: headline; lead (dek and tag names); quotes with their
speakers; rest (body and source). Each field is its tokens in order — stems, and stop
words as "__" tokens so phrases keep their positions — followed by the distinct "_"
surface forms a word being typed is matched against (only where they differ from the
stem). `names` are the words of the story's speaker, tag and source names, for
Latin ↔ Arabic matching (vocabulary.py).
"""

from dataclasses import dataclass, field

from articles.text.analysis import SURFACE, analyze, is_arabic, strip_article

SORT_KEY_SCALE = 10_000_000
FIELDS = ("headline", "lead", "quotes", "rest")
# Per-field caps keep every position inside PostgreSQL's 16,383 (so phrases agree).
MAX_TOKENS = {"headline": 200, "lead": 1000, "quotes": 3000, "rest": 10000}
MIN_NAME_LETTERS = 3


@dataclass(frozen=True)
class SearchDocument:
    article_id: int
    sort_key: int
    fields: dict[str, list[str]]  # field -> tokens then surface forms
    names: frozenset[tuple[str, str]] = frozenset()  # (word as written, token)

    def text(self, field: str) -> str:
        return " ".join(self.fields[field])

    def tokens(self) -> set[str]:
        return {t for field in FIELDS for t in self.fields[field]}


def sort_key(published_at, article_id: int) -> int:
    """Newer first as one integer: publish second, then id; unique per story.

    FTS5 uses it as the rowid, so "newest matches first" is the index's own order.
    """
    return int(published_at.timestamp() // 1) * SORT_KEY_SCALE + article_id % SORT_KEY_SCALE


@dataclass
class Story:
    """What the index reads of one story, as plain values (index.py reads them in a
    few queries per chunk instead of model instances and prefetches)."""

    pk: int
    published_at: object
    headline: str
    dek: str
    body: str
    source_name: str = ""
    tag_names: list[str] = field(default_factory=list)  # in the order the story lists them
    quotes: list[tuple[str, str, str]] = field(default_factory=list)  # (speaker, role, text) in order


def story_of(article) -> Story:
    """A model instance as a Story (prefetch tag_links__tag and quotes)."""
    return Story(
        article.pk,
        article.published_at,
        article.headline,
        article.dek,
        article.body,
        article.source.name if article.source_id else "",
        [link.tag.name for link in article.tag_links.all()],
        [(q.speaker_name, q.speaker_role, q.text) for q in article.quotes.all()],
    )


def field_texts(story: Story) -> dict[str, str]:
    """The story's text per field, as written."""
    quotes = " ".join(f"{name} {role} {text}" for name, role, text in story.quotes)
    return {
        "headline": story.headline,
        "lead": f"{story.dek} {' '.join(story.tag_names)}",
        "quotes": quotes,
        "rest": f"{story.body} {story.source_name}",
    }


def name_texts(story: Story) -> list[str]:
    return [name for name, _, _ in story.quotes] + story.tag_names + [story.source_name]


def build(story) -> SearchDocument:
    """The document of a Story (or of a model instance, prefetched as story_of says)."""
    if not isinstance(story, Story):
        story = story_of(story)
    texts = field_texts(story)
    fields = {name: field_tokens(texts[name], MAX_TOKENS[name]) for name in FIELDS}
    names = frozenset(
        (strip_article(t.surface[1:]) if t.surface else t.term, t.term)
        for text in name_texts(story)
        for t in analyze(text)
        if not t.is_stop and len(t.term) >= MIN_NAME_LETTERS and not t.term.isdigit()
    )
    return SearchDocument(story.pk, sort_key(story.published_at, story.pk), fields, names)


def field_tokens(text: str, cap: int) -> list[str]:
    tokens = analyze(text)[:cap]
    surfaces = dict.fromkeys(
        t.surface for t in tokens if t.surface and t.surface != SURFACE + t.term and is_arabic(t.term)
    )
    return [t.term for t in tokens] + list(surfaces)


def split_field(text: str) -> tuple[list[str], set[str]]:
    """A stored field back into (tokens in order, surface forms)."""
    stems, surfaces = [], set()
    for token in text.split():
        if token.startswith(SURFACE) and not token.startswith("__"):
            surfaces.add(token)
        else:
            stems.append(token)
    return stems, surfaces
