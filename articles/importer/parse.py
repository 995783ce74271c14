"""Raw Arabic news copy → articles, quotes, tags and related headlines (PRODUCT §4.1).

Plain Python: no Django. `parse(text)` never raises on any text; it returns a
`ParseResult` holding either articles or an `ImportProblem`.

The file is read as blank-line separated blocks. Label lines (source, keywords, read
also, similar — the phrases are data in `lexicon.LABELS`) are pulled out of the blocks
wherever they stand. A box of headlines under a label is taken whole and the story goes
on after it; only a label followed by one headline and then paragraphs is the seed's
"second story". HTML (a saved page or a pasted fragment) is first turned into the same
blank-line text by `html.read_html`. Page furniture (credit lines, captions, embeds,
footers…) is removed and listed per article (`removed`); every guess is a warning.
"""

import re
from collections.abc import Container
from dataclasses import dataclass, field

from ..kinds import INLINE, READ_ALSO, SIMILAR
from ..text import lexicon
from ..text.normalize import normalize, space_glued_stops
from . import furniture
from . import parsed as p
from .errors import ImportProblem
from .headlines import MIN_BOX_WORDS, derive_headline, ends_sentence, is_headline_line, split_run_together
from .html import CROSSHEAD_MARK, HtmlPage, clean, looks_like_html, read_html
from .keywords import MAX_TAG_LENGTH, parse_keywords
from .parsed import ParsedArticle, ParsedLink, ParsedQuote, ParsedTag, ParseResult
from .quotes import article_quotes
from .speakers import clean_word, speaker_phrase

_BULLET = re.compile(r"^[•\-–—*·▪●◦]\s*")
# Entities and tags that scrapers leave in plain text ("&quot;", "&nbsp;", "<br>").
_MARKUP = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});|<\s*/?\s*[a-zA-Z][^<>]{0,200}>")
# Crossheads are short; a longer headline-shaped line between paragraphs is a related link.
MAX_CROSSHEAD_WORDS = 8
MIN_TEASERS = 3
MAX_STATEMENT_INTRO_WORDS = 25


@dataclass
class _Unit:
    """A paragraph (lines of one block), a bullet line, a crosshead, a rule or a label line."""

    kind: str  # "text" | "bullet" | "crosshead" | "rule" | "source" | "keywords" | "read_also" | "similar"
    lines: list[str]
    line: int  # first line number in the file
    content: str = ""  # for labels: what follows the colon

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())


@dataclass
class _Box:
    kind: str  # "read_also" | "similar"
    units: list[_Unit] = field(default_factory=list)


@dataclass
class _Sections:
    main: list[_Unit] = field(default_factory=list)
    read_also: list[_Unit] = field(default_factory=list)
    read_also_lines: list[ParsedLink] = field(default_factory=list)
    similar: list[ParsedLink] = field(default_factory=list)
    sources: list[_Unit] = field(default_factory=list)
    keywords: list[_Unit] = field(default_factory=list)
    first_label_line: int | None = None
    second_story_decided: bool = False


