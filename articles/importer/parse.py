"""Raw Arabic news copy → articles, quotes, tags and related headlines (PRODUCT §4.1).

Plain Python: no Django. `parse(text)` never raises on any text; it returns a
`ParseResult` holding either articles or an `ImportProblem`.

The file is read as blank-line separated blocks. Label lines (source, keywords, read
also, similar) are pulled out of the blocks wherever they stand; they split the file
into the main story, an optional read-also section (a second story, or headlines) and
a similar-headlines list.
"""

import re
from collections.abc import Container
from dataclasses import dataclass, field

from ..text import lexicon
from ..text.normalize import normalize, remove_tashkeel
from . import parsed as p
from .errors import ImportProblem
from .headlines import derive_headline, ends_sentence, is_headline_line, split_run_together
from .keywords import parse_keywords
from .parsed import ParsedArticle, ParsedLink, ParsedQuote, ParseResult
from .quotes import extract_quotes
from .speakers import Speakers, clean_word, speaker_phrase

_A = "[اأإآ]"
_LABELS = {
    "source": re.compile(r"^(?:ال)?مصدر\s*(?:[:：]|\s[-–]\s)\s*(.*)$"),
    "keywords": re.compile(
        r"^(?:ال)?(?:كلمات\s+(?:ال)?(?:دلالي[ةه]|مفتاحي[ةه])|وسوم|tags|keywords)\s*[:：]\s*(.*)$", re.I
    ),
    "read_also": re.compile(rf"^و?{_A}قر[أاء]\s+{_A}يض[اًٌ]*\s*(?:[:：\-–]\s*(.*))?$"),
    "similar": re.compile(
        rf"^(?:مقالات|{_A}خبار|مواضيع|موضوعات)\s+(?:مشابه[ةه]|ذات\s+صل[ةه])\s*(?:[:：]\s*(.*))?$"
    ),
}
_BULLET = re.compile(r"^[•\-–—*·▪●◦]\s*")
MAX_STATEMENT_INTRO_WORDS = 25


@dataclass
class _Unit:
    """A paragraph (lines of one block), a bullet line, or a label line."""

    kind: str  # "text" | "bullet" | "source" | "keywords" | "read_also" | "similar"
    lines: list[str]
    line: int  # first line number in the file
    content: str = ""  # for labels: what follows the colon

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())


@dataclass
class _Sections:
    main: list[_Unit] = field(default_factory=list)
    read_also: list[_Unit] = field(default_factory=list)
    read_also_lines: list[ParsedLink] = field(default_factory=list)
    similar: list[ParsedLink] = field(default_factory=list)
    sources: list[_Unit] = field(default_factory=list)
    keywords: list[_Unit] = field(default_factory=list)
    first_label_line: int | None = None


def parse(text: str, known_tags: Container[str] = (), known_headlines: Container[str] = ()) -> ParseResult:
    """Parse decoded raw text. `known_tags`: normalized keys of the site's tags;
    `known_headlines`: normalized headlines of existing stories (to split boxes)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ParseResult(error=ImportProblem("blank"), text=text)
    sections = _sections(_units(text))
    if not any(u.kind == "text" for u in sections.main):
        code = "only_labels" if sections.first_label_line else "no_body"
        return ParseResult(error=ImportProblem(code, line=sections.first_label_line), text=text)

    main = _article(sections.main, known_headlines=known_headlines)
    if not main.body or (main.title_derived and len(main.body) == 1 and is_headline_line(main.body[0])):
        # A lone headline-shaped line is a title with no story under it.
        return ParseResult(error=ImportProblem("no_body", line=sections.main[0].line), text=text)
    articles = [main]
    second = _read_also_article(sections.read_also, known_headlines)
    if second is not None:
        articles.append(second)

    _attach_trailer(articles, sections, known_tags)
    _attach_links(articles, sections)
    return ParseResult(articles=articles, text=text)


# --- reading the file into units ---------------------------------------------------------


def _units(text: str) -> list[_Unit]:
    lines = text.split("\n")
    # Copy pasted from a web page often has no blank lines at all: then each line is a block.
    line_per_block = sum(1 for line in lines if line.strip()) > 1 and not _has_blank_line_between(lines)
    units: list[_Unit] = []
    current: _Unit | None = None
    for number, raw in enumerate(lines, start=1):
        line = " ".join(raw.split())
        if not line:
            current = None
            continue
        kind, content = _label(line)
        if kind:
            units.append(_Unit(kind, [line], number, content))
            current = None
        elif _BULLET.match(line) and len(line) > 1:
            units.append(_Unit("bullet", [_BULLET.sub("", line)], number))
            current = None
        elif current is None or line_per_block or ends_sentence(current.lines[-1]):
            # A line ending a sentence ends its paragraph even without a blank line after it;
            # hard-wrapped lines that break mid-sentence are joined.
            current = _Unit("text", [line], number)
            units.append(current)
        else:
            current.lines.append(line)
    return units


def _has_blank_line_between(lines: list[str]) -> bool:
    filled = [index for index, line in enumerate(lines) if line.strip()]
    return bool(filled) and filled[-1] - filled[0] + 1 > len(filled)


# The first word of every label, normalized: most lines are ruled out by one set lookup.
_LABEL_FIRST_WORDS = frozenset(
    "مصدر المصدر كلمات الكلمات وسوم الوسوم tags keywords اقرا واقرا اقر مقالات اخبار مواضيع موضوعات".split()
)


def _label(line: str) -> tuple[str, str]:
    first = line.split(None, 1)[0].replace("：", ":").split(":", 1)[0]
    if lexicon.norm(first) not in _LABEL_FIRST_WORDS:
        return "", ""
    bare = remove_tashkeel(line).strip()
    for kind, pattern in _LABELS.items():
        match = pattern.match(bare)
        if match:
            return kind, _content_as_written(line, match.group(1) or "")
    return "", ""


def _content_as_written(line: str, bare_content: str) -> str:
    """The label's content with its tashkeel, taken from the original line."""
    if not bare_content:
        return ""
    for sep in (":", "：", "-", "–"):
        if sep in line:
            tail = line.split(sep, 1)[1].strip()
            if remove_tashkeel(tail) == bare_content.strip():
                return tail
    return bare_content.strip()


