import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from . import roles, services
from .admin_forms import ArticleAdminForm, LeadImageForm, NamedByKeyAdminForm
from .admin_import import import_urls
from .admin_merge import MergeAdminMixin
from .admin_preview import preview_urls
from .authors import author_id_for
from .models import (
    Article,
    ArticleTag,
    Author,
    BreakingNews,
    LeadImage,
    LiveUpdate,
    Quote,
    RelatedLink,
    Section,
    Source,
    Tag,
)
from .review import review_notes
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


class StoredRowForm(forms.ModelForm):
    """An inline row sent back unchanged is stored as it is and saved by no one: its model
    checks (uniqueness and CHECK constraints, a query each) are skipped — they were ~40
    queries of every story save with a few tags, quotes and links."""

    def _post_clean(self):
        if self.instance.pk is not None and not self.has_changed():
            return
        super()._post_clean()


class OrderedInlineForm(StoredRowForm):
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
    form = StoredRowForm
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


class LeadImageInline(admin.StackedInline):
    """Upload, alt text, caption and credit in the story form. Saving the story queues
    the renditions (services.save_story); the preview appears once they are made."""

    model = LeadImage
    form = LeadImageForm
    extra = 1
    max_num = 1
    can_delete = True
    fields = ["file", "preview", "alt", "caption", "credit"]
    readonly_fields = ["preview"]
    formfield_overrides = AUTO_DIR

    @admin.display(description=_("المعاينة"))
    def preview(self, obj):
        from django.core.files.storage import default_storage

        if obj is None or not obj.pk:
            return "—"
        if not obj.ready:
            return _("تُصنع أحجام الصورة الآن؛ حدّث الصفحة بعد لحظات.")
        width, height, name = obj.renditions["jpeg"][0]
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="lead-image-preview">',
            default_storage.url(name),
            width,
            height,
            obj.alt,
        )


class LiveUpdateInline(admin.StackedInline):
    """A live-coverage story's updates (shown newest first to readers)."""

    model = LiveUpdate
    extra = 1
    fields = ["posted_at", "text", "quote", "quote_by"]
    formfield_overrides = AUTO_DIR
    verbose_name = _("تحديث مباشر")
    verbose_name_plural = _("التحديثات المباشرة (للتغطية المباشرة)")