def parse(text: str, known_tags: Container[str] = (), known_headlines: Container[str] = ()) -> ParseResult:
    """Parse decoded raw text or HTML. `known_tags`: normalized keys of the site's tags;
    `known_headlines`: normalized headlines of existing stories (to split boxes)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return ParseResult(error=ImportProblem("blank"), text=text)
    page = None
    if looks_like_html(text):
        try:
            page = read_html(text)
        except ImportProblem as problem:
            return ParseResult(error=problem, text=text)
        result = _parse_text(page.as_text(), known_tags, known_headlines, page=page)
        result.text = text
        return result
    return _parse_text(text, known_tags, known_headlines)


def _parse_text(
    text: str, known_tags: Container[str], known_headlines: Container[str], page: HtmlPage | None = None
) -> ParseResult:
    sections = _sections(_units(text))
    if not any(u.kind == "text" for u in sections.main):
        code = "only_labels" if sections.first_label_line else "no_body"
        if page is not None:
            code = "no_article"
        return ParseResult(error=ImportProblem(code, line=sections.first_label_line), text=text)

    main = _article(sections.main, known_headlines=known_headlines, page=page)
    if not main.body or (main.title_derived and len(main.body) == 1 and is_headline_line(main.body[0])):
        # A lone headline-shaped line is a title with no story under it.
        code = "no_article" if page is not None else "no_body"
        return ParseResult(error=ImportProblem(code, line=None if page else sections.main[0].line), text=text)
    if not _has_story(main):
        return ParseResult(error=ImportProblem("no_article" if page else "no_story"), text=text)
    articles = [main]
    second = _read_also_article(sections.read_also, known_headlines)
    if second is not None:
        articles.append(second)
        if sections.second_story_decided:
            main.warn("related", p.SECOND_STORY)

    _attach_trailer(articles, sections, known_tags)
    if page is not None:
        _attach_page(main, page)
    _attach_links(articles, sections)
    for article in articles:
        if any(q.warning for q in article.quotes):  # speaker unknown or carried over: an editor checks
            article.warn("quotes", p.SPEAKER_UNSURE)
    return ParseResult(articles=articles, text=text)


def _has_story(article: ParsedArticle) -> bool:
    """At least one sentence of story: a page of timestamps and a footer is no article."""
    return any(
        kind == "paragraph" and (len(text.split()) >= 6 or ends_sentence(text))
        for kind, text in zip(article.kinds, article.body, strict=True)
    )


# --- reading the file into units ---------------------------------------------------------


def _units(text: str) -> list[_Unit]:
    lines = text.split("\n")
    # Copy pasted from a web page often has no blank lines at all: then each line is a block.
    line_per_block = sum(1 for line in lines if line.strip()) > 1 and not _has_blank_line_between(lines)
    units: list[_Unit] = []
    current: _Unit | None = None
    for number, raw in enumerate(lines, start=1):
        line = space_glued_stops(" ".join(raw.split()))
        if line and _MARKUP.search(line):
            line = clean(line)  # "&quot;" and "&nbsp;" from scrapers: the text, not the entity
        if not line:
            current = None
            continue
        kind, content = furniture.label(line)
        if kind:
            units.append(_Unit(kind, [line], number, content))
            current = None
        elif line.startswith(CROSSHEAD_MARK.strip()) and line[2:3] == " ":
            units.append(_Unit("crosshead", [line[3:].strip()], number))
            current = None
        elif furniture.is_rule(line):
            units.append(_Unit("rule", [line], number))
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


def _sections(units: list[_Unit]) -> _Sections:
    """Main story, boxes of headlines, the seed's read-also story and the trailer labels."""
    s = _Sections()
    state = "main"
    box: _Box | None = None
    pending_label: _Unit | None = None  # "المصدر:" with the value on the next line
    for unit in units:
        if unit.kind not in ("text", "bullet", "crosshead", "rule") and s.first_label_line is None:
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
            continue
        if unit.kind in (READ_ALSO, SIMILAR):
            _close_box(s, box)
            box = None
            if unit.kind == READ_ALSO and unit.content:
                s.read_also_lines.append(ParsedLink(READ_ALSO, unit.content))
                continue
            if unit.content:
                s.similar.append(ParsedLink(SIMILAR, unit.content))
            box = _Box(unit.kind)
            state = "box"
            continue
        if state == "box":
            if unit.kind == "bullet" or (
                unit.kind == "text" and all(furniture.is_box_line(line) for line in unit.lines)
            ):
                box.units.append(unit)
                continue
            if unit.kind in ("crosshead", "rule"):
                _close_box(s, box)
                box, state = None, "main"
            elif box.kind == READ_ALSO and len(box.units) == 1 and box.units[0].kind == "text":
                # "اقرأ أيضاً:", one headline, then paragraphs: the seed's second story.
                s.read_also.extend([box.units[0], unit])
                # After the trailer (source, keywords) it is the format; in mid-story, a guess.
                s.second_story_decided = not (s.sources or s.keywords)
                box, state = None, READ_ALSO
                continue
            else:
                # A box in mid-story: the story goes on after it.
                _close_box(s, box)
                box, state = None, "main"
        if state == READ_ALSO:
            s.read_also.append(unit)
        else:
            s.main.append(unit)
    _close_box(s, box)
    return s


