"""Every GET filter goes through a Form: bad input becomes a 400 or is ignored, never a 500."""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Section, Source, Tag
from .search.query import MAX_QUERY_LENGTH  # the search rule's own limit: one definition
from .text.normalize import strip_invisible


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)

    def page_number(self) -> int:
        if self.is_valid() and self.cleaned_data.get("page"):
            return self.cleaned_data["page"]
        return 1


class DateRange:
    ALL = ""
    TODAY = "today"
    WEEK = "week"
    MONTH = "month"
    CHOICES = [
        (ALL, _("كل الأوقات")),
        (TODAY, _("اليوم")),
        (WEEK, _("هذا الأسبوع")),
        (MONTH, _("هذا الشهر")),
    ]


@dataclass(frozen=True)
class ListFilters:
    """The story list's filter state, already cleaned. Unknown values are dropped."""

    q: str = ""
    tag: str = ""
    source: str = ""
    section: str = ""
    range: str = DateRange.ALL
    page: int = 1

    def querystring(self, **changes) -> str:
        """'?tag=…&q=…' for this state with `changes` applied; empty values and page 1 omitted."""
        state = replace(self, **changes)
        pairs = [
            (name, value)
            for name, value in (
                ("q", state.q),
                ("tag", state.tag),
                ("source", state.source),
                ("section", state.section),
                ("range", state.range),
                ("page", state.page if state.page > 1 else ""),
            )
            if value
        ]
        return "?" + urlencode(pairs) if pairs else ""

    @property
    def active(self) -> bool:
        return bool(self.q or self.tag or self.source or self.section or self.range)


class ArticleFilterForm(PageForm):
    q = forms.CharField(label=_("بحث"), required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    # A slug longer than the column can hold names nothing: invalid, so ignored.
    tag = forms.CharField(label=_("الوسم"), required=False, max_length=Tag._meta.get_field("slug").max_length)
    source = forms.CharField(
        label=_("المصدر"), required=False, max_length=Source._meta.get_field("slug").max_length
    )
    section = forms.CharField(
        label=_("القسم"), required=False, max_length=Section._meta.get_field("slug").max_length
    )
    range = forms.ChoiceField(label=_("الفترة"), required=False, choices=DateRange.CHOICES)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            # Longer queries are trimmed, never an error (PRODUCT §6).
            if "q" in data:
                # Bidi controls would let a shared search link reorder the echoed query.
                data["q"] = strip_invisible(data.get("q", ""))[:MAX_QUERY_LENGTH]
        super().__init__(data, *args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "dir": "auto", "autocomplete": "off", "placeholder": _("ابحث في الأخبار…")}
        )

    def filters(self) -> ListFilters:
        """The valid part of the submitted filters; an invalid field counts as not given."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})

        def value(name):
            return "" if name in self.errors else (cleaned.get(name) or "")

        return ListFilters(
            q=" ".join(value("q").split()),
            tag=value("tag").strip(),
            source=value("source").strip(),
            section=value("section").strip(),
            range=value("range"),
            page=self.page_number() if "page" not in self.errors else 1,
        )
