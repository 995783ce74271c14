"""The story list with HTMX: a request from htmx gets only the list partial, the same
URL without htmx gets the full page, and caches keep the two apart (Vary)."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from tests.factories import make_article, make_source, make_tag

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def tagged():
    tag = make_tag("روسيا")
    make_article("قمة في موسكو", tags=[tag])
    make_article("مباراة حاسمة", tags=["رياضة"])
    return tag


def test_htmx_request_gets_the_list_fragment_only(client, tagged):
    response = client.get("/", {"tag": tagged.slug}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'class="masthead"' not in html and 'id="filter-form"' not in html
    assert '<header class="page-header" id="list-header" data-hx-swap-oob="true">' in html  # the h1 follows
    assert '<section id="article-list"' in html
    assert "قمة في موسكو" in html and "مباراة حاسمة" not in html


def test_full_page_and_fragment_both_vary_on_hx_request(client, tagged):
    for headers in ({}, HX):
        response = client.get("/", **headers)
        assert "HX-Request" in response["Vary"]
    for url in (tagged.get_absolute_url(), make_source("رويترز").get_absolute_url()):
        assert "HX-Request" in client.get(url, **HX)["Vary"]


def test_same_id_on_full_page_and_fragment(client, tagged):
    full = client.get("/").content.decode()
    fragment = client.get("/", **HX).content.decode()
    assert full.count('id="article-list"') == 1 and fragment.count('id="article-list"') == 1


def test_fragment_announces_the_count_and_sets_the_title(client, tagged):
    html = client.get("/", {"tag": tagged.slug}, **HX).content.decode()
    assert '<p id="result-count" data-hx-swap-oob="innerHTML">خبر واحد' in html
    assert "<title>روسيا — نيوزروم</title>" in html
    full = client.get("/").content.decode()
    assert 'id="result-count" class="result-count" role="status" aria-live="polite"' in full


def test_fragment_pushes_the_canonical_url(client, tagged):
    response = client.get("/", {"q": "", "tag": tagged.slug, "source": "", "range": "", "page": "1"}, **HX)
    assert response["HX-Push-Url"] == "/?" + urlencode({"tag": tagged.slug})
    response = client.get(tagged.get_absolute_url(), {"range": "week"}, **HX)
    assert response["HX-Push-Url"] == tagged.get_absolute_url() + "?range=week"


def test_filter_fields_follow_a_swap_not_started_by_the_form(client, tagged):
    """A cloud click (trigger: a link) updates the form; typing in the form does not
    replace the field being typed in."""
    from_cloud = client.get(tagged.get_absolute_url(), **HX).content.decode()
    assert '<div id="filter-fields" class="filter-fields" data-hx-swap-oob="true">' in from_cloud
    assert f'<option value="{tagged.slug}" selected>' in from_cloud
    from_form = client.get("/", {"q": "قمة"}, HTTP_HX_TRIGGER="filter-form", **HX)
    assert 'id="filter-fields"' not in from_form.content.decode()
    assert "HX-Trigger" in from_form["Vary"]  # so no cache hands one answer to the other


def test_history_restore_gets_the_full_page(client, tagged):
    response = client.get("/", {"tag": tagged.slug}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX)
    html = response.content.decode()
    assert "<html" in html and 'id="filter-form"' in html
    assert "hx-swap-oob" not in html


def test_list_controls_are_links_and_a_form_that_htmx_enhances(client, tagged):
    html = client.get("/").content.decode()
    assert (
        'data-hx-target="#article-list" data-hx-swap="outerHTML" data-hx-push-url="true"'
        ' data-hx-indicator="#list-region" data-hx-sync="#list-region:replace"' in html
    )
    assert '<div class="layout__main" id="list-region">' in html  # holds the loading indicator and the list
    url = tagged.get_absolute_url()
    assert (
        f'href="{url}" data-hx-get="{url}" data-hx-swap="outerHTML show:#list-top:top"' in html
    )  # the cloud
    assert 'data-hx-get="/"\n          data-hx-trigger="submit, filter-change"' in html
    assert " hx-" not in html  # data-hx-* only: hx-* attributes are not valid HTML
    assert 'id="list-loading" class="loading htmx-indicator"' in html


def test_story_page_cloud_is_plain_links(client, tagged):
    story = make_article("خبر بوسوم", tags=[tagged])
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'href="{tagged.get_absolute_url()}"' in html
    assert "hx-get" not in html


def test_fragment_pagination_links_keep_filters(client):
    tag = make_tag("روسيا")
    now = timezone.now()
    for i in range(25):
        make_article(f"خبر {i}", tags=[tag], published_at=now - timedelta(hours=i))
    html = client.get(tag.get_absolute_url(), {"range": "month"}, **HX).content.decode()
    next_url = tag.get_absolute_url() + "?range=month&amp;page=2"
    assert f'href="{next_url}" data-hx-get="{next_url}"' in html


def test_bad_values_in_htmx_requests_are_ignored(client, tagged):
    response = client.get("/", {"page": "abc", "range": "x", "tag": "<b>"}, **HX)
    assert response.status_code == 200
    assert "<b>" not in response.content.decode()