def _close_box(s: _Sections, box: _Box | None) -> None:
    if box is None:
        return
    target = s.read_also_lines if box.kind == READ_ALSO else s.similar
    for unit in box.units:
        for line in unit.lines:
            line = line.strip(" :-–•")
            if furniture.is_box_line(line) and not furniture.kind(line):
                target.append(ParsedLink(box.kind, line))


# --- one article ---------------------------------------------------------------------------


@dataclass
class _Entry:
    kind: str  # "paragraph" | "crosshead" | "bullet" | "rule"
    text: str
    unit: _Unit
    # Comes after the page's footer began ("تصفح المزيد", a timeline, a copyright line).
    after_footer: bool = False
    # A copyright line was removed right after this entry.
    footer_follows: bool = False
    # The page's footer (timestamps, "تصفح المزيد"…) begins right after this entry.
    footer_starts_after: bool = False


# Furniture after which the rest of a page is its footer, unless the story goes on at length.
_FOOTER_STARTS = frozenset({"footer", "more link", "timeline", "comments", "share bar", "app promo"})
MAX_FOOTER_PARAGRAPHS = 2


def _article(
    units: list[_Unit], known_headlines: Container[str], page: HtmlPage | None = None
) -> ParsedArticle:
    article = ParsedArticle(line=units[0].line)
    if page is not None and page.title:
        article.title = page.title
        if units and units[0].kind == "text" and normalize(units[0].text) == normalize(page.title):
            units = units[1:]
    else:
        first = units[0]
        text_units = [u for u in units if u.kind in ("text", "bullet")]
        if first.kind == "text" and len(first.lines) == 1 and len(text_units) > 1:
            title = _without_site_prefix(first.text, article)
            if furniture.is_box_line(title) and not furniture.kind(title):
                article.title, article.dek = _kicker(title)
                units = units[1:]
    units = _credit(article, units)
    _fill_body(article, units, known_headlines)
    if not article.title and article.body:
        lead = next(
            (t for k, t in zip(article.kinds, article.body, strict=True) if k == "paragraph"), article.body[0]
        )
        article.title = derive_headline(lead)
        article.title_derived = True
        article.warn("title", p.TITLE_DERIVED)
    return article


def _kicker(title: str) -> tuple[str, str]:
    """ "نقل محاكمة مبارك إلى أكاديمية الشرطة : تنظيما تعلق…": headline, then a kicker after " : "."""
    head, sep, rest = title.partition(" : ")
    if sep and len(head.split()) >= 3 and len(rest.split()) >= 3:
        return head.strip(), rest.strip()
    return title, ""


def _without_site_prefix(title: str, article: ParsedArticle) -> str:
    """ "الخبر نقل محاكمة مبارك…": the site's name run into the headline."""
    words = title.split()
    for n in (2, 1):
        if len(words) > n + 3 and furniture.is_site_name(" ".join(words[:n])):
            article.removed.append("site prefix")
            return " ".join(words[n:]).lstrip(" :-–")
    return title


def _credit(article: ParsedArticle, units: list[_Unit]) -> list[_Unit]:
    """Byline and dateline under the headline, or run into the lead ("واشنطن (CNN)-- قال…")."""
    for index, unit in enumerate(units[:2]):
        if unit.kind not in ("text", "bullet"):
            continue
        credit = furniture.credit_line(unit.text, alone=index == 0 and unit.kind == "text")
        if credit is not None and len(units) > index + 1:
            article.byline, article.dateline = credit
            if article.byline and not article.dateline and not furniture.is_site_name(article.byline):
                article.warn("byline", p.BYLINE_GUESSED, article.byline)
            if article.byline and furniture.is_site_name(article.byline):
                article.byline, article.dateline = "", article.byline
            article.removed.append("byline" if article.byline else "dateline")
            return units[:index] + units[index + 1 :]
        if unit.kind == "text":
            inline = furniture.inline_credit(unit.text)
            if inline is not None:
                byline, dateline, rest = inline
                if not byline and furniture.is_site_name(dateline):
                    # "المدينة نيوز :- بلغت…": the site's own name, not a dateline.
                    article.removed.append("site prefix")
                    article.site_prefix = dateline
                else:
                    article.byline = article.byline or byline
                    article.dateline = article.dateline or dateline
                    article.removed.append("dateline")
                return [*units[:index], _Unit("text", [rest], unit.line), *units[index + 1 :]]
            break
    return units


