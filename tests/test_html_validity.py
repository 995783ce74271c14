"""The Nu Html Checker (vnu, the W3C validator) finds no error on any reader page or HTMX partial.

One run of the checker over every document (Java starts once: ≈4 s, not ≈4 s per page).
The jar comes from the npm package vnu-jar (package.json, `npm ci`); Java is the machine's.
Partials are checked as the body of a minimal document: what htmx swaps in must be valid
where it lands (a leading <title> is the document title htmx takes from the response).
"""

import json
import os
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.related import update_similar
from tests.factories import (
    add_lead_image,
    add_link,
    add_quote,
    make_article,
    make_section,
    make_source,
    make_tag,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renditions_drawn_once")]

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HX = {"HTTP_HX_REQUEST": "true"}
HX_FROM_FORM = {**HX, "HTTP_HX_TRIGGER": "filter-form"}


def _checker_missing_reason():
    missing = []
    if not VNU.exists():
        missing.append(f"{VNU} (run `npm ci`)")
    if not shutil.which("java"):
        missing.append("java (Debian: openjdk-17-jre-headless)")
    if not missing:
        return None
    if os.environ.get("CI"):
        pytest.fail("the HTML validator needs " + ", ".join(missing))
    return "the HTML validator needs " + ", ".join(missing)


def as_document(partial: str) -> str:
    head = "" if partial.lstrip().startswith("<title>") else "<title>partial</title>"
    return f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">{head}{partial}</html>'


def validate(documents: dict[str, str]) -> dict[str, list[str]]:
    """{name: [error, …]} for every document with an error; one checker run for all."""
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for i, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{i:03d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        run = subprocess.run(
            ["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--exit-zero-always", "--stdout",
             *[str(Path(folder) / f"{i:03d}.html") for i in range(len(documents))]],
            capture_output=True, text=True, timeout=300, check=True,
        )  # fmt: skip
    errors = {}
    for message in json.loads(run.stdout)["messages"]:
        name = names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url"))
        where = f"line {message.get('lastLine')}: " if message.get("lastLine") else ""
        errors.setdefault(name, []).append(where + message["message"] + f" — {message.get('extract', '')!r}")
    return errors


@pytest.fixture
def corpus():
    now = timezone.now()
    sky = make_source("سكاي نيوز عربية")
    bbc = make_source("BBC عربي")
    korea = make_tag("كوريا الشمالية")
    sport = make_tag("رياضة")
    world = make_section("العالم", order=1, description="أخبار الدول والحكومات.")
    sports = make_section("رياضة", order=2)
    target = make_article(
        "وزيرة خارجية أستراليا: الاتفاق الدفاعي يزعزع الاستقرار", source=bbc, tags=[korea], section=world
    )
    story = make_article(
        "بوتين وكيم يتبادلان البنادق في قمة Vladivostok",
        dek="هدايا متبادلة في ختام القمة.",
        body="الفقرة الأولى عن القمة في موسكو.\n\nالفقرة الثانية.\n\nالفقرة الثالثة مع iPhone 16.",
        source=sky,
        tags=[korea, sport],
        section=world,
        published_at=now - timedelta(minutes=30),
    )
    add_quote(story, "أعطى كيم بندقية من إنتاجنا", "دميتري بيسكوف", "الناطق باسم الكرملين")
    add_quote(story, "سنخوض المعركة إلى جانب روسيا", "كيم جونغ أون", kind="block", position=1)
    add_link(story, target.headline, kind="read_also", target=target)
    add_link(story, "كواليس المفاوضات السرية بين موسكو والغرب", kind="similar")
    add_link(story, "تقرير خارجي", kind="similar", url="https://example.org/report")
    add_link(story, "عنوان داخل النص", kind="inline")
    for i in range(24):
        make_article(
            f"مباراة حاسمة رقم {i}",
            tags=[sport],
            source=sky,
            section=sports,
            published_at=now - timedelta(days=1, hours=i),
        )
    from articles.models import Author

    author = Author.objects.create(name="صالح عسكول")
    story.author = author
    story.save()
    update_similar([story.pk])
    # A live-coverage story with updates (one with a quote).
    from articles.models import LiveUpdate

    live = make_article(
        "تغطية مباشرة: قمة Vladivostok", is_live=True, section=world, published_at=now - timedelta(hours=3)
    )
    for text, quote in (("بدء القمة.", ""), ("كيم يصل إلى القاعة.", "سنوقّع اليوم")):
        update = LiveUpdate(article=live, text=text, quote=quote, quote_by="مصدر في الوفد" if quote else "")
        services_live = __import__("articles.services", fromlist=["save_story"])
        services_live.save_story(live, write_parts=update.save)
    # «عاجل» on every page, linking a story.
    from articles import services
    from articles.models import BreakingNews

    services.save_breaking(BreakingNews(text="عاجل: انفجار قرب مطار Vladivostok", article=story))
    # «الأكثر قراءة» on the front and story pages.
    from articles import reads

    for read in (story, target, story):
        reads._increment(read.pk, reads.hour_of(now))
    # A lead image (its <picture> on the story page, a thumbnail on the list cards).
    add_lead_image(
        story, alt="بوتين وكيم في Vladivostok", caption="لقاء القمة «الثاني»", credit="Reuters / AFP"
    )
    return {
        "author": author,
        "story": story,
        "korea": korea,
        "sky": sky,
        "bbc": bbc,
        "target": target,
        "sports": sports,
        "live": live,
    }


def test_every_reader_page_and_partial_is_valid_html(client, corpus):
    reason = _checker_missing_reason()
    if reason:
        pytest.skip(reason)
    story, korea, sky = corpus["story"], corpus["korea"], corpus["sky"]
    pages = {
        "home": ("/", {}),
        "home page 2": ("/?page=2", {}),
        "search": ("/?q=مباراة", {}),
        "search, nothing found": ("/?q=لاشيءيطابق&tag=" + korea.slug, {}),
        "search, did you mean": ("/?q=مباراة حاصمة", {}),
        "filters": (f"/?tag={korea.slug}&source={sky.slug}&range=week", {}),
        "tag page": (korea.get_absolute_url(), {}),
        "source page": (corpus["bbc"].get_absolute_url(), {}),
        "section page": (corpus["sports"].get_absolute_url(), {}),
        "live story": (corpus["live"].get_absolute_url(), {}),
        "partial: live notice": (f"/news/{corpus['live'].pk}/live/?after=0", HX),
        "partial: live notice, nothing new": (
            f"/news/{corpus['live'].pk}/live/?after={corpus['live'].live_updates.order_by('-pk').first().pk}",
            HX,
        ),
        "section page 2": (corpus["sports"].get_absolute_url() + "?page=2", {}),
        "story": (story.get_absolute_url(), {}),
        "story without an image": (corpus["target"].get_absolute_url(), {}),
        "author": (corpus["author"].get_absolute_url(), {}),
        "speaker": ("/speaker/" + story.quotes.first().speaker_slug + "/", {}),
        "404": ("/no-such-page/", {}),
        "partial: list": ("/", HX),
        "partial: list page 2": ("/?page=2", HX),
        "partial: tag page": (korea.get_absolute_url(), HX),
        "partial: section page": (corpus["sports"].get_absolute_url(), HX),
        "partial: section filtered from the form": (
            f"/?section={corpus['sports'].slug}&q=مباراة",
            HX_FROM_FORM,
        ),
        "partial: live search": ("/?q=مباراة", HX_FROM_FORM),
        "partial: search, nothing found": ("/?q=لاشيءيطابق", HX_FROM_FORM),
        "partial: search, did you mean": ("/?q=مباراة حاصمة", HX_FROM_FORM),
    }
    documents = {}
    for name, (url, headers) in pages.items():
        response = client.get(url, **headers)
        assert response.status_code in (200, 404), (name, response.status_code)
        html = response.content.decode()
        documents[name] = as_document(html) if name.startswith("partial") else html
    assert "هل تقصد" in documents["search, did you mean"]  # the line itself is checked
    assert "هل تقصد" in documents["partial: search, did you mean"]
    assert validate(documents) == {}


def test_every_story_imported_from_the_real_pages_is_valid_html(client):
    """Other people's pages (../shared/corpus/real, read in place) through the importer:
    each story page they make — quotes box, byline, dateline, «اقرأ أيضا» — is valid."""
    from django.core.management import CommandError, call_command

    from articles import services
    from articles.models import Article
    from tests.golden.real_pages import CORPUS

    reason = _checker_missing_reason()
    if reason:
        pytest.skip(reason)
    if not CORPUS.is_dir():
        pytest.skip(f"the real corpus {CORPUS} is absent (it lives beside the repo in ../shared)")
    try:
        call_command("import_articles", str(CORPUS), "--status", "published", no_progress=True, verbosity=0)
    except CommandError:
        pass  # the corpus holds pages that are not stories, on purpose: refused, the rest imported
    # Stories whose speakers were guessed land as drafts for review: an editor publishes them.
    services.publish(Article.objects.values_list("pk", flat=True))
    stories = list(Article.objects.published())
    assert len(stories) >= 30
    documents = {}
    for story in stories:
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200, story.headline
        documents[f"{story.pk}: {story.headline[:40]}"] = response.content.decode()
    assert sum('id="key-quotes-title"' in html for html in documents.values()) >= 10  # quotes boxes too
    assert validate(documents) == {}


def test_the_checker_reports_errors(client):
    """The test above cannot pass by accident: the same run flags what the issue found."""
    reason = _checker_missing_reason()
    if reason:
        pytest.skip(reason)
    bad = as_document('<p hx-get="/"><time datetime="2026-11-25T14:05:09.123456+03:00">x</time></p>')
    errors = validate({"bad": bad, "good": as_document("<p>سليم</p>")})
    assert list(errors) == ["bad"] and len(errors["bad"]) == 2, errors
