"""Bridge until every writer goes through `articles.services`: today's change hooks
call `purge.purge_changed` with what changed. Connected in ArticlesConfig.ready().

- `content_changed` (article saved or deleted, admin inlines saved, an import or a
  generator run — once per batch);
- a tag or a source renamed or deleted: every page showing it changes, but no article
  is saved. (A new tag or source appears nowhere until a story links it.)
- a story's tag link, quote or related link saved or deleted on its own (a script, a
  test, an admin action): outside a `batched_changes()` block only — importer and
  generator batches end with one `content_changed`.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles import signals
from articles.signals import content_changed

from .purge import purge_changed


@receiver(content_changed, dispatch_uid="articles.caching.content_changed")
def stories_changed(sender, article_ids, **kwargs):
    purge_changed(article_ids=article_ids)


@receiver(post_save, sender="articles.Tag", dispatch_uid="articles.caching.tag_saved")
def tag_saved(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        purge_changed(tag_ids=[instance.pk])


@receiver(post_delete, sender="articles.Tag", dispatch_uid="articles.caching.tag_deleted")
def tag_deleted(sender, instance, **kwargs):
    purge_changed(tag_ids=[instance.pk])


@receiver(post_save, sender="articles.Source", dispatch_uid="articles.caching.source_saved")
def source_saved(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        purge_changed(source_ids=[instance.pk])


@receiver(post_delete, sender="articles.Source", dispatch_uid="articles.caching.source_deleted")
def source_deleted(sender, instance, **kwargs):
    purge_changed(source_ids=[instance.pk])


def _in_batch() -> bool:
    # articles.signals keeps the open batch in a thread-local; its end sends content_changed.
    return getattr(signals._batch, "ids", None) is not None


@receiver(post_save, sender="articles.ArticleTag", dispatch_uid="articles.caching.tag_link_saved")
@receiver(post_delete, sender="articles.ArticleTag", dispatch_uid="articles.caching.tag_link_deleted")
def tag_link_changed(sender, instance, raw=False, **kwargs):
    if not raw and not _in_batch():
        purge_changed(article_ids=[instance.article_id], tag_ids=[instance.tag_id])


@receiver(post_save, sender="articles.Quote", dispatch_uid="articles.caching.quote_saved")
@receiver(post_save, sender="articles.RelatedLink", dispatch_uid="articles.caching.link_saved")
@receiver(post_delete, sender="articles.Quote", dispatch_uid="articles.caching.quote_deleted")
@receiver(post_delete, sender="articles.RelatedLink", dispatch_uid="articles.caching.link_deleted")
def story_part_changed(sender, instance, raw=False, **kwargs):
    if not raw and not _in_batch():
        purge_changed(article_ids=[instance.article_id])
