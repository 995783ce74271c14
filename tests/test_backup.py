"""Backup and restore lose nothing: a round trip of the demo corpus gives back every row,
Arabic text byte for byte, and every relation (tag weights, quote order, link targets)."""

import gzip
import json
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleTag, Quote, RelatedLink, Source, Tag
from articles.search import search_ids
from tests.factories import add_link, make_article, make_editor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("renditions_drawn_once")]

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SHARED_SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "seed-article.txt"
MODELS = [Source, Tag, Article, ArticleTag, Quote, RelatedLink, get_user_model(), LogEntry]


def snapshot() -> dict:
    """Every row of every backed-up model, all columns, in primary-key order."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


@pytest.fixture
def demo_corpus(client):
    call_command("generate_demo", 40, seed=11, verbosity=0)
    paths = [str(p) for p in [CORPUS, SHARED_SEED] if p.exists()]
    if paths:
        call_command("import_articles", *paths, no_progress=True, verbosity=0)
    article = Article.objects.published().first()
    # Editor-made extras the generator does not make: a hand link to another story,
    # an edit in the admin (a LogEntry), Arabic with tashkeel, Latin and emoji.
    target = Article.objects.exclude(pk=article.pk).first()
    add_link(article, title="اقرأ أيضاً: عنوانٌ مُشكَّل", kind="manual", target=target, order=90)
    add_link(article, title="رابط خارجي", kind="manual", url="https://example.com/خبر?س=١", order=91)
    make_article("خبرٌ فيه «تشكيل» و Sky News و ١٢٣ و 📰", tags=["أستراليا"])
    editor = make_editor()
    client.force_login(editor)
    LogEntry.objects.log_actions(editor.pk, [article], 2, change_message="تعديل العنوان")
    assert Article.objects.count() >= 40 and ArticleTag.objects.exists() and Quote.objects.exists()
    return article


def _wipe():
    for model in [RelatedLink, Quote, ArticleTag, Article, Tag, Source, LogEntry, get_user_model()]:
        model.objects.all().delete()


def test_round_trip_loses_nothing(demo_corpus, tmp_path):
    before = snapshot()
    path = tmp_path / "newsroom.json.gz"
    call_command("backup", str(path), verbosity=0)
    _wipe()
    assert Article.objects.count() == 0
    call_command("restore", str(path), verbosity=0)
    after = snapshot()
    for name in before:
        assert after[name] == before[name], f"{name} differs after restore"


def test_arabic_text_is_byte_identical(demo_corpus, tmp_path):
    fields = ["headline", "dek", "body", "excerpt", "slug"]
    before = {a.pk: [getattr(a, f).encode("utf-8") for f in fields] for a in Article.objects.all()}
    quotes = {q.pk: (q.text.encode(), q.speaker_name.encode(), q.order) for q in Quote.objects.all()}
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path), verbosity=0)
    # The file itself is UTF-8 JSON with the Arabic as written, not \u escapes.
    raw = gzip.decompress(path.read_bytes())
    assert Article.objects.first().headline.encode("utf-8") in raw
    json.loads(raw)
    _wipe()
    call_command("restore", str(path), verbosity=0)
    assert {a.pk: [getattr(a, f).encode("utf-8") for f in fields] for a in Article.objects.all()} == before
    assert {q.pk: (q.text.encode(), q.speaker_name.encode(), q.order) for q in Quote.objects.all()} == quotes


def test_relations_survive(demo_corpus, tmp_path):
    article = demo_corpus
    tags = sorted((t.tag.name, t.weight) for t in article.tag_links.select_related("tag"))
    quotes = [(q.order, q.speaker_name, q.text) for q in article.quotes.all()]
    links = [(link.order, link.title, link.target_id, link.url) for link in article.related_links.all()]
    similar = Article.objects.get(pk=article.pk).similar_ids  # as the worker left it
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path), verbosity=0)
    _wipe()
    call_command("restore", str(path), verbosity=0)
    restored = Article.objects.get(pk=article.pk)
    assert sorted((t.tag.name, t.weight) for t in restored.tag_links.select_related("tag")) == tags
    assert [(q.order, q.speaker_name, q.text) for q in restored.quotes.all()] == quotes
    assert [
        (link.order, link.title, link.target_id, link.url) for link in restored.related_links.all()
    ] == links
    assert any(target for _, _, target, _ in links)
    assert restored.similar_ids == similar


def test_restored_site_works(demo_corpus, tmp_path, client):
    """Ids keep counting after the restored ones (PostgreSQL sequences), search is rebuilt,
    story URLs are the same, and editors can sign in with their old passwords."""
    article = demo_corpus
    url = article.get_absolute_url()
    word = article.headline.split()[0]
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path), verbosity=0)
    highest = Article.objects.order_by("-pk").first().pk
    _wipe()
    call_command("restore", str(path), verbosity=0)
    assert client.get(url).status_code == 200
    assert article.pk in search_ids(word)
    new = make_article("خبر جديد بعد الاستعادة")
    assert new.pk > highest
    assert client.login(username="editor", password="كلمة-سر-طويلة-123")


def test_restore_refuses_a_database_with_stories(demo_corpus, tmp_path):
    path = tmp_path / "b.json.gz"
    call_command("backup", str(path), verbosity=0)
    count = Article.objects.count()
    with pytest.raises(CommandError):
        call_command("restore", str(path), verbosity=0)
    assert Article.objects.count() == count
