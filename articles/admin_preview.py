"""The live preview beside the story form: what readers would see, from what the form holds
now, before anything is saved.

The form posts itself here (htmx, a moment after the editor stops typing); the admin's own
form and inline formsets clean the data, so the preview shows exactly what a save would
store — fields that do not validate yet keep their saved value (or stay empty). The reply is
the real story template, inside a sandboxed `<iframe srcdoc>` so the reader's stylesheet
applies to it and not to the admin. Nothing is written.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone

from . import queries
from .models import Article, clean_article, clean_link, clean_quote

# The preview renders what the form holds; a form with more inline rows than this is shown
# with the first ones (Django's own formset limit is 1,000 rows).
MAX_ROWS = 200


def preview_urls(model_admin):
    view = model_admin.admin_site.admin_view(lambda request: live_preview(request, model_admin))
    return [path("live-preview/", view, name="articles_article_live_preview")]


def live_preview(request, model_admin):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    saved = _saved_story(request)
    allowed = (
        model_admin.has_add_permission(request)
        if saved is None
        else model_admin.has_view_or_change_permission(request, saved)
    )
    if not allowed:
        raise PermissionDenied
    article, parts = _from_form(request, model_admin, saved)
    story = queries.story_from_parts(article, **parts)
    page = render_to_string(
        "articles/article_detail.html",
        {"story": story, "article": article, "cloud": [], "preview": True, "live_preview": True},
        request=request,
    )
    response = render(request, "admin/articles/article/_live_preview.html", {"page": page})
    response["X-Robots-Tag"] = "noindex"
    return response


def _saved_story(request) -> Article | None:
    """The story being edited (the form posts its id), or None on the add form."""
    pk = request.POST.get("preview_of", "")
    if not pk.isdigit() or len(pk) > 18:  # beyond any id (and beyond SQLite's integers)
        return None
    return Article.objects.filter(pk=int(pk)).first()


def _from_form(request, model_admin, saved: Article | None):
    article = saved if saved is not None else Article()
    form = model_admin.get_form(request, saved)(request.POST, request.FILES, instance=article)
    form.is_valid()  # cleans what it can into form.instance; errors are the save's business
    article = form.instance
    clean_article(article)  # the write path's cleaning rules, as a save would apply them
    if article.pk is None:
        article.pk = 0  # a URL for the template; never saved
    # A new story has no times yet: the page shows it as published now.
    article.published_at = article.published_at or timezone.now()
    article.updated_at = article.updated_at or article.published_at
    parts = {"tags": [], "quotes": [], "links": []}
    for formset_class, inline in model_admin.get_formsets_with_inlines(request, saved):
        prefix = formset_class.get_default_prefix()
        formset = formset_class(**model_admin.get_formset_kwargs(request, saved, inline, prefix))
        rows = [form.instance for form in formset.forms[:MAX_ROWS] if _kept(form)]
        name = formset.model._meta.model_name
        if name == "articletag":
            parts["tags"] = [row.tag for row in rows if row.tag_id]
        elif name == "quote":
            for row in rows:
                clean_quote(row)
            parts["quotes"] = sorted((row for row in rows if row.text), key=lambda row: row.order)
        elif name == "relatedlink":
            for row in rows:
                clean_link(row)
            parts["links"] = sorted((row for row in rows if row.title), key=lambda row: row.order)
    return article, parts


def _kept(form) -> bool:
    """A row the save would keep: valid, filled in (or already saved), not marked for deletion."""
    if not form.is_valid() or form.cleaned_data.get("DELETE"):
        return False
    return form.has_changed() or form.instance.pk is not None
