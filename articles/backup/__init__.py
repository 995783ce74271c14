"""Backup and restore of everything editors made (PRODUCT §6: lose nothing).

Format: a Django JSON fixture (what `dumpdata` writes and `loaddata` reads), gzip-
compressed, UTF-8 with the Arabic as written; primary keys kept (so story ids, and with
them story URLs and every relation, survive); foreign keys to content types and
permissions written as natural keys (`migrate` recreates those rows, maybe with other
ids). Unlike `dumpdata`, times keep their microseconds (DjangoJSONEncoder cuts them to
milliseconds, which would reorder stories published in the same millisecond).
What is derived is not stored (tag counts, the refresh queue, the search index): restore
goes through articles.services.restore, which recounts and queues the rest.
"""

import datetime
import gzip
import itertools
import os

from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import transaction

from articles.models import Article, PendingRefresh, Source, Tag, TagStats

# What editors made: accounts, every model of the articles app, the admin's edit history.
BACKED_UP = ["auth.Group", "auth.User", "admin.LogEntry"]
# Rebuilt from the stories on restore.
DERIVED = {TagStats, PendingRefresh}


def backed_up_models():
    models = [apps.get_model(label) for label in BACKED_UP]
    models += [m for m in apps.get_app_config("articles").get_models() if m not in DERIVED]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


class _ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class _ExactSerializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = _ExactEncoder


def backup(path) -> int:
    """Write the backup to `path` (gzip-compressed JSON); returns the number of rows."""
    querysets = [model._base_manager.order_by("pk") for model in backed_up_models()]
    rows = sum(qs.count() for qs in querysets)
    # The backup holds every editor's password hash: readable by its owner only, from the
    # first byte (created 0600, not chmod-ed after writing).
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # an existing file keeps its mode through O_CREAT
    with os.fdopen(descriptor, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as stream:
        _ExactSerializer().serialize(
            itertools.chain.from_iterable(qs.iterator() for qs in querysets),
            stream=stream,
            use_natural_foreign_keys=True,
        )
    return rows


class NotEmpty(Exception):
    pass


def restore(path) -> int:
    """Load a backup into a migrated, empty database; returns the number of stories.
    (articles.services.restore; kept here for the command and the tests.)"""
    from articles import services

    return services.restore(path)


def load(path) -> int:
    """The rows of a backup into a migrated, empty database, nothing derived; returns
    the number of stories.

    Refuses to merge into a database that already has stories, sources or tags: a
    restore that silently mixes two newsrooms is worse than none.
    """
    if Article.objects.exists() or Tag.objects.exists() or Source.objects.exists():
        raise NotEmpty
    with transaction.atomic():
        call_command("loaddata", str(path), verbosity=0)
    return Article.objects.count()