def _fill_body(article: ParsedArticle, units: list[_Unit], known_headlines: Container[str]) -> None:
    """Paragraphs, crossheads, statement blocks and boxes of inline headlines, then quotes in order."""
    entries: list[_Entry] = []
    blocks: list[tuple[int, str, str]] = []  # (entries before it, intro phrase, statement text)
    in_footer = False
    # story_after[k]: a paragraph of story comes at or after unit k (one backward pass, so the
    # box and crosshead tests below stay O(1) per unit: parsing is linear in the copy's size).
    story_after = [False] * (len(units) + 1)
    for k in range(len(units) - 1, -1, -1):
        story_after[k] = story_after[k + 1] or (units[k].kind == "text" and not _all_headlines(units[k]))
    i = 0
    while i < len(units):
        unit = units[i]
        text = _strip_line_start(unit.text)
        intro = _statement_intro(unit) if unit.kind == "text" else None
        if intro is not None and i + 1 < len(units) and units[i + 1].kind in ("text", "bullet"):
            entries.append(_Entry("paragraph", text, unit))
            statement, i = _statement(units, i + 1)
            blocks.append((len(entries), intro, statement))
            continue
        i += 1
        if unit.kind == "rule":
            entries.append(_Entry("rule", text, unit))
            continue
        if not any(ch.isalnum() for ch in text):
            continue  # separator lines ("***"), whitespace
        if furniture.is_cut_marker(text):
            # "...المزيد": a front-page teaser cut off; the story is incomplete.
            article.removed.append("more link")
            article.warn("body", p.TRUNCATED)
            continue
        what = furniture.kind(text)
        if what:
            article.removed.append(what)
            if what in _FOOTER_STARTS and entries and not in_footer:
                entries[-1].footer_starts_after = True
            in_footer = in_footer or what in _FOOTER_STARTS
            if what == "footer" and entries:
                entries[-1].footer_follows = True
            continue
        if unit.kind == "crosshead":
            entries.append(_Entry("crosshead", text, unit))
        elif unit.kind == "text" and _is_crosshead(unit, entries, units[i : i + 3]):
            entries.append(_Entry("crosshead", text, unit))
        elif unit.kind == "text" and entries and story_after[i] and _is_box(unit):
            for line in unit.lines:
                for headline in split_run_together(line, known_headlines):
                    article.related.append(ParsedLink(INLINE, headline))
                if len(unit.lines) == 1 and len(article.related) > 1:
                    article.warn("related", p.BOX_SPLIT)
        elif unit.kind == "bullet":
            entries.append(_Entry("bullet", text, unit))
        else:
            entries.append(_Entry("paragraph", text, unit))
        if entries:
            entries[-1].after_footer = in_footer
    entries = _tidy_tail(article, entries)
    kept = _drop_duplicates(article, entries)
    positions = {id(entry): n for n, entry in enumerate(kept, start=1)}
    # Statement blocks sit after the entry that introduces them, counted among kept entries.
    placed = []
    for before, intro, statement in blocks:
        anchor = entries[before - 1] if 0 < before <= len(entries) else None
        placed.append((positions.get(id(anchor), len(kept)) if anchor else 0, intro, statement))
    for entry in kept:
        article.body.append(entry.text)
        article.kinds.append("crosshead" if entry.kind == "crosshead" else "paragraph")
    paragraphs = [t if k == "paragraph" else "" for k, t in zip(article.kinds, article.body, strict=True)]
    article.quotes = _quotes(paragraphs, placed)


def _strip_line_start(text: str) -> str:
    """ ": قال…" / "- …": punctuation a scraper left at the start of a line."""
    return text.lstrip(":：;؛،, ").strip() if text[:1] in ":：;؛،," else text


