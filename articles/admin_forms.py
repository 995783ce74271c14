"""The admin's forms: a story with workflow and edit-conflict checks, and tag/source forms
that answer a spelling variant with a way out instead of a database error."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import Article, variant_error


class ArticleAdminForm(forms.ModelForm):
    """Optimistic locking: the form carries the `updated_at` it was opened with; if the
    story was saved by someone else since, the save is refused with a warning (the
    editor's text stays in the form) unless they tick "save anyway"."""

    loaded_version = forms.CharField(label=_("النسخة المحمّلة"), widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        label=_("احفظ تعديلاتي فوق تعديلات المحرر الآخر"), required=False, widget=forms.HiddenInput
    )

    # Set by the admin for the revision (restore) view, where the stored version is
    # older than the row by design.
    skip_lock = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.updated_at:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()
        if self.instance.pk and not self.instance.is_live and "is_live" in self.fields:
            # The admin shows the live updates' section on live coverage only (get_inlines).
            self.fields["is_live"].help_text = format_html(
                "{} {}", self.fields["is_live"].help_text, _("علّمه واحفظ ليظهر قسم التحديثات المباشرة.")
            )

    def clean(self):
        data = super().clean()
        if self.instance.pk and not self.skip_lock:
            current = Article.objects.filter(pk=self.instance.pk).values_list("updated_at", flat=True).first()
            loaded = data.get("loaded_version") or ""
            if current and loaded and current.isoformat() != loaded and not data.get("overwrite"):
                self.fields["overwrite"].widget = forms.CheckboxInput()
                raise forms.ValidationError(
                    _(
                        "حفظ محرر آخر هذا الخبر بعد أن فتحتَه، فلم نحفظ تعديلاتك كي لا تمحو تعديلاته. "
                        "افتح الخبر في نافذة أخرى لترى نسخته، أو علّم «احفظ تعديلاتي فوق تعديلات "
                        "المحرر الآخر» ثم احفظ."
                    ),
                    code="edit_conflict",
                )
        return data


class NamedByKeyAdminForm(forms.ModelForm):
    """A name that is a spelling variant of an existing one gets the model's Arabic error,
    with links: use the existing one, or (when renaming) merge this one into it."""

    def _post_clean(self):
        super()._post_clean()
        if "name" not in self._errors:
            return
        twin = self.instance.spelling_twin()
        if twin is None:
            return
        opts = twin._meta
        params = {k: v for k, v in self.popup_params.items() if v}
        use_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[twin.pk])
        if params:
            use_url += "?" + urlencode(params)
        message = format_html(
            '{} <a href="{}">{}</a>', variant_error(self.instance, twin), use_url, _("استخدم الموجود")
        )
        if self.instance.pk and self.can_merge:
            merge_url = (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_merge")
                + "?"
                + urlencode({"ids": self.instance.pk, "into": twin.pk})
            )
            message = format_html('{} · <a href="{}">{}</a>', message, merge_url, _("ادمجه فيه"))
        self._errors["name"] = self.error_class([message])

    # The admin sets these from the request (popup inside the story form).
    popup_params: dict = {}
    can_merge = True


class LeadImageField(forms.ImageField):
    """Django's ImageField decodes to verify, and calls a decompression bomb "not an
    image". Ours reads the header first (articles/images/checks.py) and says what is wrong:
    not an image, too small, too many pixels."""

    def to_python(self, data):
        from .images.checks import Rejected, inspect

        file = forms.FileField.to_python(self, data)
        if file is None:
            return None
        try:
            found = inspect(file)
        except Rejected as rejected:
            raise forms.ValidationError(rejected.message, code=rejected.code) from None
        file.content_type = f"image/{found.format.lower()}"
        # Stored under the extension of what it is, not of what it was called.
        file.name = "upload." + {"JPEG": "jpg"}.get(found.format, found.format.lower())
        return file


class LeadImageForm(forms.ModelForm):
    """The lead image inline of the story form: the file with its alt text (required
    once a file is set: the row is only saved when the editor filled something in),
    caption and credit."""

    class Meta:
        fields = ["file", "alt", "caption", "credit"]
        field_classes = {"file": LeadImageField}
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/avif"})
        }

    def clean(self):
        data = super().clean()
        if data.get("alt") and not (data.get("file") or self.instance.file):
            self.add_error("file", _("اختر صورة، أو امسح النص البديل إن لم تكن للخبر صورة."))
        return data
