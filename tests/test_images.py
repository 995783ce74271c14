"""Lead images: real uploads through the admin, the renditions they produce, the story
page's <picture>, share tags and JSON-LD, list thumbnails, purges and restore."""

import io
import json
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, features

from articles import services
from articles.backup import backup
from articles.images import renditions
from articles.models import Article, LeadImage
from tests.factories import add_lead_image, image_bytes, make_article, make_editor
from tests.test_admin import _article_post, _inline_management

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renditions_drawn_once")]


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def _png_header(width, height) -> bytes:
    """A PNG that claims `width`×`height` and holds almost nothing: a decompression bomb's
    header, which is all the check may read."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _post_story(client, upload, **image_fields):
    data = _article_post(headline="صورة من الميدان")
    data.update(_inline_management("lead_image", 1))
    data.update({f"lead_image-0-{name}": value for name, value in image_fields.items()})
    if upload is not None:
        data["lead_image-0-file"] = upload
    return client.post(reverse("admin:articles_article_add"), data)


def _errors(response) -> str:
    return " ".join(
        re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    )


# ---------------------------------------------------------------- uploads through the admin


def test_admin_upload_makes_every_rendition(editor_client):
    upload = SimpleUploadedFile("من الهاتف.png", image_bytes(1800, 1200, "JPEG"), content_type="image/png")
    response = _post_story(
        editor_client, upload, alt="متظاهرون في ساحة المدينة", caption="الساحة", credit="رويترز"
    )
    assert response.status_code == 302, _errors(response)
    image = LeadImage.objects.get(article__headline="صورة من الميدان")
    assert (image.width, image.height) == (1800, 1200)
    assert image.file.name.startswith("lead/") and "الهاتف" not in image.file.name
    assert image.file.name.endswith(".jpg")  # named by what it is (a JPEG called .png)
    assert image.ready
    kinds = ("avif", "webp", "jpeg") if features.check("avif") else ("webp", "jpeg")
    expected = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}
    for kind in kinds:
        entries = image.renditions[kind]
        assert [w for w, _, _ in entries] == [320, 480, 720, 1080, 1440]
        for width, height, name in entries:
            assert height == round(1200 * width / 1800)
            with default_storage.open(name) as stored, Image.open(stored) as opened:
                assert opened.format == expected[kind]
                assert opened.size == (width, height)
                assert not opened.getexif()  # no camera metadata (GPS) in what readers fetch
            if kind != "jpeg" and width <= renditions.PHONE_WIDTH:
                assert default_storage.size(name) <= renditions.PHONE_BUDGET
    width, height, name = image.renditions["share"]
    with default_storage.open(name) as stored, Image.open(stored) as opened:
        assert (opened.format, opened.size) == ("JPEG", (1200, 630)) == ("JPEG", (width, height))


def test_admin_upload_without_alt_is_refused(editor_client):
    upload = SimpleUploadedFile("a.png", image_bytes(1300, 700))
    response = _post_story(editor_client, upload, alt="", caption="تعليق")
    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in _errors(response)
    assert not Article.objects.filter(headline="صورة من الميدان").exists()
    assert not LeadImage.objects.exists()


def test_alt_without_a_file_is_refused(editor_client):
    response = _post_story(editor_client, None, alt="نص بلا صورة")
    assert response.status_code == 200
    assert "اختر صورة" in _errors(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>not a picture</html>", "ليس صورة"),
        (image_bytes(1600, 900)[:2000], "ليس صورة"),  # truncated
        (_png_header(8000, 6000), "أكبر مما نقبل"),  # 48 MP: over our limit, under Pillow's
        (_png_header(40000, 40000), "أكبر مما نقبل"),  # 1.6 GP: Pillow's bomb error, said in Arabic
        (_png_header(13000, 700), "أكبر مما نقبل"),  # a side too long
        (image_bytes(800, 600), "الصورة صغيرة"),
    ],
    ids=["not-an-image", "truncated", "48-megapixels", "bomb", "too-long", "too-small"],
)
def test_bad_uploads_get_an_arabic_error_not_a_500(editor_client, data, message):
    response = _post_story(editor_client, SimpleUploadedFile("photo.png", data), alt="نص بديل")
    assert response.status_code == 200
    assert message in _errors(response)
    assert not LeadImage.objects.exists()


def test_replacing_and_removing_the_image_in_the_admin(editor_client):
    article = make_article("خبر بصورة")
    first = add_lead_image(article, alt="الأولى")
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = editor_client.get(url).content.decode()
    assert first.renditions["jpeg"][0][2] in form  # the inline shows the preview
    version = re.search(r'name="loaded_version" value="([^"]+)"', form)[1]
    data = _article_post(
        headline="خبر بصورة", loaded_version=version, **_inline_management("lead_image", 1, 1)
    )
    data.update({"lead_image-0-article": article.pk, "lead_image-0-alt": "الثانية"})
    data["lead_image-0-file"] = SimpleUploadedFile("b.png", image_bytes(1400, 800, seed=2))
    assert editor_client.post(url, data).status_code == 302
    second = LeadImage.objects.get(article=article)
    assert second.file.name != first.file.name and second.ready
    assert second.renditions["jpeg"][0][2] != first.renditions["jpeg"][0][2]
    version = Article.objects.get(pk=article.pk).updated_at.isoformat()
    data = _article_post(
        headline="خبر بصورة", loaded_version=version, **_inline_management("lead_image", 1, 1)
    )
    data.update(
        {"lead_image-0-article": article.pk, "lead_image-0-alt": "الثانية", "lead_image-0-DELETE": "on"}
    )
    assert editor_client.post(url, data).status_code == 302
    assert not LeadImage.objects.filter(article=article).exists()
    assert "<picture>" not in editor_client.get(article.get_absolute_url()).content.decode()


# ---------------------------------------------------------------- the pages


@pytest.fixture
def pictured(db):
    article = make_article("قمة في العاصمة", dek="ملخص القمة.")
    add_lead_image(article, alt="القادة أمام القصر", caption="القادة قبل الاجتماع", credit="Reuters")
    return Article.objects.get(pk=article.pk)


def test_story_page_picture_markup(client, pictured):
    html = client.get(pictured.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="lead-image">(.*?)</figure>', html, re.S)[1]
    image = pictured.lead_image
    picture = re.search(r"<picture>(.*?)</picture>", figure, re.S)[1]
    types = re.findall(r'<source type="([^"]+)"', picture)
    assert types == (["image/avif", "image/webp"] if features.check("avif") else ["image/webp"])
    for source in re.findall(r'<source [^>]*srcset="([^"]+)"', picture):
        assert [w for w in re.findall(r" (\d+)w", source)] == ["320", "480", "720", "1080", "1440"]
    img = re.search(r"<img [^>]*>", picture)[0]
    assert 'fetchpriority="high"' in img and "loading=" not in img
    assert 'alt="القادة أمام القصر"' in img
    assert f'width="720" height="{round(720 * image.height / image.width)}"' in img
    assert 'sizes="(min-width: 64rem) 44rem, calc(100vw - 2rem)"' in img
    caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", figure, re.S)[1]
    assert "القادة قبل الاجتماع" in caption and "<bdi>Reuters</bdi>" in caption
    # The picture is the only one fetched eagerly: no thumbnail on the story page.
    assert html.count("<picture>") == 1


def test_story_share_tags_and_json_ld(client, pictured):
    html = client.get(pictured.get_absolute_url()).content.decode()
    share = pictured.lead_image.renditions["share"][2]
    assert f'<meta property="og:image" content="http://127.0.0.1:8000/media/{share}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta property="og:image:alt" content="القادة أمام القصر">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert f"http://127.0.0.1:8000/media/{share}" in data["image"]
    assert data["image"][0].endswith(".jpg") and "jpeg-1440x" in data["image"][0]
    logo = data["publisher"]["logo"]
    assert logo["url"].endswith("/static/images/logo.png") and (logo["width"], logo["height"]) == (600, 120)


def test_story_without_image_keeps_the_default_share_image(client):
    article = make_article("خبر بلا صورة")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<picture>" not in html and '<figure class="lead-image"' not in html
    assert 'content="http://127.0.0.1:8000/static/images/og-default.png"' in html


def test_list_cards_have_lazy_thumbnails(client, pictured):
    make_article("خبر آخر بلا صورة")
    html = client.get(reverse("articles:list")).content.decode()
    cards = re.findall(r'<li class="story-card[^"]*">.*?</li>', html, re.S)
    with_image = [c for c in cards if "قمة في العاصمة" in c]
    assert len(with_image) == 1 and 'class="story-card story-card--image"' in with_image[0]
    img = re.search(r"<img [^>]*>", with_image[0])[0]
    assert 'loading="lazy"' in img and 'decoding="async"' in img and "fetchpriority" not in img
    assert 'alt=""' in img  # the headline beside it says it
    assert 'sizes="(min-width: 48rem) 12rem, 7rem"' in img
    assert all("<picture>" not in c for c in cards if "قمة في العاصمة" not in c)


def test_media_is_served_in_development_and_tests(client, pictured):
    name = pictured.lead_image.renditions["webp"][0][2]
    response = client.get(default_storage.url(name))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_no_picture_until_renditions_exist(client):
    """The worker has not drawn them yet: the page shows no picture, never the original."""
    from tests.tasks_backend import DUMMY, tasks_backend

    article = make_article("صورة قيد التحضير")
    with tasks_backend(DUMMY):
        image = add_lead_image(article, alt="نص")
    assert not image.ready
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<picture>" not in html and image.file.name not in html
    assert services.make_renditions(article.pk) is True
    assert services.make_renditions(article.pk) is False  # made once
    assert "<picture>" in client.get(article.get_absolute_url()).content.decode()


def test_an_image_change_purges_the_story_and_list_pages(client, pictured):
    """Both pages are served from the page cache; a new image is on both at once."""
    story_url, list_url = pictured.get_absolute_url(), reverse("articles:list")
    old = pictured.lead_image.renditions["jpeg"][0][2]
    for url in (story_url, list_url):
        assert old in client.get(url).content.decode()
        again = client.get(url)
        assert again.headers["X-Cache"] == "HIT" and old in again.content.decode()
    new = add_lead_image(pictured, alt="بديلة", data=image_bytes(1500, 1000, seed=9)).renditions["jpeg"][0][2]
    for url in (story_url, list_url):
        html = client.get(url).content.decode()
        assert new in html and old not in html


# ---------------------------------------------------------------- the renditions' budget


def test_phone_renditions_fit_their_budget_even_for_a_grainy_photograph():
    data = image_bytes(2400, 1600, "JPEG", seed=3)
    noisy = Image.open(io.BytesIO(data))
    grain = Image.effect_noise(noisy.size, 80).convert("RGB")
    buffer = io.BytesIO()
    Image.blend(noisy, grain, 0.4).save(buffer, "JPEG", quality=95)
    made = renditions.render(io.BytesIO(buffer.getvalue()))
    for item in made:
        if item.kind in renditions.formats() and item.width <= renditions.PHONE_WIDTH:
            assert len(item.data) <= renditions.PHONE_BUDGET, (item.kind, item.width, len(item.data))


def test_transparent_png_is_flattened_on_white():
    image = Image.new("RGBA", (1300, 700), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    share = next(r for r in renditions.render(io.BytesIO(buffer.getvalue())) if r.kind == "share")
    assert Image.open(io.BytesIO(share.data)).getpixel((10, 10)) >= (250, 250, 250)


# ---------------------------------------------------------------- backup and restore


def _wipe():
    Article.objects.all().delete()
    from articles.models import Source, Tag

    Tag.objects.all().delete()
    Source.objects.all().delete()


def test_restore_keeps_image_words_and_never_a_broken_picture(client, pictured, tmp_path):
    path = tmp_path / "backup.json.gz"
    backup(path)
    image = pictured.lead_image
    made = [e[2] for k in ("avif", "webp", "jpeg") for e in image.renditions.get(k, [])]
    _wipe()
    # The media store lost the renditions but kept the original: they are drawn again.
    for name in made:
        default_storage.delete(name)
    services.restore(path)
    restored = LeadImage.objects.get(pk=pictured.pk)
    assert (restored.alt, restored.caption, restored.credit) == (image.alt, image.caption, image.credit)
    assert restored.ready and all(default_storage.exists(e[2]) for e in restored.renditions["jpeg"])
    assert "<picture>" in client.get(pictured.get_absolute_url()).content.decode()
    # Restored onto a machine without the media files at all: words kept, no picture shown.
    _wipe()
    default_storage.delete(image.file.name)
    for name in [e[2] for k in ("avif", "webp", "jpeg") for e in restored.renditions.get(k, [])]:
        default_storage.delete(name)
    services.restore(path)
    lost = LeadImage.objects.get(pk=pictured.pk)
    assert lost.alt == image.alt and not lost.ready
    response = client.get(pictured.get_absolute_url())
    assert response.status_code == 200 and "<picture>" not in response.content.decode()


def test_front_page_lead_picture_is_eager_and_section_pictures_lazy(client):
    from tests.factories import make_section

    politics = make_section("سياسة")
    from datetime import timedelta

    from django.utils import timezone

    older = make_article(
        "خبر القسم الأول", section=politics, published_at=timezone.now() - timedelta(hours=5)
    )
    older_image = add_lead_image(older, alt="صورة القسم", data=image_bytes(1300, 740, seed=4))
    lead = make_article("الخبر الأحدث", section=politics, published_at=timezone.now() - timedelta(minutes=5))
    lead = Article.objects.get(pk=lead.pk)
    add_lead_image(lead, alt="صورة الواجهة")
    html = client.get(reverse("articles:list")).content.decode()
    front = re.search(r'<div id="front".*?<div class="section-blocks">', html, re.S)[0]
    img = re.search(r'<div class="lead-story__picture"><picture>.*?(<img [^>]*>)', front, re.S)[1]
    assert 'fetchpriority="high"' in img and "loading=" not in img
    assert 'sizes="(min-width: 64rem) 31rem, calc(100vw - 2rem)"' in img
    blocks = html[html.index('<div class="section-blocks">') :]
    block_img = re.search(r'<div class="section-block__picture"><picture>.*?(<img [^>]*>)', blocks, re.S)[1]
    assert 'loading="lazy"' in block_img and "fetchpriority" not in block_img
    assert older_image.renditions["jpeg"][0][2] in block_img
    # One picture is fetched first on the page: the lead's.
    assert html.count('fetchpriority="high"') == 1


def test_prune_images_deletes_only_files_no_story_uses_after_the_grace(client, settings, tmp_path):
    from datetime import timedelta

    from django.core.management import call_command

    from articles.images import unused

    settings.MEDIA_ROOT = tmp_path  # this test's storage only
    kept, replaced = make_article("خبر تبقى صورته"), make_article("خبر تُستبدل صورته")
    add_lead_image(kept, alt="باقية")
    first = add_lead_image(replaced, alt="الأولى")
    old = [first.file.name, first.renditions["share"][2], *(e[2] for e in first.renditions["jpeg"])]
    second = add_lead_image(replaced, alt="الثانية", data=image_bytes(1400, 800, seed=2), name="b.png")
    assert second.ready and second.file.name != first.file.name
    in_use = unused.names_in_use()
    assert all(default_storage.exists(name) for name in old)

    assert unused.prune() == []  # written just now: within the grace, a cached page may name them
    gone = unused.unused_files(timedelta(0))
    assert set(old) <= set(gone) and not set(gone) & in_use
    call_command("prune_images", "--grace-hours", "0")
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in in_use)
    assert unused.unused_files(timedelta(0)) == []
    for story in (kept, replaced):
        html = client.get(story.get_absolute_url()).content.decode()
        assert "<picture>" in html


@pytest.mark.django_db(transaction=True)
def test_the_worker_deletes_unused_image_files_soon_after_it_starts(settings, tmp_path, monkeypatch):
    """The worker's watch thread prunes (run_worker._watch): a replaced picture's files go
    once past their grace, the story's current picture stays."""
    import os
    import threading
    import time

    from articles.management.commands import run_worker

    settings.MEDIA_ROOT = tmp_path
    story = make_article("خبر تُستبدل صورته")
    first = add_lead_image(story, alt="الأولى")
    second = add_lead_image(story, alt="الثانية", data=image_bytes(1400, 800, seed=3), name="c.png")
    day_ago = time.time() - 2 * 24 * 3600
    for path in tmp_path.rglob("*"):
        if path.is_file():
            os.utime(path, (day_ago, day_ago))
    monkeypatch.setattr(run_worker, "WATCH_SECONDS", 0.05)
    stop = threading.Event()
    watcher = threading.Thread(target=run_worker._watch, args=(stop,), daemon=True)
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while default_storage.exists(first.file.name) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(5)
    assert not default_storage.exists(first.file.name)
    assert default_storage.exists(second.file.name)