def _is_crosshead(unit: _Unit, entries: list[_Entry], rest: list[_Unit]) -> bool:
    """A short headline-shaped line between paragraphs: a subheading ("الوزير يتدخل")."""
    if len(unit.lines) != 1 or not entries:
        return False
    text = unit.text
    words = text.split()
    quoted = text[:1] in '"«“' and text[-1:] in '"»”'
    if not is_headline_line(text) or len(words) > MAX_CROSSHEAD_WORDS:
        return False
    if len(words) >= MIN_BOX_WORDS and not quoted:
        return False
    return any(u.kind == "text" and not _all_headlines(u) for u in rest)


def _tidy_tail(article: ParsedArticle, entries: list[_Entry]) -> list[_Entry]:
    """The end of a page: a promo after a rule, an unlabeled tag list, teasers, a sign-off."""
    for index, entry in enumerate(entries):
        if entry.kind == "rule":
            after = entries[index + 1 :]
            if len(after) <= 3:
                article.removed.extend("app promo" for _ in after)
                entries = entries[:index]
                break
    entries = [e for e in entries if e.kind != "rule"]
    # An about-us blurb between the footer's lines ("تصفح المزيد" … "جميع الحقوق محفوظة").
    footer = [e for e in entries if e.after_footer]
    if (
        footer
        and len(footer) <= MAX_FOOTER_PARAGRAPHS
        and entries[-len(footer) :] == footer
        and any(e.footer_follows for e in footer)
    ):
        article.removed.extend("footer" for _ in footer)
        entries = entries[: -len(footer)]
    # Tags, one per line, at the end ("غزة", "طوفان الأقصى"), maybe followed by one blurb
    # about the site's coverage. Two short lines in a row are a list, not crossheads.
    lone_tag = bool(entries) and entries[-1].footer_starts_after and entries[-1].kind != "bullet"
    for blurb, least in ((0, 1 if lone_tag else 3), (1, 2)):
        last = len(entries) - blurb
        end = last
        while end > 0 and _tag_shaped(entries[end - 1].text):
            end -= 1
        if last - end >= least and end > 0:
            article.page_tags.extend(e.text.strip(" #") for e in entries[end:last])
            article.removed.append("tag list")
            article.removed.extend("coverage blurb" for _ in range(blurb))
            entries = entries[:end]
            break
            end -= 1
        if len(entries) - blurb - end >= 2 and end > 0:
            article.page_tags.extend(e.text.strip(" #") for e in entries[end : len(entries) - blurb])
            article.removed.append("tag list")
            article.removed.extend("coverage blurb" for _ in range(blurb))
            entries = entries[:end]
            break
    # Leads of other stories after the end of this one (agency pages list them).
    start = len(entries)
    while (
        start > 2
        and entries[start - 1].kind == "paragraph"
        and furniture.looks_like_lead(entries[start - 1].text)
    ):
        start -= 1
    if len(entries) - start >= MIN_TEASERS:
        while (
            start > 3
            and entries[start - 1].kind == "paragraph"
            and furniture.may_continue_teasers(entries[start - 1].text)
        ):
            start -= 1
        article.removed.extend("teaser" for _ in entries[start:])
        article.warn("body", p.TEASERS_REMOVED, str(len(entries) - start))
        entries = entries[:start]
    if entries and (rest := furniture.trailing_link_line(entries[-1].text)) is not None:
        article.removed.append("more link")
        if rest:
            entries[-1].text = rest
        else:
            entries = entries[:-1]
    # The agency credited after the last sentence ("--(بترا)"), and the headline repeated.
    if entries and (credit := furniture.trailing_agency(entries[-1].text)):
        entries[-1].text, agency = credit
        article.dateline = article.dateline or agency
        article.removed.append("agency credit")
    if len(entries) > 1 and article.title and normalize(entries[-1].text) in normalize(article.title):
        article.removed.append("duplicate")
        entries = entries[:-1]
    # The byline repeated as a sign-off.
    if entries and article.byline and normalize(entries[-1].text) == normalize(article.byline):
        article.removed.append("sign-off")
        entries = entries[:-1]
    elif len(entries) > 2 and entries[-1].kind == "paragraph" and not article.byline:
        credit = furniture.credit_line(entries[-1].text, alone=False)
        if credit is not None and credit[1] and len(entries[-1].text.split()) <= 6:
            article.removed.append("agency credit")
            article.dateline = article.dateline or credit[1]
            entries = entries[:-1]
    return entries


