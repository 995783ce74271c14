"""Reader pages. Thin: parse input with a Form, call one query function, render."""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import push_url

from . import queries
from .caching import keys
from .forms import ArticleFilterForm, DateRange, ListFilters, PageForm
from .models import Article, Author, Section, Source, Tag

LIST_TEMPLATE = "articles/article_list.html"


def _wants_fragment(request) -> bool:
    """An HTMX swap of the list gets the partial; a history restore needs the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def _render_list(request, *, tag=None, source=None, section=None, base_url=None):
    form = ArticleFilterForm(request.GET)
    listing = queries.story_list(form.filters(), tag=tag, source=source, section=section)
    keys.add(request, keys.CLOUD, *keys.for_articles(listing.page.object_list))
    if listing.tag is not None:
        keys.add(request, keys.tag(listing.tag.pk), keys.tag_list(listing.tag.pk))
    if listing.source is not None:
        keys.add(request, keys.source(listing.source.pk), keys.source_list(listing.source.pk))
    if listing.section is not None:
        keys.add(request, keys.section(listing.section.pk), keys.section_list(listing.section.pk))
    if listing.filters.q:
        # Results and their «هل تقصد» follow the search index and its vocabulary (the
        # worker's): a story joins them when the worker has indexed it, not at its save.
        keys.add(request, keys.SEARCH)
    elif tag is None and source is None and section is None:
        keys.add(request, keys.STORIES)  # the home list (any filter): every story may join it
    front = _front_page(request, listing) if tag is None and source is None and section is None else None
    base_url = base_url or reverse("articles:list")
    context = {
        "form": form,
        "listing": listing,
        "page": listing.page,
        "filters": listing.filters,
        "tag": listing.tag,
        "source": listing.source,
        "section": listing.section,
        "front": front,
        "base_url": base_url,
        "list_url": reverse("articles:list"),
        "cloud": queries.tag_cloud(),
        "sources": queries.source_choices(),
        "fragment": _wants_fragment(request),
        "canonical_path": _canonical_path(
            base_url, listing, fixed_tag=tag, fixed_source=source, fixed_section=section
        ),
        **_list_links(
            listing,
            fixed_tag=tag is not None,
            fixed_source=source is not None,
            fixed_section=section is not None,
        ),
    }
    if context["fragment"]:
        response = render(request, LIST_TEMPLATE + "#article-list", context)
        # The URL a reader can share: canonical order, no empty parameters.
        push_url(response, _canonical_list_url(base_url, listing, tag, source, section))
        # The fragment refreshes the filter fields unless the form itself asked
        # (HX-Trigger: filter-form), so that typing is never interrupted.
        patch_vary_headers(response, ["HX-Trigger"])
    else:
        response = render(request, LIST_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _front_page(request, listing):
    """The front page's lead story and section blocks: only on the home list's first page
    without a filter (a search or a filtered list is about what the reader asked for).
    The lead is the newest story: always current, where an editor's pin goes stale. The
    list below keeps it (it is the whole chronology, twenty a page); the section blocks
    do not repeat it."""
    page = listing.page
    if listing.filters.active or page.number != 1 or not page.object_list:
        return None
    lead = page.object_list[0]
    blocks = queries.section_blocks(exclude=[lead.pk])
    keys.add(request, keys.MENU, *keys.for_articles(story for block in blocks for story in block.stories))
    return {"lead": lead, "blocks": blocks}


def _list_links(listing, *, fixed_tag, fixed_source, fixed_section=False):
    """Query strings for the chips (relative to the home list) and the pager (relative
    to this page: a tag, source or section page keeps its own URL)."""
    filters = listing.filters
    here = {}
    if fixed_tag:
        here["tag"] = ""
    if fixed_source:
        here["source"] = ""
    if fixed_section:
        here["section"] = ""
    page = listing.page
    return {
        "chip_urls": {
            name: filters.querystring(**{name: "", "page": 1})
            for name in ("q", "tag", "source", "section", "range")
        },
        "page_urls": {
            "previous": filters.querystring(page=page.number - 1, **here) if page.has_previous() else "",
            "next": filters.querystring(page=page.number + 1, **here) if page.has_next() else "",
        },
        "range_label": dict(DateRange.CHOICES).get(filters.range, ""),
        "suggestion_url": (
            filters.querystring(q=listing.suggestion, page=1, **here) if listing.suggestion else ""
        ),
    }


def _canonical_path(base_url, listing, *, fixed_tag, fixed_source, fixed_section=None):
    """The URL search engines should index for this list, or None for a date range or a
    search that found nothing (those pages are noindex: a canonical pointing elsewhere would
    contradict it). A search that finds stories is a page of its own, at its query as the
    form cleaned it (a reader's spaces or junk parameters do not make another URL): readers
    arrive at such pages from search engines on big Arabic news sites too. The home list
    filtered by one tag, source or section is that one's own page."""
    filters = listing.filters
    if filters.range or (filters.q and not listing.page.object_list):
        return None
    if filters.q:
        return _canonical_list_url(base_url, listing, fixed_tag, fixed_source, fixed_section)
    page = filters.page
    if fixed_tag is None and fixed_source is None and fixed_section is None:
        only = [obj for obj in (listing.tag, listing.source, listing.section) if obj is not None]
        if len(only) == 1:
            return only[0].get_absolute_url() + ListFilters(page=page).querystring()
    return _canonical_list_url(base_url, listing, fixed_tag, fixed_source, fixed_section)


def _canonical_list_url(base_url, listing, tag, source, section=None):
    changes = {}
    if tag is not None:
        changes["tag"] = ""
    if source is not None:
        changes["source"] = ""
    if section is not None:
        changes["section"] = ""
    return base_url + listing.filters.querystring(**changes)


@require_safe
def article_list(request):
    return _render_list(request)


def _named_or_moved(model, request, slug):
    """The tag, source or section at `slug`, or a 301 to where a rename or merge moved it."""
    found = model.objects.filter(slug=slug).first()
    if found is not None:
        return found, None
    moved = model.old_slugs.rel.related_model.objects.filter(old_slug=slug).select_related("target").first()
    if moved is None:
        raise Http404("لا توجد صفحة بهذا المعرّف.")
    url = moved.target.get_absolute_url()
    if request.GET:
        url += "?" + request.GET.urlencode()
    return None, HttpResponsePermanentRedirect(url)


@require_safe
def tag_detail(request, slug):
    tag, moved = _named_or_moved(Tag, request, slug)
    return moved or _render_list(request, tag=tag, base_url=tag.get_absolute_url())


@require_safe
def source_detail(request, slug):
    source, moved = _named_or_moved(Source, request, slug)
    return moved or _render_list(request, source=source, base_url=source.get_absolute_url())


@require_safe
def section_detail(request, slug):
    section, moved = _named_or_moved(Section, request, slug)
    return moved or _render_list(request, section=section, base_url=section.get_absolute_url())


@require_safe
def author_detail(request, slug):
    author = get_object_or_404(Author, slug=slug)
    form = PageForm(request.GET)
    paginator = Paginator(queries.list_queryset().filter(author=author), queries.PAGE_SIZE)
    number = form.page_number()
    if number > 1 and number > paginator.num_pages:
        raise Http404("لا توجد صفحة بهذا الرقم.")
    page = paginator.get_page(number)
    shown = keys.for_articles(page.object_list)
    keys.add(request, keys.author(author.pk), keys.author_list(author.pk), *shown)
    # The story cards highlight a search query; an author page has none.
    context = {"author": author, "page": page, "filters": {"q": ""}}
    return render(request, "articles/author_detail.html", context)


@require_safe
def article_detail(request, pk, slug=None):
    story = queries.get_story(pk)
    if slug != story.article.url_slug:
        return redirect(story.article, permanent=True)
    keys.add(request, keys.CLOUD, *story_keys(story))
    return render(
        request,
        "articles/article_detail.html",
        {
            "story": story,
            "article": story.article,
            "cloud": queries.tag_cloud(),
            "live_poll": settings.LIVE_POLL_SECONDS,
        },
    )


def story_keys(story) -> list[str]:
    """What the story page shows: the story (as its card shows it, and its own page),
    its tags and source, linked headlines."""
    article = story.article
    shown = [keys.article(article.pk), keys.page(article.pk), *(keys.tag(tag.pk) for tag in story.tags)]
    if article.section_id:
        shown.append(keys.section(article.section_id))
    if article.source_id:
        shown.append(keys.source(article.source_id))
    if article.author_id:
        shown.append(keys.author(article.author_id))
    linked = [h.article for h in (*story.read_also, *story.related) if h.article is not None]
    for block, value in story.body:
        if block == "box":
            linked += [h.article for h in value if h.article is not None]
    shown += [keys.article(item.pk) for item in linked]
    return shown


@require_safe
def live_notice(request, pk):
    """The live page's notice, polled by HTMX: «تحديثات جديدة» once updates newer than
    `?after=` (the last update id the page has) exist. Cached like a page under that
    query (articles/caching/policy.py) and purged with the story (an update is a save)."""
    after = _after_id(request.GET.get("after", ""))
    new = queries.live_updates_after(pk, after)
    if new is None:
        raise Http404("لا توجد تغطية مباشرة بهذا الرقم.")
    keys.add(request, keys.article(pk))
    article = Article.objects.only("id", "slug").get(pk=pk)
    return render(
        request,
        "includes/_live_notice.html",
        {"article": article, "new": new, "after": after, "poll": settings.LIVE_POLL_SECONDS},
    )


def _after_id(value: str) -> int:
    return int(value) if value.isdigit() and len(value) <= 18 else 0


@staff_member_required
def article_preview(request, pk):
    # Staff is not enough: a draft is for those who may read stories in the admin.
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    story = queries.get_story(pk, include_unpublished=True)
    response = render(
        request,
        "articles/article_detail.html",
        {"story": story, "article": story.article, "cloud": queries.tag_cloud(), "preview": True},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def speaker_detail(request, slug):
    form = PageForm(request.GET)
    paginator = Paginator(queries.speaker_quotes(slug), queries.PAGE_SIZE)
    number = form.page_number()
    if number > 1 and number > paginator.num_pages:
        raise Http404("لا توجد صفحة بهذا الرقم.")
    page = paginator.get_page(number)
    if not page.object_list:
        raise Http404("لا يوجد متحدث بهذا الاسم.")
    first = page.object_list[0]
    # Any story may add a quote by this speaker (its quotes change, or it appears or goes).
    keys.add(
        request, keys.QUOTES, keys.CLOUD, *(keys.article(quote.article_id) for quote in page.object_list)
    )
    return render(
        request,
        "articles/speaker_detail.html",
        {"page": page, "speaker_name": first.speaker_name, "speaker_role": first.speaker_role, "slug": slug},
    )


@csrf_exempt  # no cookie, no session, no state a forged request could abuse (articles/reads.py)
@require_POST
def read_beacon(request, pk):
    """A reader's browser saying it displayed story `pk` (static/js/read.js)."""
    from . import reads

    outcome = reads.record_read(request, pk)
    response = HttpResponse(status=429 if outcome == "limited" else 204)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def robots_txt(request):
    site = settings.SITE_URL
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "",
        f"Sitemap: {site}{reverse('articles:sitemap')}",
        f"Sitemap: {site}{reverse('articles:news-sitemap')}",
        "",
    ]
    keys.add(request, "robots")  # changes only with a deploy
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def news_sitemap(request):
    from .sitemaps import news_stories

    response = render(
        request,
        "sitemaps/news.xml",
        {"stories": news_stories(), "site_url": settings.SITE_URL},
        content_type="application/xml; charset=utf-8",
    )
    return response


@require_safe
def sitemap_index(request):
    """The sitemap index, with absolute URLs from SITE_URL (Django's index view
    would take the host from the request)."""
    from .sitemaps import SITEMAPS

    locations = []
    for section, sitemap_class in SITEMAPS.items():
        url = settings.SITE_URL + reverse("articles:sitemap-section", kwargs={"section": section})
        pages = sitemap_class().paginator.num_pages
        locations += [url] + [f"{url}?p={n}" for n in range(2, pages + 1)]
    return render(
        request,
        "sitemaps/index.xml",
        {"locations": locations},
        content_type="application/xml; charset=utf-8",
    )
