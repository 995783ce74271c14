from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("الأخبار")

    def ready(self):
        from . import signals  # connects the content-change hooks
        from .search.index import on_content_changed

        signals.content_changed.connect(on_content_changed, dispatch_uid="search_reindex")
        from . import queries, related  # noqa: F401  (tag-cloud cache and similar stories follow changes)
        from .caching import invalidation  # noqa: F401  (page-cache version follows changes)
