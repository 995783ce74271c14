from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from . import feeds, views
from .converters import UnicodeSlugConverter
from .sitemaps import SITEMAPS

register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("news/<int:pk>/", views.article_detail, name="detail-short"),
    # Before the story's own URL: "live" would read as a slug there.
    path("news/<int:pk>/live/", views.live_notice, name="live-notice"),
    path("news/<int:pk>/<uslug:slug>/", views.article_detail, name="detail"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("tag/<uslug:slug>/", views.tag_detail, name="tag"),
    path("tag/<uslug:slug>/rss/", feeds.TagFeed(), name="tag-feed-rss"),
    path("tag/<uslug:slug>/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("source/<uslug:slug>/", views.source_detail, name="source"),
    path("source/<uslug:slug>/rss/", feeds.SourceFeed(), name="source-feed-rss"),
    path("source/<uslug:slug>/atom/", feeds.SourceAtomFeed(), name="source-feed-atom"),
    path("section/<uslug:slug>/", views.section_detail, name="section"),
    path("section/<uslug:slug>/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("section/<uslug:slug>/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("speaker/<uslug:slug>/", views.speaker_detail, name="speaker"),
    path("author/<uslug:slug>/", views.author_detail, name="author"),
    path("author/<uslug:slug>/rss/", feeds.AuthorFeed(), name="author-feed-rss"),
    path("feeds/rss/", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
    # An index of per-section sitemaps: 100,000 stories do not fit one file (50,000 URLs max).
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", views.news_sitemap, name="news-sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("beacon/read/<int:pk>/", views.read_beacon, name="read-beacon"),
]
