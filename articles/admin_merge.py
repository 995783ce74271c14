"""Merge tags or sources from the admin: select rows, pick the one that stays, confirm."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .merge import merge


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("يبقى"), queryset=None, widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = queryset


def _ids(raw: str) -> list[int]:
    return sorted({int(part) for part in raw.split(",") if part.strip().isdigit()})[:100]


class MergeAdminMixin:
    """For a NamedByKey admin (tags, sources): the `merge_selected` action and its page."""

    def has_merge_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.merge_{opts.model_name}")

    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view(self.merge_view)
        return [path("merge/", view, name=f"{opts.app_label}_{opts.model_name}_merge"), *super().get_urls()]

    @admin.action(description=_("دمج المحدد في واحد"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.values_list("pk", flat=True))
        opts = self.model._meta
        return redirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_merge") + "?" + urlencode({"ids": ids})
        )

    def merge_view(self, request):
        if not self.has_merge_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        ids = _ids(request.POST.get("ids") or request.GET.get("ids", ""))
        into = request.GET.get("into", "")
        queryset = self.model.objects.filter(pk__in=[*ids, *_ids(into)])
        rows = list(queryset)
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        if len(rows) < 2:
            messages.warning(request, _("اختر اثنين أو أكثر للدمج."))
            return redirect(changelist)
        if request.method == "POST":
            form = MergeForm(request.POST, queryset=queryset)
            if form.is_valid():
                survivor = form.cleaned_data["into"]
                names = "، ".join(row.name for row in rows if row.pk != survivor.pk)
                moved = merge(survivor, rows)
                messages.success(
                    request,
                    _("دُمج «%(names)s» في «%(survivor)s»؛ نُقل %(n)d خبر، والروابط القديمة تحوَّل إليه.")
                    % {"names": names, "survivor": survivor.name, "n": len(moved)},
                )
                return redirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[survivor.pk])
                )
        else:
            initial = next((row for row in rows if str(row.pk) == into), None) or max(
                rows, key=lambda row: row.articles.count()
            )
            form = MergeForm(queryset=queryset, initial={"into": initial.pk})
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": _("دمج %(name)s") % {"name": opts.verbose_name_plural},
            "form": form,
            "rows": [(row, row.articles.count()) for row in rows],
            "ids": ",".join(str(row.pk) for row in rows),
            "changelist_url": changelist,
        }
        return TemplateResponse(request, "admin/articles/merge.html", context)
