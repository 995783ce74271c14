from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .admin_import import import_urls
from .models import Article, ArticleTag, Quote, RelatedLink, Source, Tag
from .signals import batched_changes, notify_changed
from .widgets import CleanTextarea, CleanTextInput, CleanURLInput

# Arabic copy mixes in Latin names and numbers: let each field pick its direction.
# The widgets also drop bidi and zero-width characters on input (articles/widgets.py).
AUTO_DIR = {
    models.CharField: {"widget": CleanTextInput(attrs={"dir": "auto"})},
    models.TextField: {"widget": CleanTextarea(attrs={"dir": "auto", "rows": 4})},
    models.URLField: {"widget": CleanURLInput(attrs={"dir": "ltr"})},
}

admin.site.site_header = _("إدارة نيوزروم")
admin.site.site_title = _("نيوزروم")
admin.site.index_title = _("غرفة الأخبار")


class OrderedInlineForm(forms.ModelForm):
    """`order` may be left empty or repeated: `_assign_orders` settles it at save time.

    The (article, order) uniqueness still holds in the database; we only keep the
    form from rejecting what the admin can resolve itself (two new rows both at 0,
    or two rows swapping places).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.add("order")
        return exclusions


class OrderedInline(admin.TabularInline):
    """Inline rows with an `order` column unique per article.

    New rows get the next free position, so editors never have to type one.
    """

    form = OrderedInlineForm
    extra = 0
    formfield_overrides = AUTO_DIR


class ArticleTagInline(admin.TabularInline):
    model = ArticleTag
    autocomplete_fields = ["tag"]
    extra = 1
    verbose_name = _("وسم")
    verbose_name_plural = _("الوسوم")


class QuoteInline(OrderedInline):
    model = Quote
    fields = ["order", "speaker_name", "speaker_role", "text", "kind", "position"]


class RelatedLinkInline(OrderedInline):
    model = RelatedLink
    fk_name = "article"
    fields = ["order", "kind", "title", "target", "url"]
    autocomplete_fields = ["target"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "source", "status", "published_at", "needs_review"]
    list_filter = ["status", "needs_review", "source"]
    list_select_related = ["source"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "dek"]
    prepopulated_fields = {}
    readonly_fields = ["updated_at", "created_at", "import_notes"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "byline", "dateline", "body"]}),
        (
            _("النشر"),
            {"fields": ["status", "published_at", "source", "needs_review", "updated_at", "created_at"]},
        ),
        (_("ملاحظات الاستيراد"), {"fields": ["import_notes"]}),
    ]
    inlines = [ArticleTagInline, QuoteInline, RelatedLinkInline]
    formfield_overrides = AUTO_DIR
    list_per_page = 50
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Spelling variants ("استراليا" finds "أستراليا"), drafts included.
        from .search.admin_search import admin_search_filter

        condition = admin_search_filter(search_term)
        if condition is None:
            return queryset, False
        return queryset.filter(condition), False

    @admin.display(description=_("ما خمّنه المستورد أو حذفه"))
    def import_notes(self, obj):
        from .admin_import import describe_warning

        rows = [describe_warning(row) for row in (obj.import_warnings or []) if isinstance(row, dict)]
        if not rows:
            return "—"
        return format_html_join("", '<p dir="auto">{}</p>', ((row,) for row in rows))

    def get_urls(self):
        # The raw-text import page (articles/admin_import.py) lives under this model's URLs.
        return import_urls(self) + super().get_urls()

    def view_on_site(self, obj):
        # Drafts and scheduled stories are 404 for readers; editors see them through preview.
        if obj.is_visible:
            return obj.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": obj.pk})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # One "content changed" per admin save: the article's own save and the inlines
        # after it would otherwise reindex and recompute similar stories twice.
        with batched_changes():
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Tags, quotes and links exist only now: tell the index and caches again.
        notify_changed([form.instance.pk], sender=Article)

    def save_formset(self, request, form, formset, change):
        if formset.model in (Quote, RelatedLink):
            with transaction.atomic():
                _assign_orders(formset)
                super().save_formset(request, form, formset, change)
        else:
            super().save_formset(request, form, formset, change)


def _assign_orders(formset):
    """Give new rows the next free position and let editors swap positions.

    The (article, order) pair is unique in the database; moving every edited row
    out of the way first means swapping two rows' orders does not collide mid-save.
    """
    forms_to_save = [f for f in formset.forms if f.has_changed() and not formset._should_delete_form(f)]
    existing_pks = [f.instance.pk for f in forms_to_save if f.instance.pk]
    if existing_pks:
        formset.model.objects.filter(pk__in=existing_pks).update(order=models.F("id") + 1_000_000)
    taken = (
        set(
            formset.model.objects.filter(article=formset.instance)
            .exclude(pk__in=existing_pks)
            .values_list("order", flat=True)
        )
        if formset.instance.pk
        else set()
    )
    for f in forms_to_save:
        wanted = f.cleaned_data.get("order")
        if wanted is None or wanted in taken:
            wanted = max(taken, default=-1) + 1
        f.instance.order = wanted
        taken.add(wanted)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "key"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]
    formfield_overrides = AUTO_DIR


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]
    formfield_overrides = AUTO_DIR
