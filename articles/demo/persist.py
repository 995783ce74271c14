"""Write generated stories to the database in bulk (100,000 in a few minutes)."""

from django.db import transaction

from articles.models import Article, ArticleTag, Quote, RelatedLink, Source, Tag, make_excerpt
from articles.signals import batched_changes, notify_changed
from articles.text.normalize import clean_input, normalize, slugify

from .generate import DemoStory

BATCH = 2000


def _get_or_create_by_key(model, names):
    existing = {obj.key: obj for obj in model.objects.filter(key__in=[normalize(n) for n in names])}
    for name in names:
        if normalize(name) not in existing:
            obj = model(name=name)
            obj.save()
            existing[obj.key] = obj
    return existing


def write_stories(stories, *, on_batch=None) -> int:
    """Insert `stories` (an iterable of DemoStory) in batches; returns how many were written."""
    written = 0
    with batched_changes():
        batch: list[DemoStory] = []
        for story in stories:
            batch.append(story)
            if len(batch) >= BATCH:
                written += _write_batch(batch)
                batch = []
                if on_batch:
                    on_batch(written)
        if batch:
            written += _write_batch(batch)
            if on_batch:
                on_batch(written)
    return written


@transaction.atomic
def _write_batch(batch: list[DemoStory]) -> int:
    sources = _get_or_create_by_key(Source, sorted({s.source for s in batch}))
    tags = _get_or_create_by_key(Tag, sorted({name for s in batch for name in s.tags}))
    articles = []
    for story in batch:
        body = clean_input("\n\n".join(story.paragraphs))
        dek = clean_input(story.dek)
        articles.append(
            Article(
                headline=clean_input(story.headline),
                slug=slugify(story.headline),
                dek=dek,
                body=body,
                excerpt=make_excerpt(dek or body),
                source=sources[normalize(story.source)],
                status=Article.Status.PUBLISHED,
                published_at=story.published_at,
            )
        )
    Article.objects.bulk_create(articles)
    by_headline = {a.headline: a for a in articles}
    earlier = dict(zip((s.index for s in batch), articles, strict=True))
    tag_links, quotes, links = [], [], []
    for story, article in zip(batch, articles, strict=True):
        for name, weight in story.tags.items():
            tag_links.append(ArticleTag(article=article, tag=tags[normalize(name)], weight=weight))
        for order, q in enumerate(story.quotes):
            quotes.append(
                Quote(
                    article=article,
                    order=order,
                    speaker_name=q.speaker,
                    speaker_role=q.role,
                    speaker_slug=slugify(q.speaker),
                    text=q.text,
                    kind=q.kind,
                    position=q.position,
                )
            )
        order = 0
        if story.read_also_index is not None and story.read_also_index in earlier:
            target = earlier[story.read_also_index]
            links.append(
                RelatedLink(
                    article=article,
                    order=order,
                    kind=RelatedLink.Kind.READ_ALSO,
                    title=target.headline,
                    target=target,
                )
            )
            order += 1
        for title in story.similar_titles:
            links.append(
                RelatedLink(
                    article=article,
                    order=order,
                    kind=RelatedLink.Kind.SIMILAR,
                    title=title,
                    target=by_headline.get(title),
                )
            )
            order += 1
    ArticleTag.objects.bulk_create(tag_links)
    Quote.objects.bulk_create(quotes)
    RelatedLink.objects.bulk_create(links)
    notify_changed([a.pk for a in articles])
    return len(articles)
