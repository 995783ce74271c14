"""Plain factory helpers: real rows in the real database, nothing mocked, written
through the one write path (articles/services.py) as every writer does."""

import functools
import itertools
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from articles import services
from articles.models import Article, Quote, RelatedLink, Source, Tag

_counter = itertools.count(1)


def make_source(name="سكاي نيوز عربية"):
    source, _ = Source.objects.get_or_create(key=_key(name), defaults={"name": name})
    return source


def make_tag(name="كوريا الشمالية"):
    from articles.text.normalize import normalize

    tag = Tag.objects.filter(key=normalize(name)).first()
    return tag or services.save_tag(Tag(name=name))


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
    article = Article(
        headline=headline or f"خبر تجريبي رقم {n}",
        dek=dek,
        body=body or "فقرة أولى من الخبر.\n\nفقرة ثانية من الخبر.",
        status=status,
        published_at=published_at or timezone.now() - timedelta(hours=n),
        source=source,
        **fields,
    )
    tags = [(make_tag(tag) if isinstance(tag, str) else tag, 1) for tag in tags]
    return services.save_story(article, tags=tags)


def make_articles(headlines, *, tags=(), published_at=None, status=Article.Status.PUBLISHED, **fields):
    """Many stories in one write (services.create_stories: one transaction, one refresh),
    as an import batch writes them; `published_at` is a time or a function of the index."""
    tag_refs = [(make_tag(tag) if isinstance(tag, str) else tag, 1) for tag in tags]
    body = fields.pop("body", None) or "فقرة أولى من الخبر.\n\nفقرة ثانية من الخبر."
    drafts = []
    for i, headline in enumerate(headlines):
        when = published_at(i) if callable(published_at) else published_at
        article = Article(
            headline=headline,
            body=body,
            status=status,
            published_at=when or timezone.now() - timedelta(hours=next(_counter)),
            **fields,
        )
        drafts.append(services.Draft(article=article, tags=list(tag_refs)))
    return services.create_stories(drafts)


def add_quote(
    article, text="نص الاقتباس", speaker="دميتري بيسكوف", role="", kind="inline", order=None, position=None
):
    """Add one quote to a saved story (through services.save_story, as an edit would)."""
    quotes = list(article.quotes.order_by("order", "id"))
    quote = Quote(text=text, speaker_name=speaker, speaker_role=role, kind=kind, position=position)
    quotes.insert(len(quotes) if order is None else order, quote)
    services.save_story(article, quotes=quotes)
    return quote


def add_link(article, title="عنوان ذو صلة", kind="similar", target=None, url="", order=None):
    links = list(article.related_links.order_by("order", "id"))
    link = RelatedLink(title=title, kind=kind, target=target, url=url)
    links.insert(len(links) if order is None else order, link)
    services.save_story(article, links=links)
    return link


def make_editor(username="editor", password="كلمة-سر-طويلة-123"):
    user = get_user_model().objects.create_user(username, password=password, is_staff=True, is_superuser=True)
    user.raw_password = password
    return user


def _key(name):
    from articles.text.normalize import normalize

    return normalize(name)


@functools.cache
def image_bytes(width=1600, height=900, kind="PNG", seed=1) -> bytes:
    """A photograph-like test picture (gradients, shapes and grain, so encoders have real
    work), drawn with Pillow; once per process for each set of arguments (the grain is not
    seeded: without the cache each call gave other bytes)."""
    import io
    import random

    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(30):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(20, max(21, width // 5))
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    grain = Image.effect_noise((width, height), 24).convert("RGB")
    image = Image.blend(image, grain, 0.12)
    out = io.BytesIO()
    image.save(out, kind, **({"quality": 90} if kind == "JPEG" else {}))
    return out.getvalue()


def add_lead_image(article, *, alt="صورة الخبر", caption="", credit="", data=None, name="photo.png"):
    """Give a saved story a lead image through services.save_story (renditions follow)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import LeadImage

    image = LeadImage.objects.filter(article=article).first() or LeadImage(article=article)
    image.file = SimpleUploadedFile(name, data or image_bytes())
    image.alt, image.caption, image.credit = alt, caption, credit
    services.save_story(article, write_parts=image.save)
    return LeadImage.objects.get(article=article)


def make_section(name="سياسة", order=0, description=""):
    from articles.models import Section
    from articles.text.normalize import normalize

    section = Section.objects.filter(key=normalize(name)).first()
    return section or services.save_section(Section(name=name, order=order, description=description))


@contextmanager
def rows_kept_for_the_module(django_db_blocker):
    """For a module-scoped fixture: the rows it writes inside stay for the module's tests, in
    a transaction rolled back when the module ends. Each test's own transaction
    (pytest-django's `db`) is a savepoint within it, so what a test writes is still undone
    after it. Name the fixture in tests/conftest.py's KEPT_FOR_THE_MODULE: its tests then run
    after the module's others, which see the database as empty as ever."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
