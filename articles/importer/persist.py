"""Write a parse to the database: one transaction per file, idempotent by fingerprint.

`Importer` is one import run. It caches sources, tags, headlines across files (so 10,000
files do not look the same source up 10,000 times) and keeps those caches true when a
file's transaction rolls back.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import services
from ..authors import author_id_for
from ..models import Article, Author, Quote, RelatedLink, Section, Tag
from ..text.normalize import clean_input, normalize
from .errors import ImportProblem
from .parse import parse
from .parsed import ParsedArticle, ParseResult

CREATED, UNCHANGED, FAILED = "created", "unchanged", "failed"


def _landing_status(asked: str, guessed: bool) -> str:
    """A story the importer guessed about waits for an editor instead of going live."""
    if guessed and asked == Article.Status.PUBLISHED:
        return Article.Status.REVIEW
    return asked


def fingerprint(text: str) -> str:
    """sha256 of the normalized text: the same story in another encoding or line ending is the same."""
    return hashlib.sha256(normalize(text).encode()).hexdigest()


@dataclass
class Outcome:
    status: str
    article_ids: list[int] = field(default_factory=list)
    created: int = 0
    error: ImportProblem | None = None


class Importer:
    def __init__(self, status: str = Article.Status.PUBLISHED):
        self.status = status
        self._sources: dict[str, int] = {}
        self._tags: dict[str, int] | None = None
        self._authors: dict[str, int] | None = None
        self._sections: dict[str, int] | None = None
        self._headlines: dict[str, int] | None = None
        self._journal: list[tuple[dict, str, int | Article | None]] = []
        self._staged: list[tuple[Outcome, list[services.Draft]]] = []
        self._prints: dict[str, int] | None = None
        self._last_print: tuple[str | None, str] = (None, "")
        # Keys added to the caches the parser reads since `parser_keys_added` last ran.
        self._added: list[tuple[dict, str]] = []

    # --- what the parser may know -------------------------------------------------------

    @property
    def author_keys(self) -> dict[str, int]:
        if self._authors is None:
            self._authors = dict(Author.objects.values_list("key", "id"))
        return self._authors

    @property
    def section_keys(self) -> dict[str, int]:
        """Editors' sections by normalized name: a page's `article:section` joins the one
        of that name; the importer never invents sections (they are the site's menu)."""
        if self._sections is None:
            self._sections = dict(Section.objects.values_list("key", "id"))
        return self._sections

    @property
    def tag_keys(self) -> dict[str, int]:
        if self._tags is None:
            self._tags = dict(Tag.objects.values_list("key", "id"))
        return self._tags

    @property
    def headlines(self) -> dict[str, int]:
        """Normalized headline → id of the newest article with it."""
        if self._headlines is None:
            rows = Article.objects.order_by("id").values_list("headline", "id").iterator(chunk_size=5000)
            self._headlines = {normalize(h): pk for h, pk in rows}
        return self._headlines

    def parse(self, text: str) -> ParseResult:
        return parse(text, known_tags=self.tag_keys, known_headlines=self.headlines)

    def parser_keys_added(self) -> tuple[list[str], list[str], list[str]]:
        """The tag keys, headlines and fingerprints added since the last call (for parse
        workers forked before them), without those a rollback took back since."""
        caches = (self.tag_keys, self.headlines, self.fingerprints)
        added = tuple(
            [key for cache_, key in self._added if cache_ is cache and key in cache] for cache in caches
        )
        self._added = []
        return added

    # --- writing --------------------------------------------------------------------------

    @property
    def fingerprints(self) -> dict[str, int]:
        """Fingerprint → article id of everything imported: one query per run, not one per file."""
        if self._prints is None:
            rows = Article.objects.exclude(fingerprint=None).values_list("fingerprint", "id")
            self._prints = dict(rows.iterator(chunk_size=5000))
        return self._prints

    def fingerprint(self, text: str) -> str:
        # The command asks "imported already?" before parsing, then saves: hash the text once.
        if self._last_print[0] is not text:
            self._last_print = (text, fingerprint(text))
        return self._last_print[1]

    def is_imported(self, text: str) -> bool:
        return self.fingerprint(text) in self.fingerprints

    def save(self, result: ParseResult) -> Outcome:
        """One file written now, in its own transaction (not while files are staged)."""
        assert not self._staged, "flush or discard the staged files first"
        self._journal = []
        outcome = self._save_one(result, staged=False)
        self._journal = []
        return outcome

    # A chunk of files in one write (the import command): each file is *staged* — its
    # stories built, new tags and sources written, the run's caches told about them —
    # and `flush` writes all staged stories in one services.create_stories call, so the
    # counting, the pending-refresh rows and the purge are paid once per chunk, not once
    # per file. A later file of the chunk sees the staged ones (duplicate texts, read-also
    # targets by headline) as if they had been saved.

    def stage(self, result: ParseResult) -> Outcome:
        """A file's stories, written at the next `flush`; its outcome's ids are filled then."""
        return self._save_one(result, staged=True)

    def flush(self) -> None:
        """Write the staged stories (in the caller's transaction). If this raises, the
        caller rolls its transaction back and calls `discard`."""
        drafts = [draft for _, file_drafts in self._staged for draft in file_drafts]
        if drafts:
            services.create_stories(drafts)
        for article in (d.article for d in drafts):
            self._cache(self.fingerprints, article.fingerprint, article.pk)
            self._cache(self.headlines, article._staged_key, article.pk)
            self._cache(self.headlines, normalize(article.headline), article.pk)
        for outcome, _ in self._staged:
            outcome.article_ids = [a.pk if isinstance(a, Article) else a for a in outcome.article_ids]
        self._staged = []
        self._journal = []

    def discard(self) -> None:
        """Forget the staged files and what the caches learnt from them (their rows were rolled back)."""
        self._staged = []
        self._undo_journal()

    def _save_one(self, result: ParseResult, staged: bool) -> Outcome:
        if result.error is not None or not result.articles:
            return Outcome(FAILED, error=result.error or ImportProblem("no_body"))
        print_ = result.fingerprint or self.fingerprint(result.text)
        if print_ in self.fingerprints:
            outcome = Outcome(UNCHANGED, article_ids=[self.fingerprints[print_]])
            if staged and isinstance(outcome.article_ids[0], Article):
                self._staged.append((outcome, []))  # the same text earlier in this chunk
            return outcome
        mark = len(self._journal)
        try:
            with transaction.atomic():
                ids, drafts = self._drafts(result, print_)
                outcome = Outcome(CREATED, article_ids=ids, created=len(drafts))
                if not staged:
                    self._staged = [(outcome, drafts)]
                    self.flush()
        except IntegrityError:
            self._undo_journal(mark)
            self._staged = []
            # Another import of the same text won the race: that is "unchanged", not a failure.
            existing = Article.objects.filter(fingerprint=print_).values_list("id", flat=True).first()
            if existing is None:
                raise
            self.fingerprints[print_] = existing
            return Outcome(UNCHANGED, article_ids=[existing])
        except BaseException:
            self._undo_journal(mark)
            self._staged = []
            raise
        if staged:
            self._staged.append((outcome, drafts))
            for draft in drafts:  # later files of the chunk see this one
                self._cache(self.fingerprints, draft.article.fingerprint, draft.article)
                self._cache(self.headlines, draft.article._staged_key, draft.article)
        return outcome

    def _drafts(self, result: ParseResult, print_: str) -> tuple[list[int | Article], list[services.Draft]]:
        """The file's new stories as drafts for services.create_stories, and the ids (or
        drafts' articles) of every story of the file in order."""
        now = timezone.now()
        ids: list[int | Article] = []
        drafts: list[services.Draft] = []
        new_by_headline: dict[str, Article] = {}  # this file's new stories, not yet in self.headlines
        for index, parsed in enumerate(result.articles):
            article_print = (
                print_ if index == 0 else fingerprint(f"{parsed.title}\n\n" + "\n\n".join(parsed.body))
            )
            reuse = None
            if index > 0:
                # The read-also story may already be on the site, imported from its own file.
                title = normalize(parsed.title)
                reuse = (
                    new_by_headline.get(title)
                    or self.headlines.get(title)
                    or self.fingerprints.get(article_print)
                )
            if reuse is not None:
                ids.append(reuse)
                continue
            guessed = parsed.needs_review or any(not q.speaker for q in parsed.quotes)
            article = Article(
                headline=parsed.title[:300],
                derived_headline=clean_input(parsed.title[:300]) if parsed.title_derived else "",
                dek=parsed.dek,
                body=parsed.stored_body,
                byline=parsed.byline[:300],
                author_id=author_id_for(parsed.byline, self.author_keys),
                dateline=parsed.dateline[:200],
                source_id=self._source_id(parsed.source),
                section_id=services.section_id_for(parsed.section, self.section_keys),
                status=_landing_status(self.status, guessed),
                published_at=_published_at(parsed.published, now),
                needs_review=guessed,
                import_warnings=import_warnings(parsed),
                fingerprint=article_print,
            )
            article._parsed = parsed
            article._staged_key = normalize(parsed.title[:300])
            new_by_headline.setdefault(article._staged_key, article)
            ids.append(article)
            drafts.append(services.Draft(article=article))

        def target(link):
            if link.article_index is not None:
                found = ids[link.article_index]
            else:
                title = normalize(link.title)
                found = new_by_headline.get(title) or self.headlines.get(title)
            # A story staged earlier in this chunk is an unsaved Article until the flush.
            return {"target": found} if isinstance(found, Article) else {"target_id": found}

        for draft in drafts:
            parsed = draft.article._parsed
            draft.tags = [(self._tag_id(tag.name), tag.weight) for tag in _merge_tags(parsed)]
            draft.quotes = [
                Quote(
                    speaker_name=q.speaker, speaker_role=q.role, text=q.text, kind=q.kind, position=q.position
                )
                for q in parsed.quotes
            ]
            draft.links = [
                RelatedLink(kind=link.kind, title=link.title, url=link.url or "", **target(link))
                for link in parsed.related
            ]
        return ids, drafts

    def _source_id(self, name: str) -> int | None:
        name = clean_input(name)[:200]
        key = normalize(name)
        if not key:
            return None
        if key not in self._sources:
            self._cache(self._sources, key, services.get_or_create_source(name).pk)
        return self._sources[key]

    def _tag_id(self, name: str) -> int:
        key = normalize(clean_input(name))
        if key not in self.tag_keys:
            self._cache(self.tag_keys, key, services.get_or_create_tag(name).pk)
        return self.tag_keys[key]

    def _cache(self, cache: dict, key: str, value: int) -> None:
        """Remember a row written in this file's transaction, undone if it rolls back."""
        self._journal.append((cache, key, cache.get(key)))
        if key not in cache:
            self._added.append((cache, key))
        cache[key] = value

    def _undo_journal(self, mark: int = 0) -> None:
        """Undo the cache entries written since `mark` (a journal length)."""
        for cache, key, old in reversed(self._journal[mark:]):
            if old is None:
                cache.pop(key, None)
            else:
                cache[key] = old
        del self._journal[mark:]


def import_warnings(parsed: ParsedArticle) -> list[dict]:
    """The parse's warnings, and what was removed as furniture, as stored on Article.import_warnings."""
    rows = [w.as_json() for w in parsed.warnings]
    if parsed.removed:
        removed = "، ".join(f"{kind} ×{n}" if n > 1 else kind for kind, n in parsed.removed_summary())
        rows.append({"field": "body", "code": "furniture_removed", "detail": removed, "guess": False})
    return rows


def _published_at(value: str, now: datetime) -> datetime:
    """The page's own publish time when it gave one (never in the future), else now."""
    if not value:
        return now
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return now
    if timezone.is_naive(when):
        when = timezone.make_aware(when, UTC)
    return min(when, now)


def _merge_tags(parsed: ParsedArticle):
    """Two spellings of one tag in a keyword line are one link, weights added."""
    merged: dict[str, object] = {}
    for tag in parsed.tags:
        key = normalize(clean_input(tag.name))
        if not key:
            continue
        if key in merged:
            merged[key].weight += tag.weight
        else:
            merged[key] = type(tag)(name=tag.name, weight=tag.weight)
    return list(merged.values())
