"""Every GET filter goes through a Form: bad input becomes a 400 or is ignored, never a 500."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def page_number(self) -> int:
        if self.is_valid() and self.cleaned_data.get("page"):
            return self.cleaned_data["page"]
        return 1


class ArticleFilterForm(PageForm):
    q = forms.CharField(label=_("بحث"), required=False, max_length=200, strip=True)
    tag = forms.CharField(label=_("الوسم"), required=False, max_length=120)
    source = forms.CharField(label=_("المصدر"), required=False, max_length=200)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            # Longer queries are trimmed, never an error (PRODUCT §5).
            if "q" in data:
                data["q"] = data.get("q", "")[:200]
        super().__init__(data, *args, **kwargs)
