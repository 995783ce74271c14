"""What the parser returns: plain dataclasses, no Django. `as_json` gives PRODUCT §4.2's shape."""

from dataclasses import dataclass, field

from .errors import ImportProblem

# Warning codes an editor should look at; the admin page shows them in Arabic.
TITLE_DERIVED = "title_derived"
NO_SOURCE = "no_source"
NO_TAGS = "no_tags"
BOX_SPLIT = "box_split"
BYLINE_GUESSED = "byline_guessed"
TEASERS_REMOVED = "teasers_removed"
SECOND_STORY = "second_story"
SPEAKER_UNSURE = "speaker_unsure"
# Per quote (ParsedQuote.warning): nobody could be named for sure, or the speaker was carried
# over from an earlier paragraph.
SPEAKER_UNKNOWN = "speaker_unknown"
SPEAKER_UNCERTAIN = "speaker_uncertain"
HTML_EXTRACTED = "html_extracted"
TRUNCATED = "truncated"
# The parser guessed: the story waits for an editor (imported as a draft, needs review).
GUESSES = frozenset(
    {
        TITLE_DERIVED,
        BOX_SPLIT,
        BYLINE_GUESSED,
        TEASERS_REMOVED,
        SECOND_STORY,
        SPEAKER_UNSURE,
        HTML_EXTRACTED,
        TRUNCATED,
    }
)


@dataclass
class ParseWarning:
    """One guess or gap, on one field of the article ("title", "byline", "body", "quotes"…)."""

    field: str
    code: str
    detail: str = ""

    @property
    def is_guess(self) -> bool:
        return self.code in GUESSES

    def as_json(self) -> dict:
        return {"field": self.field, "code": self.code, "detail": self.detail or None, "guess": self.is_guess}


@dataclass
class ParsedQuote:
    text: str
    kind: str  # articles.kinds.QUOTE_INLINE | QUOTE_BLOCK
    speaker: str = ""
    role: str = ""
    # Block quotes: how many body paragraphs come before the block.
    position: int | None = None
    # SPEAKER_UNKNOWN or SPEAKER_UNCERTAIN when an editor should check the speaker, else "".
    warning: str = ""

    def as_json(self) -> dict:
        return {
            "speaker": self.speaker or None,
            "role": self.role or None,
            "text": self.text,
            "kind": self.kind,
        }


@dataclass
class ParsedLink:
    kind: str  # articles.kinds.READ_ALSO | SIMILAR | INLINE
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
    # Parallel to body: "paragraph" or "crosshead" (a subheading).
    kinds: list[str] = field(default_factory=list)
    byline: str = ""  # as printed: "أحمد الريدي"
    dateline: str = ""  # place and agency: "أبوظبي - سكاي نيوز عربية"
    dek: str = ""
    published: str = ""  # ISO 8601 from the page's metadata, when it had one
    section: str = ""
    image_url: str = ""
    image_caption: str = ""
    image_credit: str = ""
    # What was taken out of the copy as page furniture, in order ("caption", "footer"…).
    removed: list[str] = field(default_factory=list)
    # Tags printed as a bare list at the end of the page, before keyword parsing.
    page_tags: list[str] = field(default_factory=list)
    # The site's name printed before the lead ("المدينة نيوز :-"), a hint for the source.
    site_prefix: str = ""
    source: str = ""
    tags: list[ParsedTag] = field(default_factory=list)
    quotes: list[ParsedQuote] = field(default_factory=list)
    related: list[ParsedLink] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # First line of the article in the file, for messages.
    line: int = 1

    def warn(self, field_name: str, code: str, detail: str = "") -> None:
        if not any(w.field == field_name and w.code == code for w in self.warnings):
            self.warnings.append(ParseWarning(field_name, code, detail))

    @property
    def needs_review(self) -> bool:
        return self.title_derived or any(w.is_guess for w in self.warnings)

    @property
    def stored_body(self) -> str:
        """The body as stored: blank-line separated, a crosshead marked "## " (Article.blocks)."""
        return "\n\n".join(
            f"## {text}" if kind == "crosshead" else text
            for kind, text in zip(self.kinds, self.body, strict=True)
        )

    def removed_summary(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for what in self.removed:
            counts[what] = counts.get(what, 0) + 1
        return list(counts.items())

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "title_derived": self.title_derived,
            "body": list(self.body),
            "blocks": [
                {"kind": kind, "text": text} for kind, text in zip(self.kinds, self.body, strict=True)
            ],
            "byline": self.byline or None,
            "dateline": self.dateline or None,
            "dek": self.dek or None,
            "published": self.published or None,
            "section": self.section or None,
            "image": (
                {"url": self.image_url, "caption": self.image_caption, "credit": self.image_credit}
                if self.image_url or self.image_caption
                else None
            ),
            "removed": [{"kind": kind, "count": count} for kind, count in self.removed_summary()],
            "warnings": [w.as_json() for w in self.warnings],
            "needs_review": self.needs_review,
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
