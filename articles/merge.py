"""Merge spelling variants of a tag (or source) into one survivor.

Story links move to the survivor (a story that had both keeps one link whose weight is
the sum), every slug the merged rows answered to becomes an old slug of the survivor
(their pages answer 301), and one change notification reindexes and purges the stories
touched. Stays here until helper write-path's `articles/services.py` takes it.
"""

from django.db import transaction

from .models import Article, ArticleTag, Source, Tag
from .signals import notify_changed


def merge(survivor, others) -> list[int]:
    """Merge `others` (Tags, or Sources) into `survivor`; returns the ids of the stories moved."""
    model = type(survivor)
    others = [other for other in others if other.pk != survivor.pk]
    if not others:
        return []
    with transaction.atomic():
        if model is Tag:
            article_ids = _move_tag_links(survivor, others)
        elif model is Source:
            moved = Article.objects.filter(source__in=others)
            article_ids = list(moved.values_list("pk", flat=True))
            moved.update(source=survivor)
        else:
            raise TypeError(f"cannot merge {model.__name__}")
        redirects = model.old_slugs.rel.related_model.objects
        redirects.filter(target__in=others).update(target=survivor)
        old = [other.slug for other in others]
        model.objects.filter(pk__in=[other.pk for other in others]).delete()
        redirects.bulk_create([redirects.model(old_slug=slug, target=survivor) for slug in old])
        notify_changed(article_ids, sender=model)
    return article_ids


def _move_tag_links(survivor: Tag, others: list[Tag]) -> list[int]:
    links = list(ArticleTag.objects.filter(tag__in=[survivor, *others]).order_by("pk"))
    kept = {link.article_id: link for link in links if link.tag_id == survivor.pk}
    for link in links:
        if link.tag_id == survivor.pk:
            continue
        into = kept.get(link.article_id)
        if into is None:
            link.tag = survivor
            link.save(update_fields=["tag"])
            kept[link.article_id] = link
        else:
            into.weight += link.weight
            into.save(update_fields=["weight"])
            link.delete()
    return sorted({link.article_id for link in links if link.tag_id != survivor.pk})