def _tag_shaped(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 4 and not ends_sentence(text) and not any(ch.isdigit() for ch in text)


def _drop_duplicates(article: ParsedArticle, entries: list[_Entry]) -> list[_Entry]:
    """A standfirst or summary printed twice (scrapers copy it into two fields) is kept once."""
    seen: set[str] = set()
    kept = []
    # Scrapers copy text verbatim: the text itself (spaces collapsed) is the key; no normalize.
    keys = [" ".join(entry.text.split()) for entry in entries]
    for index, entry in enumerate(entries):
        key = keys[index]
        following = keys[index + 1] if index + 1 < len(entries) else ""
        repeated = key in seen or (following != key and following.startswith(key))
        # "نقله إلى العربية: زينب منعم" + the standfirst again: a credit and a repeat. The
        # repeat is this entry less its first few words: one lookup per cut, not per old entry.
        words = key.split()
        repeated = repeated or any(" ".join(words[n:]) in seen for n in range(1, min(9, len(words) - 5)))
        if entry.kind in ("paragraph", "bullet") and len(key) > 40 and repeated:
            article.removed.append("duplicate")
            continue
        seen.add(key)
        kept.append(entry)
    return kept


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


def _is_box(unit: _Unit) -> bool:
    """Headline-shaped line(s) between two paragraphs (the caller checks both): related headlines."""
    return _all_headlines(unit) and len(unit.text.split()) >= MIN_BOX_WORDS


def _all_headlines(unit: _Unit) -> bool:
    return all(is_headline_line(line) for line in unit.lines)


def _quotes(body: list[str], blocks: list[tuple[int, str, str]]) -> list[ParsedQuote]:
    return article_quotes(body, blocks)


# --- the second story, trailer lines, page metadata and links -----------------------------


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
        _add_tags(main, parse_keywords(unit.content, known_tags, article_text))
    # A bare tag list printed one tag per line: each line is one tag, never split into words.
    _add_tags(main, [ParsedTag(name[:MAX_TAG_LENGTH]) for name in main.page_tags if name])
    if not main.source:
        main.warn("source", p.NO_SOURCE)
    if not main.tags:
        main.warn("tags", p.NO_TAGS)


def _add_tags(article: ParsedArticle, tags) -> None:
    by_key = {normalize(t.name): t for t in article.tags}
    for tag in tags:
        existing = by_key.get(normalize(tag.name))
        if existing:
            existing.weight += tag.weight
        else:
            article.tags.append(tag)
            by_key[normalize(tag.name)] = tag
    article.tags.sort(key=lambda tag: -tag.weight)  # stable: ties keep the line's order


def _attach_page(main: ParsedArticle, page: HtmlPage) -> None:
    """What only the page's markup says: byline, time, section, keywords, dek, lead image."""
    if page.byline and not furniture.is_site_name(page.byline):
        main.byline = main.byline or page.byline
    main.published = page.published
    main.section = page.section
    main.dek = page.dek
    main.image_url, main.image_caption = page.image_url, page.image_caption
    main.image_credit = page.image_credit
    if page.keywords and not main.tags:
        _add_tags(main, parse_keywords("، ".join(page.keywords)))
        main.warnings = [w for w in main.warnings if w.code != p.NO_TAGS]
    if not main.source and main.site_prefix:
        main.source = main.site_prefix
        main.warnings = [w for w in main.warnings if w.code != p.NO_SOURCE]
    if not main.source and page.site_name and not page.site_name.startswith("http"):
        main.source = page.site_name[:200]
        main.warnings = [w for w in main.warnings if w.code != p.NO_SOURCE]
    main.warn("body", p.HTML_EXTRACTED)


def _attach_links(articles: list[ParsedArticle], s: _Sections) -> None:
    main = articles[0]
    read_also = list(s.read_also_lines)
    if len(articles) > 1:
        read_also.append(ParsedLink(READ_ALSO, articles[1].title, article_index=1))
    else:
        for unit in s.read_also:
            read_also.extend(ParsedLink(READ_ALSO, line) for line in unit.lines if is_headline_line(line))
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
