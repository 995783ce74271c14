"""What the parser returns: plain dataclasses, no Django. `as_json` gives PRODUCT §4.2's shape."""

from dataclasses import dataclass, field

from .errors import ImportProblem

# Warning codes an editor should look at; the admin page shows them in Arabic.
TITLE_DERIVED = "title_derived"
NO_SOURCE = "no_source"
NO_TAGS = "no_tags"
UNBALANCED_QUOTES = "unbalanced_quotes"
BOX_SPLIT = "box_split"


@dataclass
class ParsedQuote:
    text: str
    kind: str  # "inline" | "block"
    speaker: str = ""
    role: str = ""
    # Block quotes: how many body paragraphs come before the block.
    position: int | None = None

    def as_json(self) -> dict:
        return {
            "speaker": self.speaker or None,
            "role": self.role or None,
            "text": self.text,
            "kind": self.kind,
        }


@dataclass
class ParsedLink:
    kind: str  # "read_also" | "similar" | "inline"
    title: str
    url: str | None = None
    # Another article of the same file this headline is (the read-also article is 1).
    article_index: int | None = None

    def as_json(self) -> dict:
        return {"kind": self.kind, "title": self.title, "url": self.url, "article_index": self.article_index}


@dataclass
class ParsedTag:
    name: str
    weight: int = 1

    def as_json(self) -> dict:
        return {"name": self.name, "weight": self.weight}


@dataclass
class ParsedArticle:
    title: str = ""
    title_derived: bool = False
    body: list[str] = field(default_factory=list)
    source: str = ""
    tags: list[ParsedTag] = field(default_factory=list)
    quotes: list[ParsedQuote] = field(default_factory=list)
    related: list[ParsedLink] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # First line of the article in the file, for messages.
    line: int = 1

    @property
    def needs_review(self) -> bool:
        return self.title_derived

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "title_derived": self.title_derived,
            "body": list(self.body),
            "source": self.source or None,
            "tags": [t.as_json() for t in self.tags],
            "quotes": [q.as_json() for q in self.quotes],
            "related": [r.as_json() for r in self.related],
        }


@dataclass
class ParseResult:
    articles: list[ParsedArticle] = field(default_factory=list)
    error: ImportProblem | None = None
    # The text the fingerprint is taken from (decoded, line endings unified).
    text: str = ""
    # Its fingerprint, when a worker process has already computed it.
    fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.articles)

    def as_json(self, path: str) -> dict:
        return {
            "path": path,
            "error": self.error.message if self.error else None,
            "articles": [] if self.error else [a.as_json() for a in self.articles],
        }
