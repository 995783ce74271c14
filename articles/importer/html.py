"""Saved or pasted HTML → the text the parser reads, plus what the page's metadata says.

Plain Python (no Django). Full pages go through trafilatura (the maintained main-content
extractor; in precision mode it refused the one section page of the real corpus and kept
every story's paragraphs, where the default and recall modes let the list through). A
pasted fragment (`<p dir="RTL">…</p>`) has no page around it, so its blocks are read
directly. Either way the parser gets blank-line separated plain text — never markup or
entities — and `HtmlPage` carries the headline, byline, time, section, keywords and lead
image caption that only the page's markup knows.
"""

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import datetime

from ..text import lexicon
from ..text.normalize import normalize
from .errors import ImportProblem

# The start of a document, or block tags in pasted text: then the text is HTML.
_DOCUMENT_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|span|h[1-6]|li|ul|ol|table|tr|td|section|article|strong|em|b|a|img)\b[^<>]*>", re.I
)
MIN_TAGS_FOR_FRAGMENT = 2
# A story has at least this much text; a menu or a list of headlines does not.
MIN_STORY_CHARS = 200
MIN_STORY_PARAGRAPHS = 1
_SEPARATORS = re.compile(r"\s+[-–—|:]{1,2}\s+|\s*[|]\s*")
_CREDIT = re.compile(r"\s*[(（]([^()]{2,40})[)）]\s*$")
_WS = re.compile(r"\s+")
CROSSHEAD_MARK = "## "


@dataclass
class HtmlPage:
    title: str = ""
    blocks: list[tuple[str, str]] = field(
        default_factory=list
    )  # ("paragraph" | "crosshead" | "bullet", text)
    byline: str = ""
    published: str = ""  # ISO 8601 as the page gives it
    section: str = ""
    keywords: list[str] = field(default_factory=list)
    dek: str = ""
    image_url: str = ""
    image_caption: str = ""
    image_credit: str = ""
    site_name: str = ""

    def as_text(self) -> str:
        """The raw-text format (PRODUCT §4.1): headline block, then one block per paragraph."""
        parts = [self.title] if self.title else []
        for kind, text in self.blocks:
            if kind == "crosshead":
                parts.append(CROSSHEAD_MARK + text)
            elif kind == "bullet":
                parts.append("• " + text)
            else:
                parts.append(text)
        return "\n\n".join(parts)


def looks_like_html(text: str) -> bool:
    """A document (doctype, <html>), or text with block tags in it: pasted from a page's source."""
    head = text[:4000]
    if _DOCUMENT_START.match(head):
        return True
    return len(_BLOCK_TAG.findall(head)) >= MIN_TAGS_FOR_FRAGMENT


def read_html(text: str) -> HtmlPage:
    """The article in an HTML page or fragment; ImportProblem("no_article") when there is none."""
    from lxml import html as lxml_html  # imported here: plain-text imports never pay for lxml

    try:
        tree = lxml_html.document_fromstring(text)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        raise ImportProblem("no_article") from None
    if _DOCUMENT_START.match(text[:4000]):
        page = _full_page(text, tree)
    else:
        page = HtmlPage(blocks=_fragment_blocks(tree))
    if sum(len(t) for k, t in page.blocks if k == "paragraph") < MIN_STORY_CHARS and not _one_real_paragraph(
        page
    ):
        raise ImportProblem("no_article")
    return page


def _one_real_paragraph(page: HtmlPage) -> bool:
    # A short story (one or two sentences) pasted as a fragment is still a story.
    return any(k == "paragraph" and len(t.split()) >= 8 and t.rstrip()[-1:] in ".!؟?" for k, t in page.blocks)


