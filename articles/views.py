from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from . import queries
from .forms import ArticleFilterForm
from .models import Source, Tag

PAGE_SIZE = 20


def _paginate(request, queryset, number):
    paginator = Paginator(queryset, PAGE_SIZE)
    if number > paginator.num_pages and number > 1:
        raise Http404("لا توجد صفحة بهذا الرقم.")
    return paginator.get_page(number)


def article_list(request):
    form = ArticleFilterForm(request.GET)
    page = _paginate(request, queries.list_queryset(), form.page_number())
    return render(request, "articles/article_list.html", {"form": form, "page": page})


def article_detail(request, pk, slug=None):
    article = get_object_or_404(queries.story_queryset().published(), pk=pk)
    if slug != article.url_slug:
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})


@staff_member_required
def article_preview(request, pk):
    article = get_object_or_404(queries.story_queryset(), pk=pk)
    return render(request, "articles/article_detail.html", {"article": article, "preview": True})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    form = ArticleFilterForm(request.GET)
    page = _paginate(request, queries.list_queryset().filter(tag_links__tag=tag), form.page_number())
    return render(request, "articles/article_list.html", {"form": form, "page": page, "tag": tag})


def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    form = ArticleFilterForm(request.GET)
    page = _paginate(request, queries.list_queryset().filter(source=source), form.page_number())
    return render(request, "articles/article_list.html", {"form": form, "page": page, "source": source})
