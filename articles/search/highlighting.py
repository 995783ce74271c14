"""Show where a story matched: whole words marked, everything else escaped.

The text is shown as written (hamza, vowel marks, tatweel), so each written word is
normalized and stemmed on its own and compared with the query's terms — the same
rulebook as the index — rather than searching the raw text for the raw query.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.text.analysis import analyze
from articles.text.normalize import raw_words

from .query import Term, parse

ELLIPSIS = "…"
Span = tuple[int, int]  # a word's start and end in the text


class WordMatcher:
    def __init__(self, terms: list[Term]):
        self.tokens = {t for term in terms for t in term.tokens}
        self.prefixes = tuple(term.prefix for term in terms if term.prefix)
        # A story's words repeat (particles, names): each written form is analyzed once.
        self._seen: dict[str, bool] = {}

    def __bool__(self):
        return bool(self.tokens or self.prefixes)

    def matches(self, word: str) -> bool:
        seen = self._seen.get(word)
        if seen is None:
            seen = self._seen[word] = self._matches(word)
        return seen

    def _matches(self, word: str) -> bool:
        for token in analyze(word):
            if token.term in self.tokens:
                return True
            if self.prefixes and not token.is_stop:
                if (token.surface[1:] or token.term).startswith(self.prefixes):
                    return True
        return False


def matching_spans(text: str, matcher: WordMatcher, start: int = 0, end: int | None = None) -> list[Span]:
    """The matching words of `text` (those inside text[start:end] only, when given)."""
    if not matcher:
        return []
    end = len(text) if end is None else end
    return [(a, b) for a, b in raw_words(text) if a >= start and b <= end and matcher.matches(text[a:b])]


def first_match(text: str, matcher: WordMatcher) -> Span | None:
    if not matcher:
        return None
    return next(((a, b) for a, b in raw_words(text) if matcher.matches(text[a:b])), None)


def mark(text: str, spans) -> SafeString:
    out, last = [], 0
    for a, b in spans:
        out.append(escape(text[last:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        last = b
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def highlight(text: str, query: str) -> SafeString:
    text = text or ""
    return mark(text, matching_spans(text, WordMatcher(parse(query))))


def snippet(text: str, query: str, length: int = 200, matcher: WordMatcher | None = None) -> SafeString:
    text = " ".join((text or "").split())
    matcher = matcher or WordMatcher(parse(query))
    if len(text) <= length:
        return mark(text, matching_spans(text, matcher))
    # Start a little before the first match, so it reads in context; only the words of
    # the window shown are matched (a body is thousands of words, the window forty).
    found = first_match(text, matcher)
    first = found[0] if found else 0
    start = max(0, min(first - length // 4, len(text) - length))
    end = start + length
    if start > 0 and not text[start - 1].isspace():
        start = _next_space(text, start, end)
    if end < len(text) and not text[end].isspace():
        end = max(text.rfind(" ", start, end), start)
    if end <= start:  # one very long word: cut it rather than show nothing
        end = start + length
    window = text[start:end].strip()
    offset = start + (len(text[start:end]) - len(text[start:end].lstrip()))
    spans = matching_spans(text, matcher, offset, offset + len(window))
    window_spans = [(a - offset, b - offset) for a, b in spans]
    body = mark(window, window_spans)
    lead = ELLIPSIS if offset > 0 else ""
    tail = ELLIPSIS if offset + len(window) < len(text) else ""
    return mark_safe(lead + body + tail)  # noqa: S308 (body escaped by mark())


def _next_space(text: str, start: int, end: int) -> int:
    space = text.find(" ", start, end)
    return space + 1 if space != -1 else start


def story_snippet(article, query: str, length: int = 200) -> SafeString:
    """The story-list snippet: around the first match in the dek or body, else the excerpt."""
    matcher = WordMatcher(parse(query))
    for text in (article.dek, article.body):
        if text and first_match(" ".join(text.split()), matcher):
            return snippet(text, query, length, matcher)
    return snippet(article.excerpt or article.body, query, length, matcher)
