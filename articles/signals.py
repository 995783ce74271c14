"""One hook for "stories changed", so derived data never goes stale.

The search index, computed similar stories and the page-cache version all hang
off `content_changed`. It is sent with the ids of the articles that were created,
edited or deleted:

- by `Article.save()` / `delete()` (post_save / post_delete below);
- by the admin after the inlines are saved (tags and quotes exist only then);
- once per batch by the importer and the generator, which wrap their writes in
  `batched_changes()` so that 10,000 saves send one signal, not 10,000.

Receivers run synchronously, inside the caller's transaction: if the write rolls
back, so does whatever a receiver wrote to the database.
"""

import threading
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

# Sent with `article_ids`: a list of primary keys (deleted ones included).
content_changed = Signal()

_batch = threading.local()


def notify_changed(article_ids, sender=None):
    ids = [pk for pk in article_ids if pk is not None]
    if not ids:
        return
    pending = getattr(_batch, "ids", None)
    if pending is not None:
        pending.update(ids)
        return
    content_changed.send(sender=sender, article_ids=ids)


@contextmanager
def batched_changes():
    """Collect change notifications and send one `content_changed` at the end."""
    outer = getattr(_batch, "ids", None)
    if outer is not None:
        yield  # already inside a batch: the outermost one sends
        return
    _batch.ids = set()
    try:
        yield
        ids = sorted(_batch.ids)
    finally:
        _batch.ids = None
    if ids:
        content_changed.send(sender=None, article_ids=ids)


@receiver(post_save, sender="articles.Article", dispatch_uid="article_saved")
def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        notify_changed([instance.pk], sender=sender)


@receiver(post_delete, sender="articles.Article", dispatch_uid="article_deleted")
def _article_deleted(sender, instance, **kwargs):
    notify_changed([instance.pk], sender=sender)