def _sections(units: list[_Unit]) -> _Sections:
    s = _Sections()
    state = "main"
    pending_label: _Unit | None = None  # "المصدر:" with the value on the next line
    for unit in units:
        if unit.kind != "text" and unit.kind != "bullet" and s.first_label_line is None:
            s.first_label_line = unit.line
        if pending_label is not None and unit.kind == "text" and is_headline_line(unit.text):
            pending_label.content = unit.text
            pending_label = None
            continue
        pending_label = None
        if unit.kind in ("source", "keywords"):
            (s.sources if unit.kind == "source" else s.keywords).append(unit)
            if not unit.content:
                pending_label = unit
        elif unit.kind == "read_also":
            if unit.content:
                s.read_also_lines.append(ParsedLink("read_also", unit.content))
            else:
                state = "read_also"
        elif unit.kind == "similar":
            state = "similar"
            if unit.content:
                s.similar.append(ParsedLink("similar", unit.content))
        elif state == "similar":
            for line in unit.lines:
                if is_headline_line(line):
                    s.similar.append(ParsedLink("similar", line))
        elif state == "read_also":
            s.read_also.append(unit)
        else:
            s.main.append(unit)
    return s


# --- one article ---------------------------------------------------------------------------


def _article(units: list[_Unit], known_headlines: Container[str]) -> ParsedArticle:
    article = ParsedArticle(line=units[0].line)
    first = units[0]
    text_units = [u for u in units if u.kind == "text"]
    if (
        first.kind == "text"
        and len(first.lines) == 1
        and is_headline_line(first.text)
        and len(text_units) > 1
    ):
        article.title = first.text
        units = units[1:]
    _fill_body(article, units, known_headlines)
    if not article.title and article.body:
        article.title = derive_headline(article.body[0])
        article.title_derived = True
        article.warnings.append(p.TITLE_DERIVED)
    return article


def _fill_body(article: ParsedArticle, units: list[_Unit], known_headlines: Container[str]) -> None:
    """Paragraphs, statement blocks and boxes of inline headlines, then quotes in order."""
    blocks: list[tuple[int, str, str]] = []  # (position, intro phrase, statement text)
    i = 0
    while i < len(units):
        unit = units[i]
        intro = _statement_intro(unit) if unit.kind == "text" else None
        if intro is not None and i + 1 < len(units):
            article.body.append(unit.text)
            statement, i = _statement(units, i + 1)
            blocks.append((len(article.body), intro, statement))
            continue
        if unit.kind == "text" and _is_box(unit, article, units[i + 1 :]):
            for line in unit.lines:
                for headline in split_run_together(line, known_headlines):
                    article.related.append(ParsedLink("inline", headline))
                if len(unit.lines) == 1 and len(article.related) > 1:
                    article.warnings.append(p.BOX_SPLIT)
        elif any(ch.isalnum() for ch in unit.text) and not _is_furniture(unit):
            # Separator lines ("***"), datelines and "تابعوا…" lines are not paragraphs.
            article.body.append(unit.text)
        i += 1
    article.quotes = _quotes(article.body, blocks)


def _statement_intro(unit: _Unit) -> str | None:
    """ "وأضاف كيم:" → "كيم"; None when the block does not introduce a statement."""
    text = unit.text
    if not text.endswith((":", "：")) or len(text.split()) > MAX_STATEMENT_INTRO_WORDS:
        return None
    words = text.split()
    verbs = [k for k, w in enumerate(words) if lexicon.is_speech_verb(clean_word(w))]
    if not verbs:
        return None
    return speaker_phrase([w.rstrip(":：") for w in words[verbs[-1] + 1 :]] or [""])


