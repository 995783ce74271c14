"""Write generated stories to the database in bulk (100,000 in a few minutes), through
the one write path (articles.services.create_stories)."""

from articles import services
from articles.models import Article, Quote, RelatedLink

from .generate import DemoStory

BATCH = 2000


def write_stories(stories, *, on_batch=None) -> int:
    """Insert `stories` (an iterable of DemoStory) in batches; returns how many were written."""
    written = 0
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


def _write_batch(batch: list[DemoStory]) -> int:
    sources = {name: services.get_or_create_source(name) for name in sorted({s.source for s in batch})}
    articles = [
        Article(
            headline=story.headline,
            dek=story.dek,
            body="\n\n".join(story.paragraphs),
            source=sources[story.source],
            status=Article.Status.PUBLISHED,
            published_at=story.published_at,
        )
        for story in batch
    ]
    # Links point inside the batch (the generator's read-also story is an earlier one).
    by_index = dict(zip((s.index for s in batch), articles, strict=True))
    by_headline = {a.headline: a for a in articles}
    drafts = []
    for story, article in zip(batch, articles, strict=True):
        links = []
        if story.read_also_index is not None and story.read_also_index in by_index:
            target = by_index[story.read_also_index]
            links.append(RelatedLink(kind=RelatedLink.Kind.READ_ALSO, title=target.headline, target=target))
        links += [
            RelatedLink(kind=RelatedLink.Kind.SIMILAR, title=title, target=by_headline.get(title))
            for title in story.similar_titles
        ]
        quotes = [
            Quote(speaker_name=q.speaker, speaker_role=q.role, text=q.text, kind=q.kind, position=q.position)
            for q in story.quotes
        ]
        drafts.append(
            services.Draft(article=article, tags=list(story.tags.items()), quotes=quotes, links=links)
        )
    return len(services.create_stories(drafts))
