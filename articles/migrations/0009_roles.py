"""The desk's roles as groups (articles/roles.py), and the derived headlines of stories
imported before this migration."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles import roles


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles.ensure_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))

    Article = apps.get_model("articles", "Article")
    guessed = Article.objects.filter(needs_review=True, derived_headline="")
    for article in guessed.only("id", "headline", "import_warnings"):
        codes = {w.get("code") for w in article.import_warnings or [] if isinstance(w, dict)}
        # Before per-field warnings existed, needs_review meant exactly a derived headline.
        if not article.import_warnings or "title_derived" in codes:
            Article.objects.filter(pk=article.pk).update(derived_headline=article.headline)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[roles.WRITERS, roles.EDITORS, roles.ADMINS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_desk_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
