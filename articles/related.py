"""Computed similar stories ("مقالات مشابهة"), stored in Article.similar_ids.

Similarity of two stories = the sum of idf (log(1 + N / df)) over the tags they share
+ the sum of idf (log(N / df)) over the headline stems they share (after Arabic normalization,
so "أستراليا" and "استراليا" are one word). Rare tags and rare words count most;
function words are so common that their idf is near zero, so no stop-word list is
needed. Ties go to the newer story.

Computed when stories change (the `content_changed` signal), never per request,
and in bulk: one call for 10,000 ids runs a fixed handful of queries.
"""

import math
from collections import defaultdict

from django.db.models import Count
from django.dispatch import receiver

from .models import Article, ArticleTag, RelatedLink
from .signals import content_changed
from .text.normalize import stems

LIMIT = 6
# Headline words are compared against the newest stories only: related news is
# recent news, and it keeps a single save cheap at 100,000 stories.
HEADLINE_WINDOW = 5000
# A tag on more stories than this says little about similarity and would make
# every story a candidate of every other.
MAX_TAG_STORIES = 5000
# Below this, two stories merely share a common word or one very common tag.
MIN_SCORE = 1.5
CHUNK = 500
SLICE = 2000


def headline_terms(headline: str) -> set[str]:
    return {s for s in stems(headline) if len(s) > 1 and not s.isdigit()}


def update_similar(article_ids) -> int:
    """Recompute similar_ids for `article_ids`; returns how many rows changed.

    Works in slices so that no query carries more ids than SQLite accepts.
    Stories that were not changed keep their lists: a new story shows up in
    older stories' lists when those are next saved.
    """
    ids = sorted({pk for pk in article_ids if pk is not None})
    return sum(_update_slice(ids[start : start + SLICE]) for start in range(0, len(ids), SLICE))


def _update_slice(ids) -> int:
    targets = list(Article.objects.filter(pk__in=ids).only("id", "headline", "similar_ids"))
    if not targets:
        return 0
    published = Article.objects.published()
    total = max(published.count(), 1)

    target_ids = [a.pk for a in targets]
    target_tags = defaultdict(set)
    for article_id, tag_id in ArticleTag.objects.filter(article_id__in=target_ids).values_list(
        "article_id", "tag_id"
    ):
        target_tags[article_id].add(tag_id)
    all_tags = set().union(*target_tags.values()) if target_tags else set()

    df = dict(
        ArticleTag.objects.filter(tag_id__in=all_tags, article__in=published)
        .values("tag_id")
        .annotate(n=Count("id"))
        .values_list("tag_id", "n")
    )
    useful_tags = {t for t, n in df.items() if n <= MAX_TAG_STORIES}
    tag_idf = {t: _idf(total, n) for t, n in df.items()}

    # Sort key for ties: newer first, then the higher id.
    recency = {}
    tag_members = defaultdict(list)  # tag -> published story ids
    for article_id, tag_id, published_at in ArticleTag.objects.filter(
        tag_id__in=useful_tags, article__in=published
    ).values_list("article_id", "tag_id", "article__published_at"):
        tag_members[tag_id].append(article_id)
        recency[article_id] = (-published_at.timestamp(), -article_id)

    window = list(
        published.order_by("-published_at", "-id").values_list("id", "headline", "published_at")[
            :HEADLINE_WINDOW
        ]
    )
    word_members = defaultdict(list)
    for article_id, headline, published_at in window:
        recency[article_id] = (-published_at.timestamp(), -article_id)
        for term in headline_terms(headline):
            word_members[term].append(article_id)
    window_size = max(len(window), 1)
    # Plain idf for words: a word in every headline (a preposition) weighs nothing.
    word_idf = {w: math.log(window_size / len(m)) for w, m in word_members.items()}

    curated = defaultdict(set)
    for article_id, target_id in RelatedLink.objects.filter(
        article_id__in=target_ids, target__isnull=False
    ).values_list("article_id", "target_id"):
        curated[article_id].add(target_id)

    scores_by_target = {}
    for article in targets:
        scores = defaultdict(float)
        for tag_id in target_tags.get(article.pk, ()):
            for other in tag_members.get(tag_id, ()):
                scores[other] += tag_idf[tag_id]
        for term in headline_terms(article.headline):
            for other in word_members.get(term, ()):
                scores[other] += word_idf[term]
        skip = curated[article.pk] | {article.pk}
        scores_by_target[article.pk] = {k: v for k, v in scores.items() if k not in skip and v >= MIN_SCORE}

    changed = []
    for article in targets:
        scores = scores_by_target[article.pk]
        best = sorted(scores, key=lambda k: (-round(scores[k], 6), recency[k]))[:LIMIT]
        if best != list(article.similar_ids or []):
            article.similar_ids = best
            changed.append(article)
    Article.objects.bulk_update(changed, ["similar_ids"], batch_size=CHUNK)
    return len(changed)


@receiver(content_changed, dispatch_uid="articles.related.refresh_similar")
def refresh_similar(sender, article_ids, **kwargs):
    update_similar(article_ids)


def _idf(total: int, df: int) -> float:
    """Smoothed inverse document frequency: rare terms weigh most, and a term on
    every story still counts a little (log 2), so small corpora get neighbours."""
    return math.log(1 + total / max(df, 1))
