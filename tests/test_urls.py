"""One canonical URL per story; any other slug for it redirects there with 301."""

import unicodedata
from urllib.parse import quote

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article("وزيرة خارجية أستراليا تزور سول")


def test_canonical_url_serves_the_story(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "وزيرة خارجية أستراليا تزور سول" in response.content.decode()


@pytest.mark.parametrize(
    "slug",
    [
        "old-headline",
        "وزيرة-خارجية",
        "وزيرة-خارجيـــة-أستراليا-تزور-سول",
        unicodedata.normalize("NFD", "وزيرة-خارجية-أستراليا-تزور-سول") + "x",
    ],
)
def test_other_slugs_redirect_permanently(client, article, slug):
    response = client.get(f"/news/{article.pk}/{quote(slug)}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_percent_encoded_canonical_slug_is_served(client, article):
    response = client.get(f"/news/{article.pk}/{quote(article.slug)}/")
    assert response.status_code == 200


def test_id_only_url_redirects(client, article):
    response = client.get(f"/news/{article.pk}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_story_is_404(client):
    assert client.get("/news/999999/anything/").status_code == 404