class StateFilter(admin.SimpleListFilter):
    """Draft, in review, scheduled, published, unpublished: "scheduled" is a published
    story whose time has not come, so it is a filter on the clock, not a stored value."""

    title = _("الحالة")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == Article.State.SCHEDULED:
            return queryset.scheduled()
        if value == Article.State.PUBLISHED:
            return queryset.published()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class GuessedFilter(admin.SimpleListFilter):
    title = _("تخمينات المستورد")
    parameter_name = "guessed"

    def lookups(self, request, model_admin):
        return [("yes", _("فيه ما خمّنه المستورد")), ("no", _("لا تخمين فيه"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(needs_review=True)
        if self.value() == "no":
            return queryset.filter(needs_review=False)
        return queryset


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "section", "source", "state_label", "published_at", "guessed_label"]
    list_filter = [StateFilter, GuessedFilter, "section", "source"]
    # The filters' parameters before the state filter replaced them: bookmarked lists keep working.
    extra_allowed_lookups = ("status", "status__exact", "needs_review", "needs_review__exact")
    list_select_related = ["source", "section"]
    date_hierarchy = "published_at"
    search_fields = ["headline", "dek"]
    prepopulated_fields = {}
    readonly_fields = ["updated_at", "created_at", "import_notes"]
    autocomplete_fields = ["source", "author"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    *("headline", "slug", "dek", "byline", "dateline", "body"),
                    *("loaded_version", "overwrite"),
                ]
            },
        ),
        (
            _("النشر"),
            {
                "fields": [
                    *("status", "published_at", "section", "is_live"),
                    *("source", "author", "updated_at", "created_at"),
                ]
            },
        ),
        (_("ملاحظات الاستيراد"), {"fields": ["import_notes"]}),
    ]
    inlines = [LeadImageInline, ArticleTagInline, QuoteInline, RelatedLinkInline, LiveUpdateInline]
    formfield_overrides = AUTO_DIR
    list_per_page = 50
    show_full_result_count = False
    actions = ["submit_for_review", "publish_now", "unpublish"]
    history_latest_first = True
    change_form_template = "admin/articles/article/change_form.html"

    def get_inlines(self, request, obj):
        """Live updates only where they belong: on the add form and on live coverage (or a
        story that still has updates). Elsewhere their section — a blank form and its
        template — was ≈15 % of rendering every story's change form, for nothing."""
        if obj is not None and not obj.is_live and not obj.live_updates.exists():
            return [inline for inline in self.inlines if inline is not LiveUpdateInline]
        return self.inlines

    class Media:
        css = {"all": ["css/admin_desk.css"]}
        js = ["js/admin_desk.js"]

    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"

    # ---- list columns ------------------------------------------------------------------

    @admin.display(description=_("الحالة"), ordering="status")
    def state_label(self, obj):
        label = Article.State(obj.state).label
        if obj.state == Article.State.SCHEDULED:
            when = date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            return format_html('{} <span class="state-when">({})</span>', label, when)
        return label

    @admin.display(description=_("تخمينات المستورد"), ordering="needs_review")
    def guessed_label(self, obj):
        return _("فيه تخمين: راجِعه") if obj.needs_review else "—"

    # ---- permissions -------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        # A writer may not change what readers see (or saw): published, scheduled and
        # unpublished stories are read-only to them.
        if obj is not None and obj.status in (Article.Status.PUBLISHED, Article.Status.UNPUBLISHED):
            if not roles.can_publish(request.user):
                return False
        return super().has_change_permission(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not roles.can_publish(request.user):
            kwargs["choices"] = [
                (value, label)
                for value, label in Article.Status.choices
                if value in (Article.Status.DRAFT, Article.Status.REVIEW)
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # ---- actions -----------------------------------------------------------------------

    @admin.action(description=_("إرسال المحدد إلى المراجعة"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        ids = list(queryset.filter(status=Article.Status.DRAFT).values_list("pk", flat=True))
        self._set_status(request, ids, Article.Status.REVIEW)

    @admin.action(description=_("نشر المحدد الآن"), permissions=["publish"])
    def publish_now(self, request, queryset):
        rows = queryset.select_related(None).only("id", "headline", "derived_headline")
        blocked = [a for a in rows if a.headline_is_derived]
        for article in blocked:
            messages.error(
                request, _("لم يُنشر «%(headline)s»: عنوانه مشتق؛ اكتب عنواناً أولاً.") % {"headline": article}
            )
        ids = list(queryset.exclude(pk__in=[a.pk for a in blocked]).values_list("pk", flat=True))
        with transaction.atomic():
            Article.objects.filter(pk__in=ids).filter(published_at__gt=timezone.now()).update(
                published_at=timezone.now()
            )
            self._set_status(request, ids, Article.Status.PUBLISHED, needs_review=False)

    @admin.action(description=_("سحب المحدد من النشر"), permissions=["publish"])
    def unpublish(self, request, queryset):
        ids = list(queryset.filter(status=Article.Status.PUBLISHED).values_list("pk", flat=True))
        self._set_status(request, ids, Article.Status.UNPUBLISHED)

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def _set_status(self, request, ids, status, **fields):
        # One row at a time through services.save_story: each gets its revision, its refresh and
        # its updated_at (so an editor with the story open is warned).
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(_("غيّر الحالة إلى «%(state)s».") % {"state": Article.Status(status).label})
            for article in Article.objects.filter(pk__in=ids):
                article.status = status
                for name, value in fields.items():
                    setattr(article, name, value)
                services.save_story(article)
        label = Article.Status(status).label
        self.message_user(
            request,
            ngettext("صار خبر واحد «%(state)s».", "صار %(n)d من الأخبار «%(state)s».", len(ids))
            % {"n": len(ids), "state": label},
            messages.SUCCESS if ids else messages.WARNING,
        )

    # ---- the change form ---------------------------------------------------------------

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
        return import_urls(self) + preview_urls(self) + super().get_urls()

    def view_on_site(self, obj):
        # Drafts and scheduled stories are 404 for readers; editors see them through preview.
        if obj.is_visible:
            return obj.get_absolute_url()
        return reverse("articles:preview", kwargs={"pk": obj.pk})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["review_notes"] = review_notes(obj) if obj is not None else []
        context["can_publish"] = roles.can_publish(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_publish" in request.POST:
            # "Publish" beside "Save": the same form, saved as published (a scheduled
            # time in the future stays: that is scheduling).
            if not roles.can_publish(request.user):
                raise PermissionDenied
            request.POST = request.POST.copy()
            request.POST["status"] = Article.Status.PUBLISHED
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # Each row of the history says what that save changed (articles/revisions.py).
        from reversion.models import Version

        from .revisions import history_changes

        response = super().history_view(request, object_id, extra_context)
        actions = getattr(response, "context_data", {}).get("action_list") or []
        if actions:
            versions = Version.objects.get_for_object_reference(Article, object_id).select_related(
                "revision", "revision__user"
            )
            by_revision = {v.revision_id: v.pk for v in versions}
            diffs = history_changes(versions.prefetch_related("revision__version_set__content_type"))
            for action in actions:
                action["changes"] = diffs.get(by_revision.get(action["revision"].pk), [])
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring loads an older version into the form by design: no edit-conflict check.
        request.skip_edit_lock = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "skip_edit_lock", False):
            form = type(form.__name__, (form,), {"skip_lock": True})
        if "slug" in form.base_fields:
            # Until first publish the slug follows the headline (admin_desk.js live,
            # save_model on save); after that it is a public URL and stays.
            follows = "1" if not _was_published(obj) else "0"
            form.base_fields["slug"].widget.attrs["data-follows-headline"] = follows
        return form

    def save_model(self, request, obj, form, change):
        if change and "published_at" not in form.changed_data:
            # The form shows the time to the second: saved back, an untouched time would
            # lose its microseconds, and the story would move in every list (all purged).
            stored = Article.objects.filter(pk=obj.pk).values_list("published_at", flat=True)
            obj.published_at = stored.first()
        if obj.author_id is None and obj.byline:
            obj.author_id = author_id_for(obj.byline)
        if not _was_published(obj) and "slug" not in form.changed_data:
            obj.slug = ""  # Article.save() derives it from the headline
        if obj.status == Article.Status.PUBLISHED:
            # An editor published it: the importer's guesses have been looked at.
            obj.needs_review = False
        # Saved with its parts in save_related: one services.save_story for the row and
        # the inlines (the admin runs both in one transaction).

    def save_related(self, request, form, formsets, change):
        def write_parts():
            super(ArticleAdmin, self).save_related(request, form, formsets, change)

        services.save_story(form.instance, write_parts=write_parts)

    def delete_model(self, request, obj):
        services.delete_stories([obj.pk])

    def delete_queryset(self, request, queryset):
        services.delete_stories(queryset.values_list("pk", flat=True))

    def save_formset(self, request, form, formset, change):
        if formset.model in (Quote, RelatedLink):
            with transaction.atomic():
                _assign_orders(formset)
                super().save_formset(request, form, formset, change)
        else:
            super().save_formset(request, form, formset, change)


def _was_published(obj) -> bool:
    """Has the story ever been out (its URL may be linked and indexed)?"""
    if obj is None or obj.pk is None:
        return False
    before = Article.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
    return before in (Article.Status.PUBLISHED, Article.Status.UNPUBLISHED)


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


class NamedByKeyAdmin(MergeAdminMixin, admin.ModelAdmin):
    form = NamedByKeyAdminForm
    search_fields = ["name", "key"]
    readonly_fields = ["key", "old_slug_list"]
    formfield_overrides = AUTO_DIR
    actions = ["merge_selected"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        params = {name: request.GET.get(name, "") for name in ("_popup", "_to_field")}
        return type(form.__name__, (form,), {"popup_params": params})

    @admin.display(description=_("معرّفات قديمة تحوَّل إليه"))
    def old_slug_list(self, obj):
        slugs = [o.old_slug for o in obj.old_slugs.all()] if obj and obj.pk else []
        return "، ".join(slugs) or "—"


@admin.register(Tag)
class TagAdmin(NamedByKeyAdmin):
    list_display = ["name", "slug", "key"]

    def save_model(self, request, obj, form, change):
        services.save_tag(obj)

    def delete_model(self, request, obj):
        services.delete_tag(obj)

    def delete_queryset(self, request, queryset):
        for tag in queryset:
            services.delete_tag(tag)


@admin.register(Source)
class SourceAdmin(NamedByKeyAdmin):
    list_display = ["name", "slug"]

    def save_model(self, request, obj, form, change):
        services.save_source(obj)

    def delete_model(self, request, obj):
        services.delete_source(obj)

    def delete_queryset(self, request, queryset):
        for source in queryset:
            services.delete_source(source)


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    """The «عاجل» bar: text, an optional story it opens, and how long it stays."""

    list_display = ["text", "starts_at", "expires_at", "live_label"]
    fields = ["text", "article", "starts_at", "expires_at"]
    autocomplete_fields = ["article"]
    formfield_overrides = AUTO_DIR
    actions = ["end_now"]

    @admin.display(description=_("ظاهر الآن"), boolean=True)
    def live_label(self, obj):
        return obj.is_live

    @admin.action(description=_("إنهاء المحدد الآن"), permissions=["change"])
    def end_now(self, request, queryset):
        ended = services.end_breaking(list(queryset))
        self.message_user(
            request,
            ngettext("أُنهي خبر عاجل واحد.", "أُنهي %(n)d من الأخبار العاجلة.", ended) % {"n": ended},
            messages.SUCCESS if ended else messages.WARNING,
        )

    def save_model(self, request, obj, form, change):
        services.save_breaking(obj)

    def delete_model(self, request, obj):
        services.delete_breaking([obj])

    def delete_queryset(self, request, queryset):
        services.delete_breaking(list(queryset))


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    """Editors' sections: ordered here (the menu and the front page follow `order`)."""

    form = type("SectionAdminForm", (NamedByKeyAdminForm,), {"can_merge": False})
    list_display = ["name", "order", "slug", "description"]
    list_editable = ["order"]
    search_fields = ["name", "key"]
    readonly_fields = ["key", "old_slug_list"]
    fields = ["name", "slug", "order", "description", "key", "old_slug_list"]
    formfield_overrides = AUTO_DIR
    old_slug_list = NamedByKeyAdmin.old_slug_list

    def save_model(self, request, obj, form, change):
        services.save_section(obj)

    def delete_model(self, request, obj):
        services.delete_section(obj)

    def delete_queryset(self, request, queryset):
        for section in queryset:
            services.delete_section(section)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    form = type("AuthorAdminForm", (NamedByKeyAdminForm,), {"can_merge": False})
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]
    formfield_overrides = AUTO_DIR

    def save_model(self, request, obj, form, change):
        from .caching.purge import purge_changed

        super().save_model(request, obj, form, change)
        purge_changed(author_ids=[obj.pk])  # the author page and the stories that link to it
