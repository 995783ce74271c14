"""The search document of one story: normalized, stemmed tokens per weighted field.

Both backends index exactly these tokens (never raw text: FTS5's tokenizer would split
Arabic words at vowel marks, and PostgreSQL's parser has its own ideas), which is what
makes SQLite and PostgreSQL return the same stories.

Fields, strongest first: headline; lead (dek and tag names); quotes with their
speakers; rest (body and source). Each field is its stems in order (phrases need the
positions), followed by the distinct marked surface forms that a typed prefix may
need when the stemmer cut into the word ("بوتين" stems to "وتين").
"""

from dataclasses import dataclass

from articles.text.normalize import stem, tokenize

from .query import SURFACE, surface_form

SORT_KEY_SCALE = 10_000_000
FIELDS = ("headline", "lead", "quotes", "rest")
# Per-field caps keep every position inside PostgreSQL's 16,383 (so phrases agree).
MAX_TOKENS = {"headline": 200, "lead": 1000, "quotes": 3000, "rest": 10000}


@dataclass(frozen=True)
class SearchDocument:
    article_id: int
    sort_key: int
    fields: dict[str, list[str]]  # field -> stems then surface forms

    def text(self, field: str) -> str:
        return " ".join(self.fields[field])


def sort_key(published_at, article_id: int) -> int:
    """Newer first as one integer: publish second, then id; unique per story.

    FTS5 uses it as the rowid, so "newest matches first" is the index's own order.
    """
    return int(published_at.timestamp() // 1) * SORT_KEY_SCALE + article_id % SORT_KEY_SCALE


def field_texts(article) -> dict[str, str]:
    """The story's text per field, as written (prefetch tag_links__tag and quotes)."""
    quotes = " ".join(f"{q.speaker_name} {q.speaker_role} {q.text}" for q in article.quotes.all())
    tags = " ".join(link.tag.name for link in article.tag_links.all())
    source = article.source.name if article.source_id else ""
    return {
        "headline": article.headline,
        "lead": f"{article.dek} {tags}",
        "quotes": quotes,
        "rest": f"{article.body} {source}",
    }


def build(article) -> SearchDocument:
    texts = field_texts(article)
    fields = {name: field_tokens(texts[name], MAX_TOKENS[name]) for name in FIELDS}
    return SearchDocument(article.pk, sort_key(article.published_at, article.pk), fields)


def field_tokens(text: str, cap: int) -> list[str]:
    tokens = [t for t in (tok.strip(SURFACE) for tok in tokenize(text)) if t][:cap]
    stems = [stem(t) for t in tokens]
    surfaces = dict.fromkeys(
        surface_form(t) for t, s in zip(tokens, stems, strict=True) if surface_form(t) != SURFACE + s
    )
    return stems + list(surfaces)


def split_field(text: str) -> tuple[list[str], set[str]]:
    """A stored field back into (stems in order, surface forms)."""
    stems, surfaces = [], set()
    for token in text.split():
        (surfaces.add if token.startswith(SURFACE) else stems.append)(token)
    return stems, surfaces
