"""The admin site: every model admin filters its change list only by the lookups its own
filters make.

Django's ModelAdmin accepts any lookup on a model's own fields from the query string
(`?headline__regex=…`), checking only lookups across relations. On SQLite a regex runs in
Python with no time limit, so one crafted pattern from a view-only staff account held a
worker for minutes. Here a lookup is allowed only when it is on the explicit list: the
parameters the admin's `list_filter` and `date_hierarchy` produce, the related-widget
lookups Django needs for raw-id pop-ups, and a model admin's own `extra_allowed_lookups`.
Anything else is Django's DisallowedModelAdminLookup: a 400, before any query runs.

The site wraps every registered model admin (ours, django.contrib.auth's, django-axes')
in the mixin, so a model admin added later is covered without remembering to.
"""

from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import ModelAdmin
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

# The lookups Django's own list filters put in the query string after the field path.
FILTER_LOOKUPS = frozenset({"exact", "isnull", "gte", "lt", "lte", "gt", "in"})
DATE_HIERARCHY_PARTS = ("year", "month", "day")


class ExplicitLookupsMixin:
    """lookup_allowed() says yes only to the lookups listed (see the module docstring)."""

    # No class attribute here: the site puts this mixin first in the MRO, so a default
    # would hide the model admin's own `extra_allowed_lookups`.

    def lookup_allowed(self, lookup, value, request):
        if lookup in getattr(self, "extra_allowed_lookups", ()):
            return True
        if self.date_hierarchy and lookup in {
            f"{self.date_hierarchy}{LOOKUP_SEP}{part}" for part in DATE_HIERARCHY_PARTS
        }:
            return True
        if self._is_related_widget_lookup(lookup, value):
            return True
        for item in self.get_list_filter(request):
            if _filter_makes(self.model, item, lookup):
                # Lookups across relations still get Django's own checks.
                return super().lookup_allowed(lookup, value, request)
        return False

    def _is_related_widget_lookup(self, lookup, value):
        from django.contrib.admin import widgets

        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in widgets.url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False


def _filter_makes(model, item, lookup: str) -> bool:
    """Whether the list filter `item` (a field path, (path, filter class), or a
    SimpleListFilter subclass) produces the query parameter `lookup`."""
    if isinstance(item, type) and issubclass(item, SimpleListFilter):
        return lookup == item.parameter_name
    path = item[0] if isinstance(item, (tuple, list)) else item
    if not isinstance(path, str):  # a Field instance
        path = path.name
    if lookup == path:
        return True
    if not lookup.startswith(path + LOOKUP_SEP):
        return False
    rest = lookup[len(path) + len(LOOKUP_SEP) :].split(LOOKUP_SEP)
    if len(rest) == 2:
        # A related field's filter names the target column: source__id__exact.
        target = _target_field_name(model, path)
        return target is not None and rest[0] == target and rest[1] in FILTER_LOOKUPS
    return len(rest) == 1 and rest[0] in FILTER_LOOKUPS


def _target_field_name(model, path: str) -> str | None:
    try:
        for part in path.split(LOOKUP_SEP):
            field = model._meta.get_field(part)
            if field.is_relation:
                model = field.related_model
    except FieldDoesNotExist:
        return None
    if not field.is_relation:
        return None
    target = getattr(field, "target_field", None)
    return target.name if target is not None else model._meta.pk.name


class NewsroomAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or ModelAdmin
        if not issubclass(admin_class, ExplicitLookupsMixin):
            admin_class = type(
                admin_class.__name__,
                (ExplicitLookupsMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)
