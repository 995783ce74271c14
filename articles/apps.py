from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    # No signal receivers: every consequence of a write is in articles/services.py.
    name = "articles"
    verbose_name = _("الأخبار")
