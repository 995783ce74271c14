"""What makes cached pages stale: connected in ArticlesConfig.ready().

- `content_changed` (article saved or deleted, admin inlines saved, an import or a
  generator run — once per batch);
- a tag or a source renamed or deleted: every story page showing it changes, but no
  article is saved. (A new tag or source appears nowhere until a story links it,
  and that story's save sends `content_changed`.)
- a story's tag link, quote or related link saved or deleted on its own (a script,
  a test, an admin action): outside a `batched_changes()` block only — importer and
  generator batches end with one `content_changed`, so their thousands of child rows
  cost nothing here.
"""

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles import signals
from articles.signals import content_changed

from .version import bump_now_and_after_commit


def _page_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


@receiver(content_changed, dispatch_uid="articles.caching.content_changed")
def stories_changed(sender, article_ids, **kwargs):
    bump_now_and_after_commit(_page_cache())


@receiver(post_save, sender="articles.Tag", dispatch_uid="articles.caching.tag_saved")
@receiver(post_save, sender="articles.Source", dispatch_uid="articles.caching.source_saved")
def label_saved(sender, instance, created=False, raw=False, **kwargs):
    if not created and not raw:
        bump_now_and_after_commit(_page_cache())


@receiver(post_delete, sender="articles.Tag", dispatch_uid="articles.caching.tag_deleted")
@receiver(post_delete, sender="articles.Source", dispatch_uid="articles.caching.source_deleted")
def label_deleted(sender, instance, **kwargs):
    bump_now_and_after_commit(_page_cache())


def _in_batch() -> bool:
    # articles.signals keeps the open batch in a thread-local; its end sends content_changed.
    return getattr(signals._batch, "ids", None) is not None


@receiver(post_save, sender="articles.ArticleTag", dispatch_uid="articles.caching.tag_link_saved")
@receiver(post_save, sender="articles.Quote", dispatch_uid="articles.caching.quote_saved")
@receiver(post_save, sender="articles.RelatedLink", dispatch_uid="articles.caching.link_saved")
@receiver(post_delete, sender="articles.ArticleTag", dispatch_uid="articles.caching.tag_link_deleted")
@receiver(post_delete, sender="articles.Quote", dispatch_uid="articles.caching.quote_deleted")
@receiver(post_delete, sender="articles.RelatedLink", dispatch_uid="articles.caching.link_deleted")
def story_part_changed(sender, instance, raw=False, **kwargs):
    if not raw and not _in_batch():
        bump_now_and_after_commit(_page_cache())
