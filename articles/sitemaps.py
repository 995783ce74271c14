"""sitemap.xml (django.contrib.sitemaps) and the Google News sitemap (last two days).

Absolute URLs come from settings.SITE_URL, not from the request.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from .models import Article, Section, Source, Tag
from .queries import reader_rows


class SiteUrlSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class StorySitemap(SiteUrlSitemap):
    changefreq = "daily"
    limit = 10_000

    def items(self):
        return reader_rows(
            Article.objects.published().only("id", "slug", "updated_at", "published_at").order_by("-id")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)


def _visible():
    return Article.visible_q("articles__")


class TagSitemap(SiteUrlSitemap):
    changefreq = "hourly"
    priority = 0.4

    def items(self):
        return reader_rows(
            Tag.objects.annotate(n=Count("articles", filter=_visible()))
            .filter(n__gt=0)
            .only("id", "slug")
            .order_by("id")
        )


class SourceSitemap(TagSitemap):
    def items(self):
        return reader_rows(
            Source.objects.annotate(n=Count("articles", filter=_visible()))
            .filter(n__gt=0)
            .only("id", "slug")
            .order_by("id")
        )


class SectionSitemap(SiteUrlSitemap):
    """Every section page (editors keep them few; an empty one still has its page)."""

    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Section.objects.only("id", "slug").order_by("order", "id")


class HomeSitemap(SiteUrlSitemap):
    """The front page: what changes most often on the site."""

    changefreq = "always"
    priority = 1.0

    def items(self):
        return ["articles:list"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return (
            Article.objects.published()
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )


SITEMAPS = {
    "home": HomeSitemap,
    "sections": SectionSitemap,
    "stories": StorySitemap,
    "tags": TagSitemap,
    "sources": SourceSitemap,
}

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News sitemaps hold at most 1,000 URLs


def news_stories(now=None):
    """Stories published in the last two days, for the Google News sitemap."""
    now = now or timezone.now()
    return reader_rows(
        Article.objects.published(now)
        .filter(published_at__gte=now - NEWS_WINDOW)
        .only("id", "slug", "headline", "published_at")[:NEWS_LIMIT]
    )
