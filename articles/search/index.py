"""Keep the search index in step with the stories.

`reindex(ids)` rewrites the entries of those stories: published ones (scheduled
included — the query hides them until their time) get a fresh document, drafts and
deleted ones lose theirs, and the vocabulary's counts follow (vocabulary.py). The
worker calls it after a write (articles/services.refresh → articles/tasks.py), for one
story or an import chunk, so it works in chunks. Tag and source renames reach it the
same way: services.save_tag refreshes the tag's stories.
"""

from contextlib import nullcontext

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
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    indexed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Read and analysed before the chunk's write transaction, not in it: on SQLite a
        # write transaction holds the database's one write lock from its start, and the
        # analysis is most of the work — an import or an editor's save beside the worker
        # waited for it. A story saved in between is pending again (its new token) and
        # indexed once more; a chunk written is whole, so a crash loses nothing either.
        with savepoint_if_nested():
            entries = Entries.read(chunk, model)
        with transaction.atomic():
            entries.write()
        indexed += len(entries.docs)
    if len(ids) >= ANALYZE_AFTER:
        with connection.cursor() as cursor:
            backend_for(connection).analyze(cursor)
    return indexed


def savepoint_if_nested():
    """A savepoint inside a caller's transaction (the tests' immediate backend runs the
    worker's refresh inside the writer's): interrupted mid-read, PostgreSQL rolls back to
    it and the caller's transaction goes on as it was. Outside one, nothing: reads then
    take no lock."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


class Entries:
    """The new index entries of some stories, built from what the database holds now:
    read and analysed by `read` (no write), stored by `write` — in the caller's write
    transaction, so a caller with more to write (the worker) takes the lock once."""

    def __init__(self, article_ids: list[int], docs: list):
        self.article_ids, self.docs = article_ids, docs

    @classmethod
    def read(cls, article_ids, model=None) -> "Entries":
        if model is None:
            from articles.models import Article as model

        ids = sorted({int(pk) for pk in article_ids if pk is not None})
        docs = []
        for start in range(0, len(ids), CHUNK):
            docs += [build(story) for story in _indexable(model, ids[start : start + CHUNK])]
        return cls(ids, docs)

    def write(self) -> None:
        """Replace the stories' entries (published ones get theirs, the others lose theirs)
        and the vocabulary's counts with them."""
        backend = backend_for(connection)
        with connection.cursor() as cursor:
            for start in range(0, len(self.article_ids), CHUNK):
                chunk = self.article_ids[start : start + CHUNK]
                vocabulary.remove(cursor, backend.stored_tokens(cursor, chunk))
                backend.delete(cursor, chunk)
            backend.insert(cursor, self.docs)
            vocabulary.add(cursor, [d.tokens() for d in self.docs])
            vocabulary.add_names(cursor, {name for d in self.docs for name in d.names})


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
