"""Read side: what each page needs, fetched in a fixed number of queries."""

from django.db.models import Prefetch

from .models import Article, ArticleTag, Quote, RelatedLink


def story_queryset():
    """Everything the story page shows, in a constant number of queries."""
    return Article.objects.select_related("source").prefetch_related(
        Prefetch(
            "tag_links", queryset=ArticleTag.objects.select_related("tag").order_by("-weight", "tag__name")
        ),
        Prefetch("quotes", queryset=Quote.objects.order_by("order", "id")),
        Prefetch(
            "related_links",
            queryset=RelatedLink.objects.select_related("target").order_by("order", "id"),
        ),
    )


def list_queryset():
    """The story list: published, newest first, with what a list item shows."""
    return (
        Article.objects.published()
        .select_related("source")
        .only("id", "headline", "slug", "excerpt", "published_at", "source__name", "source__slug")
    )