def _full_page(text: str, tree) -> HtmlPage:
    import trafilatura

    doc = trafilatura.bare_extraction(
        text,
        favor_precision=True,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_formatting=False,
    )
    if doc is None or doc.body is None:
        raise ImportProblem("no_article")
    meta = _meta(tree)
    page = HtmlPage(site_name=_site_name(tree, meta, doc.sitename or ""))
    page.title = _headline(tree, meta, doc.title or "", page.site_name)
    for element in doc.body:
        content = clean(" ".join(element.itertext()))
        if not content:
            continue
        if element.tag == "head":
            kind = "crosshead"
        elif element.tag == "list":
            for item in element:
                item_text = clean(" ".join(item.itertext()))
                if item_text:
                    page.blocks.append(("bullet", item_text))
            continue
        else:
            kind = "paragraph"
        if kind == "crosshead" and normalize(content) == normalize(page.title):
            continue  # the headline repeated at the top of the body
        page.blocks.append((kind, content))
    page.byline = _byline(doc.author or meta.get("author", ""), page.site_name, meta, doc.hostname or "")
    page.published = _iso_time(
        meta.get("article:published_time") or meta.get("datepublished") or "", doc.date
    )
    page.section = clean(meta.get("article:section", "")) or clean((doc.categories or [""])[0])
    page.keywords = _keywords(meta, doc.tags or [], page.title, page.blocks, page.site_name)
    page.dek = _dek(tree, meta, page)
    _lead_image(tree, meta, page)
    return page


def _iso_time(value: str, fallback: str | None) -> str:
    """ISO 8601 as the page gave it; a page that prints its time in words falls back to the date."""
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return fallback or ""
    return value


def clean(text: str) -> str:
    """Entities decoded (twice: scrapers double-escape), whitespace collapsed, no tags left."""
    text = html_lib.unescape(html_lib.unescape(text or ""))
    text = re.sub(r"<[^<>]{1,200}>", " ", text)
    return _WS.sub(" ", text).strip()


def _meta(tree) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").lower()
        value = element.get("content")
        if key and value and key not in found:
            found[key] = value.strip()
    return found


def _headline(tree, meta: dict[str, str], extracted: str, site_name: str) -> str:
    """The page's own headline: an h1 that og:title or <title> agrees with, else og:title without the site."""
    candidates = [clean(meta.get("og:title", "")), clean(meta.get("twitter:title", "")), clean(extracted)]
    candidates = [c for c in candidates if c]
    titles = " ".join(normalize(c) for c in candidates)
    for h1 in tree.iter("h1"):
        text = clean(h1.text_content())
        if len(text.split()) >= 3 and normalize(text) in titles:
            return text
    for candidate in candidates:
        stripped = _without_site_name(candidate, site_name)
        if stripped:
            return stripped
    return ""


def _without_site_name(title: str, site_name: str) -> str:
    """ "وزير الري يشهد… - اليوم السابع" → "وزير الري يشهد…": drop a short part that names the site."""
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    site = normalize(site_name)
    longest = max(parts, key=len)
    for edge in (parts[0], parts[-1]):
        if edge is longest:
            continue
        key = normalize(edge)
        if (site and (key in site or site in key)) or lexicon.norm(
            edge.split()[0]
        ) in lexicon.SITE_NAME_WORDS:
            cut = title.find(edge)
            title = (title[:cut] + title[cut + len(edge) :]).strip(" -–—|:")
    return title.strip()


def _byline(author: str, site_name: str, meta: dict[str, str], hostname: str) -> str:
    """Authors as the page credits them, minus the site's own name and scraped junk (logo file names)."""
    if re.search(r"https?|\.(?:png|jpe?g|svg)\b|\blogo\b", author, re.I):
        return ""
    site = normalize(site_name)
    domain = normalize(" ".join([meta.get("og:url", ""), hostname]))
    names = []
    for part in re.split(r"\s*;\s*", clean(author)):
        key = normalize(part)
        if (
            len(key) < 3
            or (site and (key in site or site in key))
            or (key and key.replace(" ", "") in domain)
        ):
            continue
        names.append(part)
    return "، ".join(names)


