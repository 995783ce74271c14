"""RSS and Atom feeds: latest stories, per tag, source, section and author (Django syndication).

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
from .templatetags.images import share_picture

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


MEDIA_RSS = "http://search.yahoo.com/mrss/"


class MediaRssItems:
    """Each item's lead image as Media RSS `<media:content>` (what news readers and
    aggregators show as the story's picture), in RSS and Atom alike. An `<enclosure>` would
    need the file's length in bytes: a storage request per item on S3, for nothing a reader
    sees. The picture is the 1200×630 share rendition (og:image's)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("image")
        if image:
            handler.startElement(
                "media:content",
                {"url": image["url"], "medium": "image", "type": "image/jpeg",
                 "width": str(image["width"]), "height": str(image["height"])},
            )  # fmt: skip
            handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
            if image["credit"]:
                handler.addQuickElement("media:credit", image["credit"])
            handler.endElement("media:content")


class ArabicRssFeed(MediaRssItems, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xml:lang": "ar", "xmlns:media": MEDIA_RSS}


class ArabicAtomFeed(MediaRssItems, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}


class LatestStoriesFeed(Feed):
    feed_type = ArabicRssFeed
    title = _("نيوزروم — آخر الأخبار")
    description = _("آخر الأخبار المنشورة على نيوزروم.")
    language = "ar"
    feed_route = "articles:feed-rss"

    def __call__(self, request, *args, **kwargs):
        keys.add(request, keys.STORIES)  # a feed lists the newest stories: a new one shows
        return super().__call__(request, *args, **kwargs)

    def get_feed(self, obj, request):
        # Each item's headline and summary: an edit of one of these stories purges the feed
        # (an edit purges the story's key, not `stories`).
        shown = self.stories(obj).values_list("pk", flat=True)[:FEED_SIZE]
        keys.add(request, *(keys.article(pk) for pk in shown))
        return super().get_feed(obj, request)

    def link(self, obj=None):
        return absolute(reverse("articles:list"))

    def feed_url(self, obj=None):
        return absolute(reverse(self.feed_route))

    def stories(self, obj=None):
        return list_queryset()

    def items(self, obj=None):
        return (
            self.stories(obj)
            .select_related(None)
            .select_related("source", "section", "lead_image")
            .only(
                *("id", "headline", "slug", "excerpt", "published_at", "updated_at"),
                *("source__name", "source__slug", "section__name", "section__slug"),
                *("lead_image__file", "lead_image__alt", "lead_image__credit", "lead_image__renditions"),
            )[:FEED_SIZE]
        )

    def item_extra_kwargs(self, item):
        image = getattr(item, "lead_image", None)  # no row raises: hence getattr
        if image is None or not image.ready:
            return {}
        return {"image": share_picture(image)}

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
    feed_type = ArabicAtomFeed
    subtitle = LatestStoriesFeed.description
    feed_route = "articles:feed-atom"


class NamedFeed(LatestStoriesFeed):
    """The newest stories of one tag, source, section or author, found by its slug.

    A subclass names its model, the surrogate key of the object, the filter from the story
    list to the object's stories, and the channel's title and description texts.
    """

    model = None
    key = None  # keys.tag, keys.source…: the object's surrogate key from its id
    list_key = None  # keys.tag_list…: the key of the lists of its stories (None: `key` alone)
    filter_on = ""  # the list queryset's lookup for this object's stories
    title_text = description_text = ""

    def get_object(self, request, slug):
        obj = get_object_or_404(self.model, slug=slug)
        keys.add(request, self.key(obj.pk), self.list_key(obj.pk) if self.list_key else "")
        return obj

    def title(self, obj):
        return self.title_text % {"name": obj.name}

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
        return list_queryset().filter(**{self.filter_on: obj})


class AtomSubtitle:
    """Atom's <subtitle> without a type is plain text: the name as written."""

    feed_type = ArabicAtomFeed

    def subtitle(self, obj):
        return self.plain_description(obj)


class TagFeed(NamedFeed):
    feed_route = "articles:tag-feed-rss"
    model, key, filter_on = Tag, staticmethod(keys.tag), "tag_links__tag"
    list_key = staticmethod(keys.tag_list)
    title_text = _("نيوزروم — وسم: %(name)s")
    description_text = _("آخر الأخبار الموسومة «%(name)s».")


class TagAtomFeed(AtomSubtitle, TagFeed):
    feed_route = "articles:tag-feed-atom"


class SourceFeed(NamedFeed):
    feed_route = "articles:source-feed-rss"
    model, key, filter_on = Source, staticmethod(keys.source), "source"
    list_key = staticmethod(keys.source_list)
    title_text = _("نيوزروم — المصدر: %(name)s")
    description_text = _("آخر أخبار %(name)s على نيوزروم.")


class SourceAtomFeed(AtomSubtitle, SourceFeed):
    feed_route = "articles:source-feed-atom"


class SectionFeed(NamedFeed):
    feed_route = "articles:section-feed-rss"
    model, key, filter_on = Section, staticmethod(keys.section), "section"
    list_key = staticmethod(keys.section_list)
    title_text = _("نيوزروم — قسم %(name)s")
    description_text = _("آخر أخبار قسم %(name)s على نيوزروم.")


class SectionAtomFeed(AtomSubtitle, SectionFeed):
    feed_route = "articles:section-feed-atom"


class AuthorFeed(NamedFeed):
    feed_route = "articles:author-feed-rss"
    model, key, filter_on = Author, staticmethod(keys.author), "author"
    title_text = _("نيوزروم — بقلم %(name)s")
    description_text = _("آخر ما كتبه %(name)s على نيوزروم.")

    def item_author_name(self, item):
        return None  # the channel is one author's
