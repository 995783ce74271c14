"""Computed similar stories ("مقالات مشابهة"), stored in Article.similar_ids.

Similarity of two stories = the sum of idf (log(1 + N / df)) over the tags they share
+ the sum of idf (log(N / df)) over the headline terms they share (the search
analysis's stems, articles/text/analysis.py, so "أستراليا" and "استراليا", شركة and
شركات are one word; its stop words left out). Rare tags and rare words count most;
a word in most headlines weighs next to nothing. Ties go to the newer story.

Computed by the worker after a write (articles/services.refresh → articles/tasks.py),
never per request, and in bulk: the corpus statistics are read once per call in a fixed handful of queries,
whether the call carries one id or 10,000. Statistics and candidates come from the
newest HEADLINE_WINDOW published stories (related news is recent news), at most
POSTING_LIMIT per shared tag or word, which keeps the cost of a call constant as
the corpus grows.
"""

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from . import bulk
from .models import Article, ArticleTag, RelatedLink
from .text.analysis import analyze

LIMIT = 6
# Headline words are compared against the newest stories only.
HEADLINE_WINDOW = 5000
# Candidates per shared tag or word: its newest stories.
POSTING_LIMIT = 100
# A word in more than this share of headlines is noise (its idf is below 1).
MAX_WORD_SHARE = 0.35
# Below this, two stories merely share a common word or one very common tag.
MIN_SCORE = 1.5
# No query carries more ids than SQLite accepts.
SLICE = 2000


@lru_cache(maxsize=50_000)
def headline_terms(headline: str) -> frozenset[str]:
    """Comparable words of a headline; memoized because every call re-reads the window.

    The search analysis's terms (one rulebook: شركات meets شركة, مسؤول meets مسئول),
    without its stop words — a preposition says nothing about what a story is about.
    """
    return frozenset(
        t.term for t in analyze(headline) if not t.is_stop and len(t.term) > 1 and not t.term.isdigit()
    )


def _idf(total: int, df: int) -> float:
    """Smoothed inverse document frequency: rare terms weigh most, and a tag on
    every story still counts a little (log 2), so small corpora get neighbours."""
    return math.log(1 + total / max(df, 1))


def _slices(ids):
    ids = list(ids)
    for start in range(0, len(ids), SLICE):
        yield ids[start : start + SLICE]


