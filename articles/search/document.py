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

from dataclasses import dataclass

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


def field_texts(article) -> dict[str, str]:
    """The story's text per field, as written (prefetch tag_links__tag and quotes)."""
    quotes = " ".join(f"{q.speaker_name} {q.speaker_role} {q.text}" for q in article.quotes.all())
    return {
        "headline": article.headline,
        "lead": f"{article.dek} {' '.join(_tag_names(article))}",
        "quotes": quotes,
        "rest": f"{article.body} {_source_name(article)}",
    }


def _tag_names(article):
    return [link.tag.name for link in article.tag_links.all()]


def _source_name(article):
    return article.source.name if article.source_id else ""


def name_texts(article) -> list[str]:
    return [q.speaker_name for q in article.quotes.all()] + _tag_names(article) + [_source_name(article)]


def build(article) -> SearchDocument:
    texts = field_texts(article)
    fields = {name: field_tokens(texts[name], MAX_TOKENS[name]) for name in FIELDS}
    names = frozenset(
        (strip_article(t.surface[1:]) if t.surface else t.term, t.term)
        for text in name_texts(article)
        for t in analyze(text)
        if not t.is_stop and len(t.term) >= MIN_NAME_LETTERS and not t.term.isdigit()
    )
    return SearchDocument(article.pk, sort_key(article.published_at, article.pk), fields, names)


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
