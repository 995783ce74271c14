"""The desk's roles, as Django groups (created by migration 0009_roles).

- writers draft stories and submit them for review;
- editors also publish, schedule, unpublish, delete and merge tags and sources;
- admins also manage accounts and groups.

Code asks for permissions, never for a group name: a site may grant one permission
to one person without inventing a group.
"""

WRITERS = "الكتّاب"
EDITORS = "المحررون"
ADMINS = "المديرون"

_CONTENT = ["article", "quote", "relatedlink", "articletag"]

WRITER_PERMISSIONS = [
    *(f"articles.{action}_{model}" for model in _CONTENT for action in ("add", "change", "view")),
    "articles.delete_quote",
    "articles.delete_relatedlink",
    "articles.delete_articletag",
    "articles.view_tag",
    "articles.add_tag",
    "articles.view_source",
    "articles.add_source",
    "articles.view_author",
]
EDITOR_PERMISSIONS = [
    *WRITER_PERMISSIONS,
    "articles.delete_article",
    "articles.publish_article",
    "articles.change_tag",
    "articles.delete_tag",
    "articles.merge_tag",
    "articles.change_source",
    "articles.delete_source",
    "articles.merge_source",
    "articles.add_author",
    "articles.change_author",
]
ADMIN_EXTRA_APPS = ["articles", "auth", "reversion"]

PUBLISH = "articles.publish_article"


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH)


def ensure_groups(group_model, permission_model):
    """Create or refresh the three groups (the migration passes its historical models;
    tests that flush the database call it with the real ones)."""

    def permissions(names):
        wanted = [name.split(".") for name in names]
        found = permission_model.objects.filter(content_type__app_label="articles")
        by_name = {(p.content_type.app_label, p.codename): p for p in found.select_related("content_type")}
        return [by_name[(app, codename)] for app, codename in wanted]

    writers, _ = group_model.objects.get_or_create(name=WRITERS)
    writers.permissions.set(permissions(WRITER_PERMISSIONS))
    editors, _ = group_model.objects.get_or_create(name=EDITORS)
    editors.permissions.set(permissions(EDITOR_PERMISSIONS))
    admins, _ = group_model.objects.get_or_create(name=ADMINS)
    admins.permissions.set(permission_model.objects.filter(content_type__app_label__in=ADMIN_EXTRA_APPS))