@dataclass
class Corpus:
    """What similarity needs to know about the published stories, read once per call."""

    tag_idf: dict = field(default_factory=dict)
    tag_postings: dict = field(default_factory=dict)  # tag id -> newest story ids
    word_idf: dict = field(default_factory=dict)
    word_postings: dict = field(default_factory=dict)  # stem -> newest story ids
    recency: dict = field(default_factory=dict)  # story id -> sort key, newer first

    @classmethod
    def load(cls, tag_ids=None) -> "Corpus":
        """Statistics of the newest HEADLINE_WINDOW published stories, in two queries.

        Only the window is read, so the cost of a call does not grow with the corpus
        (an admin save at 100,000 stories costs what it costs at 1,000); `tag_ids`
        is accepted for callers that know which tags matter but is not needed.
        """
        corpus = cls()
        window = list(
            Article.objects.published()
            .order_by("-published_at", "-id")
            .values_list("id", "headline", "published_at")[:HEADLINE_WINDOW]
        )
        if not window:
            return corpus
        size = len(window)
        oldest = window[-1][2]
        word_counts = defaultdict(int)
        word_postings = defaultdict(list)
        for article_id, headline, published_at in window:  # newest first
            corpus.recency[article_id] = (-published_at.timestamp(), -article_id)
            for term in headline_terms(headline):
                word_counts[term] += 1
                if len(word_postings[term]) < POSTING_LIMIT:
                    word_postings[term].append(article_id)
        for term, n in word_counts.items():
            if n <= MAX_WORD_SHARE * size:
                corpus.word_idf[term] = math.log(size / n)
                corpus.word_postings[term] = word_postings[term]

        tag_counts = defaultdict(int)
        tag_links = (
            ArticleTag.objects.filter(Article.visible_q("article__"), article__published_at__gte=oldest)
            .order_by("-article__published_at", "-article_id")
            .values_list("tag_id", "article_id")
        )
        for tag, article_id in tag_links:
            if article_id not in corpus.recency:  # same instant as the window's edge
                continue
            tag_counts[tag] += 1
            postings = corpus.tag_postings.setdefault(tag, [])
            if len(postings) < POSTING_LIMIT:
                postings.append(article_id)
        corpus.tag_idf = {tag: _idf(size, n) for tag, n in tag_counts.items()}
        return corpus

    def similar_to(self, article_id, headline, tags, exclude) -> list[int]:
        # A plain dict and get(): a defaultdict's first touch of each of the ~1,000
        # candidates goes through __missing__, which made this loop twice as slow. The
        # sums are the same terms added in the same order (ties stay ties): the words in
        # sorted order, since a frozenset of str iterates in an order that changes with
        # each process's hash seed (two workers broke a tie two ways).
        scores: dict[int, float] = {}
        score_of = scores.get
        for tag in tags:
            weight = self.tag_idf.get(tag, 0.0)
            for other in self.tag_postings.get(tag, ()):
                scores[other] = score_of(other, 0.0) + weight
        for term in sorted(headline_terms(headline)):
            weight = self.word_idf.get(term)
            if weight is None:
                continue
            for other in self.word_postings[term]:
                scores[other] = score_of(other, 0.0) + weight
        wanted = LIMIT + 1 + len(exclude)
        # Only stories scoring at least the wanted-th best score can be among the best:
        # find that score over the bare floats (in C), then rank the few at or above it.
        # Equal scores come from the same terms summed in the same order, so exact
        # float comparison finds the ties; the newer story wins them.
        if len(scores) > wanted:
            floor = max(MIN_SCORE, heapq.nlargest(wanted, scores.values())[-1])
        else:
            floor = MIN_SCORE
        recency = self.recency
        best = sorted((-score, recency[other], other) for other, score in scores.items() if score >= floor)
        ranked = [other for _, _, other in best[:wanted]]
        return [other for other in ranked if other != article_id and other not in exclude][:LIMIT]


def update_similar(article_ids, corpus: Corpus | None = None) -> int:
    """Recompute similar_ids for `article_ids`; returns how many rows changed."""
    return len(refresh_similar(article_ids, corpus))


def refresh_similar(article_ids, corpus: Corpus | None = None) -> list[int]:
    """Recompute similar_ids for `article_ids`; returns the ids whose list changed.

    `corpus` may be passed by a caller that recomputes several groups in a row (the
    worker: the changed stories, then their neighbours).
    """
    updated = similar_changes(article_ids, corpus)
    write_similar(updated)
    return [a.pk for a in updated]


def similar_changes(article_ids, corpus: Corpus | None = None) -> list[Article]:
    """The stories among `article_ids` whose similar list is not what it should be, with
    the new list set (unsaved): reads only, so a caller can compute outside its write
    transaction and write with `write_similar` inside it."""
    ids = sorted({pk for pk in article_ids if pk is not None})
    tags_of = defaultdict(set)
    for chunk in _slices(ids):
        for article_id, tag_id in ArticleTag.objects.filter(article_id__in=chunk).values_list(
            "article_id", "tag_id"
        ):
            tags_of[article_id].add(tag_id)
    updated = []
    for chunk in _slices(ids):
        targets = list(Article.objects.filter(pk__in=chunk).only("id", "headline", "similar_ids"))
        if not targets:
            continue
        if corpus is None:
            corpus = Corpus.load()
        curated = defaultdict(set)
        for article_id, target_id in RelatedLink.objects.filter(
            article_id__in=chunk, target__isnull=False
        ).values_list("article_id", "target_id"):
            curated[article_id].add(target_id)
        for article in targets:
            best = corpus.similar_to(article.pk, article.headline, tags_of[article.pk], curated[article.pk])
            if best != list(article.similar_ids or []):
                article.similar_ids = best
                updated.append(article)
    return updated


def write_similar(articles: list[Article]) -> None:
    # One UPDATE statement executed per row (articles/bulk.py): bulk_update's CASE WHEN
    # of 500 rows cost more to compile than to run.
    bulk.update(Article, "similar_ids", [(a.pk, a.similar_ids) for a in articles])
