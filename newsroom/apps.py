from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class NewsroomConfig(AppConfig):
    """Project-wide plumbing that must be in place before the first database connection."""

    name = "newsroom"

    def ready(self):
        from . import statement_timeout  # noqa: F401  (SQLite progress handler on every connection)


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin with our site as the default `admin.site` (newsroom/admin_site.py)."""

    default_site = "newsroom.admin_site.NewsroomAdminSite"


class AxesConfig(AxesAppConfig):
    """django-axes with an Arabic name in the admin (its own config has none to translate)."""

    verbose_name = _("محاولات الدخول")


class TasksDatabaseConfig(TasksAppConfig):
    """django-tasks-db's queue with an Arabic name in the admin (its own is a plain English string)."""

    verbose_name = _("طابور المهام")
