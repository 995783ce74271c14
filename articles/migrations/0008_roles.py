"""The desk's roles as groups (articles/roles.py), and the derived headlines of stories
imported before the importer recorded them (needs_review meant exactly that then)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles import roles


def _permissions(apps, names):
    Permission = apps.get_model("auth", "Permission")
    found = []
    for name in names:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    writers, _ = Group.objects.get_or_create(name=roles.WRITERS)
    writers.permissions.set(_permissions(apps, roles.WRITER_PERMISSIONS))
    editors, _ = Group.objects.get_or_create(name=roles.EDITORS)
    editors.permissions.set(_permissions(apps, roles.EDITOR_PERMISSIONS))
    admins, _ = Group.objects.get_or_create(name=roles.ADMINS)
    admins.permissions.set(Permission.objects.filter(content_type__app_label__in=roles.ADMIN_EXTRA_APPS))

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(needs_review=True, derived_headline="").only("id", "headline"):
        Article.objects.filter(pk=article.pk).update(derived_headline=article.headline)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[roles.WRITERS, roles.EDITORS, roles.ADMINS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_desk_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