def _keywords(
    meta: dict[str, str], extracted: list[str], title: str, blocks: list[tuple[str, str]], site_name: str
) -> list[str]:
    raw = meta.get("news_keywords") or meta.get("keywords") or ",".join(extracted)
    words = [clean(w) for w in re.split(r"[,،؛;]", raw)]
    words = [w for w in words if w and len(w) <= 60]
    # Some sites fill the keywords with the headline's own words: that is not a tag list.
    title_words = {normalize(w) for w in title.split()}
    if not words or all(normalize(w) in title_words or normalize(w) == normalize(title) for w in words):
        return []
    body = _BodyWords(" ".join([title, *(text for _, text in blocks)]))
    site = _site_core(site_name)
    seen, unique = set(), []
    for word in words:
        # A keyword with a word no Arabic word can be (a lone letter, a bare "ال": a CMS
        # cut or mangled it) is checked against the story (headline and body): spelled
        # as the story prints it when it does ("تركى ال الشيخ" → "تركى آل الشيخ"), else
        # dropped as garbage ("تؤكى ا").
        if _garbled(word):
            word = body.printed(word)
            if word is None:
                continue
        if site and normalize(word) == site:
            continue  # the site tagging its own name is not a topic
        if normalize(word) not in seen:
            seen.add(normalize(word))
            unique.append(word)
    return unique


# Words that stand alone in Arabic though they are one letter (و written apart, digits).
_LONE_LETTERS_OK = frozenset("و")


def _garbled(keyword: str) -> bool:
    for word in keyword.split():
        key = normalize(word)
        if key == "ال" or (len(key) == 1 and key.isalpha() and key not in _LONE_LETTERS_OK):
            return True
    return False


class _BodyWords:
    """Where a keyword occurs in the story as whole words (after normalization), and how
    the story prints it there. Indexed once by first word, so many keywords stay linear."""

    MAX_TRIES = 50  # occurrences of a keyword's first word tried, at most

    def __init__(self, text: str):
        self.printed_words = [w.strip(_WORD_EDGE) for w in text.split()]
        self.keys = [normalize(w) for w in self.printed_words]
        self.starts: dict[str, list[int]] = {}
        for position, key in enumerate(self.keys):
            self.starts.setdefault(key, []).append(position)

    def printed(self, keyword: str) -> str | None:
        wanted = [normalize(w) for w in keyword.split()]
        if not wanted:
            return None
        for start in self.starts.get(wanted[0], [])[: self.MAX_TRIES]:
            if self.keys[start : start + len(wanted)] == wanted:
                return " ".join(self.printed_words[start : start + len(wanted)])
        return None


_WORD_EDGE = " .,،:;؛!?؟\"'«»“”()[]{}…-–—"


def _site_core(site_name: str) -> str:
    """ "قناة صدى البلد" → "صدى البلد": the name without "channel", "site", "paper"."""
    words = site_name.split()
    while len(words) > 1 and lexicon.norm(words[0]) in lexicon.SITE_NAME_WORDS:
        words = words[1:]
    return normalize(" ".join(words))


# A social or CMS handle, not a name: "@sputnik_ar", "Sputnik_Ar", "alyaum", "arabic.sputniknews.com".
_HANDLE = re.compile(r"@\S+|[A-Za-z0-9]*[_.][A-Za-z0-9_.]*|[a-z0-9]+")
# Language tags handles end with: "Sputnik_Ar", "bbcarabic"-style suffixes written apart.
_HANDLE_LANGUAGE = frozenset({"ar", "arabic", "arab", "araby", "en", "english", "fr"})
_DOMAIN_NOISE = frozenset({"www", "com", "net", "org", "arabic", "ar"})
MAX_SITE_NAME_WORDS = 5


def _site_name(tree, meta: dict[str, str], extracted: str) -> str:
    """The site's name as readers know it.

    The first of og:site_name, the publisher's name, the application name and the
    extractor's guess that is a name rather than a handle ("Sputnik_Ar", "alyaum"); else
    the site part of the page's <title> ("… - Sputnik Arabic"); else a handle made
    readable ("Sputnik_Ar" → "Sputnik").
    """
    keys = ("og:site_name", "publisher", "application-name", "al:ios:app_name")
    candidates = [clean(meta.get(key, "")) for key in keys]
    candidates = [c for c in [*candidates, clean(extracted)] if c and not c.startswith("http")]
    for candidate in candidates:
        if not _is_handle(candidate) and len(candidate.split()) <= MAX_SITE_NAME_WORDS:
            return candidate
    handles = [c for c in candidates if _is_handle(c)] + [clean(meta.get("twitter:site", ""))]
    from_title = _title_site_part(clean(tree.findtext(".//title") or ""), handles)
    if from_title:
        return from_title
    for handle in handles:
        readable = _readable(handle)
        if readable:
            return readable
    return candidates[0] if candidates else ""


