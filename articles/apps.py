from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("الأخبار")

    def ready(self):
        from . import signals  # noqa: F401  (connects the content-change hooks)
