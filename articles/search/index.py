"""Keep the search index in step with the stories.

`reindex(ids)` rewrites the entries of those stories: published ones (scheduled
included — the query hides them until their time) get a fresh document, drafts and
deleted ones lose theirs, and the vocabulary's counts follow (vocabulary.py). The
worker calls it after a write (articles/services.refresh → articles/tasks.py), for one
story or an import chunk, so it works in chunks. Tag and source renames reach it the
same way: services.save_tag refreshes the tag's stories.
"""

from django.db import connection, transaction

from . import vocabulary
from .backends import backend_for
from .document import Story, build

CHUNK = 500
# A batch this large (an import, the generator, a rebuild) changes word statistics.
ANALYZE_AFTER = 5000
PUBLISHED = "published"  # Article.Status.PUBLISHED, spelled out for historical models


def reindex(article_ids, model=None) -> int:
    """Rewrite the index entries of `article_ids`; returns how many stories are indexed.

    `model` is the Article model to read (a migration passes its historical one).
    """
    if model is None:
        from articles.models import Article as model

    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    backend = backend_for(connection)
    indexed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            docs = [build(story) for story in _indexable(model, chunk)]
            vocabulary.remove(cursor, backend.stored_tokens(cursor, chunk))
            backend.delete(cursor, chunk)
            backend.insert(cursor, docs)
            vocabulary.add(cursor, [d.tokens() for d in docs])
            vocabulary.add_names(cursor, {name for d in docs for name in d.names})
            indexed += len(docs)
        if len(ids) >= ANALYZE_AFTER:
            backend.analyze(cursor)
    return indexed


def rebuild(progress=None) -> int:
    """Empty the index and index every published story again."""
    from articles.models import Article

    backend = backend_for(connection)
    ids = list(
        Article.objects.filter(status=Article.Status.PUBLISHED).order_by("pk").values_list("pk", flat=True)
    )
    indexed = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            backend.clear(cursor)
            vocabulary.clear(cursor)
        for start in range(0, len(ids), CHUNK * 4):
            indexed += reindex(ids[start : start + CHUNK * 4])
            if progress:
                progress(indexed, len(ids))
        with connection.cursor() as cursor:
            backend.analyze(cursor)
    return indexed


def maintain():
    """Compact the index after a bulk load (rebuild command, benchmark); not in a transaction."""
    backend = backend_for(connection)
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # VACUUM cannot run in a transaction (tests do)
            backend.analyze(cursor)
        else:
            backend.maintain(cursor)


def _indexable(model, ids) -> list[Story]:
    """The published stories among `ids` as plain values, in four queries (rows, not
    model instances and prefetches: at an import's thousands of stories per batch the
    instances cost more than the analysis)."""
    meta = model._meta
    quote_model = meta.get_field("quotes").related_model
    link_model = meta.get_field("tag_links").related_model
    rows = (
        model.objects.filter(pk__in=ids, status=PUBLISHED)
        .order_by("pk")
        .values_list("pk", "published_at", "headline", "dek", "body", "source__name")
    )
    stories = {
        pk: Story(pk, published_at, headline, dek, body, source or "")
        for pk, published_at, headline, dek, body, source in rows
    }
    found = list(stories)
    # The same order as the story's own lists (tag links as created, quotes by order).
    tags = link_model.objects.filter(article_id__in=found).order_by("article_id", "pk")
    for article_id, name in tags.values_list("article_id", "tag__name"):
        stories[article_id].tag_names.append(name)
    quotes = quote_model.objects.filter(article_id__in=found).order_by("article_id", "order", "pk")
    for article_id, *quote in quotes.values_list("article_id", "speaker_name", "speaker_role", "text"):
        stories[article_id].quotes.append(tuple(quote))
    return list(stories.values())
