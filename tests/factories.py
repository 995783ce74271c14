"""Plain factory helpers: real rows in the real database, nothing mocked."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, ArticleTag, Quote, RelatedLink, Source, Tag

_counter = itertools.count(1)


def make_source(name="سكاي نيوز عربية"):
    source, _ = Source.objects.get_or_create(key=_key(name), defaults={"name": name})
    return source


def make_tag(name="كوريا الشمالية"):
    from articles.text.normalize import normalize

    tag = Tag.objects.filter(key=normalize(name)).first()
    return tag or Tag.objects.create(name=name)


def make_article(
    headline=None,
    *,
    status=Article.Status.PUBLISHED,
    published_at=None,
    body=None,
    dek="",
    source=None,
    tags=(),
    **fields,
):
    n = next(_counter)
    article = Article.objects.create(
        headline=headline or f"خبر تجريبي رقم {n}",
        dek=dek,
        body=body or "فقرة أولى من الخبر.\n\nفقرة ثانية من الخبر.",
        status=status,
        published_at=published_at or timezone.now() - timedelta(hours=n),
        source=source,
        **fields,
    )
    for tag in tags:
        tag = make_tag(tag) if isinstance(tag, str) else tag
        ArticleTag.objects.create(article=article, tag=tag, weight=1)
    return article


def add_quote(
    article, text="نص الاقتباس", speaker="دميتري بيسكوف", role="", kind="inline", order=None, position=None
):
    order = article.quotes.count() if order is None else order
    return Quote.objects.create(
        article=article,
        text=text,
        speaker_name=speaker,
        speaker_role=role,
        kind=kind,
        order=order,
        position=position,
    )


def add_link(article, title="عنوان ذو صلة", kind="similar", target=None, url="", order=None):
    order = article.related_links.count() if order is None else order
    return RelatedLink.objects.create(
        article=article, title=title, kind=kind, target=target, url=url, order=order
    )


def make_editor(username="editor", password="كلمة-سر-طويلة-123"):
    user = get_user_model().objects.create_user(username, password=password, is_staff=True, is_superuser=True)
    user.raw_password = password
    return user


def _key(name):
    from articles.text.normalize import normalize

    return normalize(name)