def _is_handle(name: str) -> bool:
    return bool(_HANDLE.fullmatch(name.strip()))


def _readable(handle: str) -> str:
    """ "@sputnik_ar" / "Sputnik_Ar" → "Sputnik"; a domain → its main label."""
    handle = handle.strip().lstrip("@")
    if "." in handle:
        labels = [p for p in handle.split(".") if p.lower() not in _DOMAIN_NOISE]
        handle = max(labels, key=len) if labels else ""
    parts = [p for p in handle.split("_") if p]
    while len(parts) > 1 and parts[-1].lower() in _HANDLE_LANGUAGE:
        parts.pop()
    return " ".join(p[:1].upper() + p[1:] for p in parts)


def _title_site_part(title: str, handles: list[str]) -> str:
    """ "مصر تسجل … - Sputnik Arabic" → "Sputnik Arabic": the short edge of the page title,
    when it shares its first word with one of the site's handles (so it names the site,
    not a kicker)."""
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return ""
    stems = {_readable(h).split()[0].lower() for h in handles if _readable(h)}
    longest = max(parts, key=len)
    for edge in (parts[-1], parts[0]):
        words = edge.split()
        if edge is not longest and len(words) <= MAX_SITE_NAME_WORDS and words[0].lower() in stems:
            return edge
    return ""


def _dek(tree, meta: dict[str, str], page: HtmlPage) -> str:
    """A standfirst the extractor left out of the body (e.g. Sputnik's lead paragraph)."""
    body = " ".join(normalize(t) for _, t in page.blocks)
    for element in tree.xpath(
        '//*[@itemprop="description"] | //*[contains(@class, "lead")][self::div or self::p]'
    )[:5]:
        text = clean(element.text_content())
        if len(text.split()) >= 8 and normalize(text)[:80] not in body and text[-1:] in ".!؟?":
            return text
    return ""


def _lead_image(tree, meta: dict[str, str], page: HtmlPage) -> None:
    page.image_url = meta.get("og:image", "")
    for figure in tree.iter("figure"):
        captions = figure.xpath(".//figcaption")
        if not figure.xpath(".//img") or not captions:
            continue
        caption = clean(captions[0].text_content())
        if len(caption.split()) < 2:
            continue
        credits = figure.xpath('.//*[contains(@class, "credit") or contains(@class, "copyright")]')
        credit = clean(credits[0].text_content()) if credits else ""
        if credit and credit in caption:
            caption = caption.replace(credit, "").strip(" -–—/|")
        elif not credit and (match := _CREDIT.search(caption)):
            credit, caption = match.group(1), caption[: match.start()].strip()
        page.image_caption, page.image_credit = caption[:300], credit[:200]
        return


def _fragment_blocks(tree) -> list[tuple[str, str]]:
    """A pasted fragment: one block per paragraph-level element (or per <br>-separated line)."""
    for bad in tree.xpath("//script | //style | //noscript | //template"):
        bad.drop_tree()
    for br in tree.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[tuple[str, str]] = []
    leaves = tree.xpath(
        "//p | //h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //li | //blockquote"
        " | //div[not(descendant::p or descendant::div or descendant::li or descendant::h1"
        " or descendant::h2 or descendant::h3 or descendant::blockquote)]"
    )
    for element in leaves:
        if element.xpath("ancestor::p | ancestor::li | ancestor::blockquote"):
            continue
        kind = "crosshead" if element.tag in ("h2", "h3", "h4", "h5", "h6") else "paragraph"
        if element.tag == "li":
            kind = "bullet"
        for line in element.text_content().split("\n"):
            text = clean(line)
            if text:
                blocks.append((kind, text))
    if not blocks:
        text = clean(tree.text_content())
        blocks = [("paragraph", text)] if text else []
    # An h1 in a fragment is its headline.
    return blocks
