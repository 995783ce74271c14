"""RSS and Atom feeds: latest stories, per tag and per source (Django syndication).

Every link is absolute from settings.SITE_URL, never from the request's Host header.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .caching import keys
from .models import Author, Section, Source, Tag
from .queries import list_queryset

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class ArabicRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xml:lang": "ar"}


class LatestStoriesFeed(Feed):
    feed_type = ArabicRssFeed
    title = _("نيوزروم — آخر الأخبار")
    description = _("آخر الأخبار المنشورة على نيوزروم.")
    language = "ar"
    feed_route = "articles:feed-rss"

    def __call__(self, request, *args, **kwargs):
        keys.add(request, keys.STORIES)  # a feed lists the newest stories: any change may show
        return super().__call__(request, *args, **kwargs)

    def link(self, obj=None):
        return absolute(reverse("articles:list"))

    def feed_url(self, obj=None):
        return absolute(reverse(self.feed_route))

    def stories(self, obj=None):
        return list_queryset()

    def items(self, obj=None):
        # Feeds show no pictures: the list's lead-image join is dropped.
        return (
            self.stories(obj)
            .select_related(None)
            .select_related("source", "section")
            .only(
                *("id", "headline", "slug", "excerpt", "published_at", "updated_at"),
                *("source__name", "source__slug", "section__name", "section__slug"),
            )[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # RSS <description> and Atom <summary type="html"> are HTML to feed readers:
        # our excerpt is plain text, so it is HTML-escaped (then XML-escaped by the writer).
        return escape(item.excerpt)

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        return absolute(reverse("articles:detail-short", kwargs={"pk": item.pk}))

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return item.source.name if item.source else None

    def item_categories(self, item):
        return [item.section.name] if item.section_id else ()


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed
    subtitle = LatestStoriesFeed.description
    feed_route = "articles:feed-atom"


class TagFeed(LatestStoriesFeed):
    feed_route = "articles:tag-feed-rss"

    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        keys.add(request, keys.tag(tag.pk))
        return tag

    def title(self, obj):
        return _("نيوزروم — وسم: %(name)s") % {"name": obj.name}

    description_text = _("آخر الأخبار الموسومة «%(name)s».")

    def description(self, obj):
        # RSS <description> is HTML to feed readers: the name is HTML-escaped here, and the
        # XML writer escapes the result again for the XML layer.
        return self.description_text % {"name": escape(obj.name)}

    def plain_description(self, obj):
        return self.description_text % {"name": obj.name}

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute(reverse(self.feed_route, kwargs={"slug": obj.slug}))

    def stories(self, obj=None):
        return list_queryset().filter(tag_links__tag=obj)


class TagAtomFeed(TagFeed):
    feed_type = Atom1Feed
    feed_route = "articles:tag-feed-atom"

    def subtitle(self, obj):
        # Atom's <subtitle> without a type is plain text: the name as written.
        return self.plain_description(obj)


class SourceFeed(LatestStoriesFeed):
    feed_route = "articles:source-feed-rss"

    def get_object(self, request, slug):
        source = get_object_or_404(Source, slug=slug)
        keys.add(request, keys.source(source.pk))
        return source

    def title(self, obj):
        return _("نيوزروم — المصدر: %(name)s") % {"name": obj.name}

    description_text = _("آخر أخبار %(name)s على نيوزروم.")

    def description(self, obj):
        # HTML to feed readers (see TagFeed.description).
        return self.description_text % {"name": escape(obj.name)}

    def plain_description(self, obj):
        return self.description_text % {"name": obj.name}

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute(reverse(self.feed_route, kwargs={"slug": obj.slug}))

    def stories(self, obj=None):
        return list_queryset().filter(source=obj)


class SourceAtomFeed(SourceFeed):
    feed_type = Atom1Feed
    feed_route = "articles:source-feed-atom"

    def subtitle(self, obj):
        # Atom's <subtitle> without a type is plain text: the name as written.
        return self.plain_description(obj)


class SectionFeed(LatestStoriesFeed):
    feed_route = "articles:section-feed-rss"

    def get_object(self, request, slug):
        section = get_object_or_404(Section, slug=slug)
        keys.add(request, keys.section(section.pk))
        return section

    def title(self, obj):
        return _("نيوزروم — قسم %(name)s") % {"name": obj.name}

    description_text = _("آخر أخبار قسم %(name)s على نيوزروم.")

    def description(self, obj):
        # HTML to feed readers (see TagFeed.description).
        return self.description_text % {"name": escape(obj.name)}

    def plain_description(self, obj):
        return self.description_text % {"name": obj.name}

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute(reverse(self.feed_route, kwargs={"slug": obj.slug}))

    def stories(self, obj=None):
        return list_queryset().filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed
    feed_route = "articles:section-feed-atom"

    def subtitle(self, obj):
        # Atom's <subtitle> without a type is plain text: the name as written.
        return self.plain_description(obj)


class AuthorFeed(LatestStoriesFeed):
    feed_route = "articles:author-feed-rss"

    def get_object(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        keys.add(request, keys.author(author.pk))
        return author

    def title(self, obj):
        return _("نيوزروم — بقلم %(name)s") % {"name": obj.name}

    description_text = _("آخر ما كتبه %(name)s على نيوزروم.")

    def description(self, obj):
        # HTML to feed readers (see TagFeed.description).
        return self.description_text % {"name": escape(obj.name)}

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute(reverse(self.feed_route, kwargs={"slug": obj.slug}))

    def stories(self, obj=None):
        return list_queryset().filter(author=obj)

    def item_author_name(self, item):
        return None  # the channel is one author's
