"""The admin's import page: paste raw text or upload a file, preview the parse, confirm.

The raw text travels back in a hidden field and is parsed again on confirm, so what
is written is exactly what the same parser makes of it, never a client-edited parse.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .importer import parsed as p
from .importer.decode import clean_text, decode_bytes
from .importer.errors import ImportProblem
from .importer.files import MAX_FILE_BYTES
from .importer.persist import CREATED, Importer
from .models import Article, RelatedLink
from .text.normalize import normalize

WARNINGS = {
    p.TITLE_DERIVED: _("العنوان مشتق من الجملة الأولى؛ راجعه قبل النشر."),
    p.NO_SOURCE: _("لم يُعثر على سطر المصدر."),
    p.NO_TAGS: _("لم يُعثر على كلمات دلالية."),
    p.BOX_SPLIT: _("فُصل سطر عناوين متلاصقة إلى عناوين مستقلة؛ راجع الفصل."),
    p.BYLINE_GUESSED: _("سطر تحت العنوان عُدّ توقيعاً (اسم الكاتب)؛ تحقق منه."),
    p.TEASERS_REMOVED: _("حُذفت فقرات في آخر النص بدت مقدمات أخبار أخرى؛ تحقق أنها ليست من الخبر."),
    p.SECOND_STORY: _("ما بعد «اقرأ أيضاً» عُدّ خبراً ثانياً مستقلاً؛ تحقق من الفصل."),
    p.SPEAKER_UNSURE: _("اقتباس لم يُعرف قائله بيقين؛ راجع المتحدثين."),
    p.HTML_EXTRACTED: _("استُخرج النص من صفحة HTML؛ قارنه بالصفحة الأصلية."),
    p.TRUNCATED: _("النص مقطوع («…المزيد»)؛ الخبر غير مكتمل."),
    "furniture_removed": _("حُذف من الصفحة:"),
}
FIELDS = {
    "title": _("العنوان"),
    "byline": _("التوقيع"),
    "body": _("النص"),
    "quotes": _("الاقتباسات"),
    "related": _("الروابط"),
    "tags": _("الوسوم"),
    "source": _("المصدر"),
}
# What the importer takes out of a page, as the editor reads it in "removed: …".
FURNITURE = {
    "byline": _("توقيع"),
    "dateline": _("سطر المكان والوكالة"),
    "site prefix": _("اسم الموقع"),
    "caption": _("تعليق صورة"),
    "tweet embed": _("تغريدة مضمّنة"),
    "timeline": _("توقيتات"),
    "footer": _("تذييل الصفحة"),
    "more link": _("رابط «المزيد»"),
    "share bar": _("أزرار المشاركة"),
    "comments": _("التعليقات"),
    "cookie banner": _("تنبيه ملفات الارتباط"),
    "app promo": _("ترويج تطبيق"),
    "video widget": _("فيديو"),
    "menu": _("قائمة الموقع"),
    "teaser": _("مقدمة خبر آخر"),
    "tag list": _("قائمة وسوم"),
    "sign-off": _("توقيع في الختام"),
    "agency credit": _("اسم الوكالة"),
    "duplicate": _("فقرة مكررة"),
    "placeholder": _("عنوان بديل من الأداة"),
    "standfirst": _("سطر الترجمة"),
}


def describe_warning(row: dict) -> str:
    """One stored or parsed warning ({"field", "code", "detail"}) as the editor reads it."""
    text = str(WARNINGS.get(row.get("code"), row.get("code")))
    field = FIELDS.get(row.get("field"))
    detail = row.get("detail") or ""
    if row.get("code") == "furniture_removed":
        return f"{text} {detail}"
    return f"{field}: {text}" + (f" ({detail})" if detail else "") if field else text


def removed_text(article) -> str:
    """ "removed: caption ×3, tweet embed, footer" in Arabic."""
    return "، ".join(
        f"{FURNITURE.get(kind, kind)} ×{n}" if n > 1 else str(FURNITURE.get(kind, kind))
        for kind, n in article.removed_summary()
    )


LINK_KINDS = dict(RelatedLink.Kind.choices)
# Longest text the page parses, pasted or uploaded (after decoding). A long feature is
# 40,000 characters; the parse of this much, however hostile, stays within the request
# budget (tests/test_hardening.py). The command line (import_articles) has no such limit.
MAX_IMPORT_CHARS = 200_000
TOO_LONG = _("النص أطول من الحد المسموح (%(limit)s حرف)؛ قسّمه أو استورده من سطر الأوامر.")


def _limited(message):
    """The message with the limit filled in, translated when shown (not at import)."""
    return lazy(lambda: message % {"limit": f"{MAX_IMPORT_CHARS:,}"}, str)()


def _check_length(raw: str) -> str:
    if len(raw) > MAX_IMPORT_CHARS:
        raise forms.ValidationError(TOO_LONG, code="too_long", params={"limit": f"{MAX_IMPORT_CHARS:,}"})
    return raw


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("النص الخام"),
        required=False,
        strip=False,
        help_text=_limited(_("حتى %(limit)s حرف.")),
        widget=forms.Textarea(attrs={"dir": "auto", "rows": 16, "cols": 80}),
    )
    file = forms.FileField(
        label=_("أو ملف نصي"),
        required=False,
        help_text=_limited(_("UTF-8 أو UTF-16 أو Windows-1256، حتى %(limit)s حرف.")),
    )
    status = forms.ChoiceField(
        label=_("الحالة"), choices=Article.Status.choices, initial=Article.Status.PUBLISHED
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        try:
            if upload:
                if upload.size > MAX_FILE_BYTES:
                    raise ImportProblem("too_large")
                data["raw"] = decode_bytes(upload.read())
            elif text.strip():
                data["raw"] = clean_text(text)
            else:
                raise forms.ValidationError(_("الصق نص الخبر أو اختر ملفاً."), code="required")
        except ImportProblem as problem:
            name = f"{upload.name}: " if upload else ""
            raise forms.ValidationError(f"{name}{problem.message}", code=problem.code) from None
        _check_length(data["raw"])
        return data


class ConfirmForm(forms.Form):
    raw = forms.CharField(widget=forms.HiddenInput, strip=False)
    status = forms.ChoiceField(choices=Article.Status.choices, widget=forms.HiddenInput)

    def clean_raw(self):
        # The hidden field comes back from the client: it gets the upload's checks again
        # (binary data, empty text) so a tampered confirm is a form error, not a 500.
        try:
            return _check_length(clean_text(self.cleaned_data["raw"]))
        except ImportProblem as problem:
            raise forms.ValidationError(problem.message, code=problem.code) from None


def import_urls(model_admin):
    view = model_admin.admin_site.admin_view(lambda request: import_view(request, model_admin))
    return [path("import/", view, name="articles_article_import")]


def import_view(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    importer = Importer()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("استيراد نص خام"),
    }
    if request.method == "POST" and "confirm" in request.POST:
        confirm = ConfirmForm(request.POST)
        if confirm.is_valid():
            return _confirm(request, importer, confirm.cleaned_data)
        form = ImportForm()
        context["page_error"] = _("انتهت صلاحية المعاينة؛ أعد لصق النص.")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            raw = form.cleaned_data["raw"]
            result = importer.parse(raw)
            if result.error is None:
                context.update(
                    form=form,
                    preview=_preview(result, importer),
                    already_imported=importer.is_imported(raw),
                    confirm_form=ConfirmForm(initial={"raw": raw, "status": form.cleaned_data["status"]}),
                )
                return TemplateResponse(request, "admin/articles/article/import.html", context)
            form.add_error(None, result.error.message)
    else:
        form = ImportForm()
    context["form"] = form
    return TemplateResponse(request, "admin/articles/article/import.html", context)


def _confirm(request, importer: Importer, data: dict):
    importer.status = data["status"]
    result = importer.parse(clean_text(data["raw"]))
    if result.error is not None:
        messages.error(request, result.error.message)
        return redirect("admin:articles_article_import")
    try:
        outcome = importer.save(result)
    except DatabaseError:
        # The file's transaction rolled back: nothing of it was written.
        messages.error(request, _("تعذر حفظ الخبر؛ لم يُكتب شيء. أعد المحاولة."))
        return redirect("admin:articles_article_import")
    if outcome.status == CREATED:
        messages.success(request, _("تم استيراد %(n)d خبر.") % {"n": outcome.created})
        return redirect(reverse("admin:articles_article_change", args=[outcome.article_ids[0]]))
    messages.info(request, _("سبق استيراد هذا النص؛ لم يتغير شيء."))
    return redirect(reverse("admin:articles_article_change", args=[outcome.article_ids[0]]))


def _preview(result, importer: Importer) -> list[dict]:
    """What the template shows for each article: paragraphs with block quotes in place."""
    articles = []
    for index, article in enumerate(result.articles):
        blocks = {q.position: q for q in article.quotes if q.kind == "block"}
        paragraphs = []
        for n, (kind, text) in enumerate(zip(article.kinds, article.body, strict=True), start=1):
            paragraphs.append({"text": text, "crosshead": kind == "crosshead", "block": blocks.get(n)})
        links = []
        for link in article.related:
            if link.article_index is not None:
                target = _("الخبر %(n)d في هذا النص") % {"n": link.article_index + 1}
            elif normalize(link.title) in importer.headlines:
                target = _("خبر موجود في الموقع")
            else:
                target = ""
            links.append(
                {"kind": LINK_KINDS.get(link.kind, link.kind), "title": link.title, "target": target}
            )
        articles.append(
            {
                "number": index + 1,
                "article": article,
                "paragraphs": paragraphs,
                "warnings": [describe_warning(w.as_json()) for w in article.warnings],
                "removed": removed_text(article),
                "links": links,
            }
        )
    return articles
