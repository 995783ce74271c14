"""Merge spelling variants of a tag (or source) into one survivor: the desk's merge
page (admin_merge.py) calls `merge`, which is the write path's merge_tags/merge_sources
(articles/services.py: links moved with weights added, old slugs kept as 301s, counts
and refresh in the same transaction)."""

from . import services
from .models import ArticleTag, Source, Tag


def merge(survivor, others) -> list[int]:
    """Merge `others` (Tags, or Sources) into `survivor`; returns the ids of the stories moved."""
    others = [other for other in others if other.pk != survivor.pk]
    if not others:
        return []
    if isinstance(survivor, Tag):
        ids = sorted(set(ArticleTag.objects.filter(tag__in=others).values_list("article_id", flat=True)))
        services.merge_tags(survivor, others)
    elif isinstance(survivor, Source):
        ids = sorted(services._stories_of_sources([o.pk for o in others]))
        services.merge_sources(survivor, others)
    else:
        raise TypeError(f"cannot merge {type(survivor).__name__}")
    return ids