def _statement(units: list[_Unit], i: int) -> tuple[str, int]:
    """The statement after an intro: consecutive bullet lines, or the next block."""
    if units[i].kind == "bullet":
        lines = []
        while i < len(units) and units[i].kind == "bullet":
            lines.append(units[i].text)
            i += 1
        return "\n".join(lines), i
    return _unquote(units[i].text), i + 1


_OPENING_QUOTES = {'"': '"', "«": "»", "“": "”"}


def _unquote(text: str) -> str:
    """«…». → …. : a statement printed in quote marks, marks removed, final stop kept."""
    closing = _OPENING_QUOTES.get(text[:1])
    end = text.rfind(closing) if closing else -1
    if end > 0 and not text[end + 1 :].strip(" .!?؟،"):
        return (text[1:end] + text[end + 1 :]).strip()
    return text


def _is_box(unit: _Unit, article: ParsedArticle, rest: list[_Unit]) -> bool:
    """Headline-shaped line(s) between two paragraphs: a box of related headlines."""
    if not article.body or not any(u.kind == "text" and not _all_headlines(u) for u in rest):
        return False
    return _all_headlines(unit) and len(unit.text.split()) >= 6


def _is_furniture(unit: _Unit) -> bool:
    text = unit.text
    return not ends_sentence(text) and (lexicon.is_dateline(text) or lexicon.is_boilerplate(text))


def _all_headlines(unit: _Unit) -> bool:
    return all(is_headline_line(line) for line in unit.lines)


def _quotes(body: list[str], blocks: list[tuple[int, str, str]]) -> list[ParsedQuote]:
    speakers = Speakers("\n".join(body))
    for paragraph in body:
        speakers.learn_appositives(paragraph)
    quotes: list[ParsedQuote] = []
    for index, paragraph in enumerate(body):
        quotes.extend(extract_quotes(paragraph, speakers))
        for position, intro, statement in blocks:
            if position == index + 1 and statement:
                person = speakers.resolve(intro)
                quotes.append(
                    ParsedQuote(
                        text=statement,
                        kind="block",
                        speaker=person.name if person else "",
                        role=person.role if person else "",
                        position=position,
                    )
                )
    return quotes


# --- the second story, trailer lines and links --------------------------------------------


def _read_also_article(units: list[_Unit], known_headlines: Container[str]) -> ParsedArticle | None:
    text_units = [u for u in units if u.kind == "text"]
    if not text_units:
        return None
    if all(u.kind == "bullet" or _all_headlines(u) for u in units):
        return None  # one headline per line: links, handled in _attach_links
    return _article(units, known_headlines=known_headlines)


def _attach_trailer(articles: list[ParsedArticle], s: _Sections, known_tags: Container[str]) -> None:
    main = articles[0]
    for unit in s.sources:
        target = main if not main.source else (articles[-1] if not articles[-1].source else None)
        if target is not None and unit.content:
            target.source = unit.content.rstrip(".")[:200]
    for article in articles[1:]:
        # The read-also story comes from the same page and outlet.
        article.source = article.source or main.source
    article_text = "\n".join([main.title, *main.body, *(q.text for q in main.quotes)])
    for unit in s.keywords:
        for tag in parse_keywords(unit.content, known_tags, article_text):
            existing = next((t for t in main.tags if normalize(t.name) == normalize(tag.name)), None)
            if existing:
                existing.weight += tag.weight
            else:
                main.tags.append(tag)
    main.tags.sort(key=lambda tag: -tag.weight)  # stable: ties keep the line's order
    if not main.source:
        main.warnings.append(p.NO_SOURCE)
    if not main.tags:
        main.warnings.append(p.NO_TAGS)


def _attach_links(articles: list[ParsedArticle], s: _Sections) -> None:
    main = articles[0]
    read_also = list(s.read_also_lines)
    if len(articles) > 1:
        read_also.append(ParsedLink("read_also", articles[1].title, article_index=1))
    else:
        for unit in s.read_also:
            read_also.extend(ParsedLink("read_also", line) for line in unit.lines if is_headline_line(line))
    main.related.extend(read_also)
    main.related.extend(s.similar)
    titles = {normalize(a.title): index for index, a in enumerate(articles)}
    for owner, article in enumerate(articles):
        kept = []
        for link in article.related:
            link.title = link.title[:300]
            if link.article_index is None:
                link.article_index = titles.get(normalize(link.title))
            if link.article_index == owner:
                continue  # a story is not related to itself
            kept.append(link)
        article.related = kept


__all__ = ["ParseResult", "ends_sentence", "parse"]
