"""Writing a parse to the database (issue: persistence): one transaction per file, idempotent."""

import codecs

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.importer.decode import decode_bytes
from articles.importer.parsed import ParsedTag
from articles.importer.persist import CREATED, UNCHANGED, Importer, fingerprint
from articles.models import Article, ArticleTag, PendingRefresh, Quote, RelatedLink, Source, Tag
from articles.search import search_ids
from tests.factories import make_article, make_tag

pytestmark = pytest.mark.django_db

RAW = """\
قمة تجمع وزراء الطاقة العرب في الرياض

افتتح وزراء الطاقة العرب، صباح الاثنين، اجتماعهم السنوي في الرياض لبحث أمن الإمدادات.

وقال وزير الطاقة السعودي عبد العزيز الفهد إن المنطقة "ستبقى موردا موثوقا للطاقة في العالم"، \
مضيفا أن الاستثمارات "ستتضاعف خلال العقد المقبل في الطاقة النظيفة".

وأضاف الفهد:

• سنطلق صندوقا مشتركا لمشروعات الهيدروجين الأخضر.
• الربط الكهربائي العربي سيكتمل قبل عام 2030.

المصدر: وكالة الأنباء السعودية

كلمات دلالية: الطاقة النظيفة أستراليا الطاقة النظيفة النفط الطاقة النظيفة

اقرأ أيضا:

أسعار النفط تتراجع مع ارتفاع المخزونات الأميركية

تراجعت أسعار النفط في تعاملات الثلاثاء بعد بيانات أظهرت ارتفاع المخزونات الأميركية.

منتدى الطاقة العالمي .. وزراء يبحثون مستقبل الغاز في آسيا الصين ترفع وارداتها من الغاز المسال بنسبة قياسية

وقال محللون إن الطلب الآسيوي قد يعوض جزءا من التراجع.

مقالات مشابهة

• الإمارات تطلق أكبر محطة للطاقة الشمسية في العالم
• أسعار النفط تتراجع مع ارتفاع المخزونات الاميركية
"""


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, ArticleTag, Quote, RelatedLink, Source, Tag)
    }


def import_text(text, importer=None):
    importer = importer or Importer()
    return importer.save(importer.parse(text))


def test_a_file_becomes_articles_quotes_tags_source_and_links():
    outcome = import_text(RAW)
    assert outcome.status == CREATED
    assert outcome.created == 2
    main, second = (Article.objects.get(pk=pk) for pk in outcome.article_ids)

    assert main.headline == "قمة تجمع وزراء الطاقة العرب في الرياض"
    assert main.needs_review is False
    assert main.status == Article.Status.PUBLISHED
    assert main.fingerprint == fingerprint(RAW)
    assert main.paragraphs[0].startswith("افتتح وزراء الطاقة العرب")
    assert main.paragraphs[-1] == "وأضاف الفهد:"
    assert main.source.name == "وكالة الأنباء السعودية"
    assert second.source == main.source

    tags = {link.tag.name: link.weight for link in main.tag_links.select_related("tag")}
    assert tags == {"الطاقة النظيفة": 3, "أستراليا": 1, "النفط": 1}

    quotes = list(main.quotes.all())
    assert [(q.order, q.kind) for q in quotes] == [(0, "inline"), (1, "inline"), (2, "block")]
    assert {q.speaker_name for q in quotes} == {"عبد العزيز الفهد"}
    assert quotes[0].speaker_role == "وزير الطاقة السعودي"
    assert quotes[0].speaker_slug == "عبد-العزيز-الفهد"
    assert (
        quotes[2].text
        == "سنطلق صندوقا مشتركا لمشروعات الهيدروجين الأخضر.\nالربط الكهربائي العربي سيكتمل قبل عام 2030."
    )
    assert quotes[2].position == len(main.paragraphs)

    links = list(main.related_links.all())
    assert [(link.order, link.kind, link.target_id) for link in links] == [
        (0, "read_also", second.pk),
        (1, "similar", None),
        (2, "similar", second.pk),  # "الاميركية" matches "الأميركية" after normalization
    ]
    assert second.headline == "أسعار النفط تتراجع مع ارتفاع المخزونات الأميركية"
    assert len(second.paragraphs) == 2
    assert [(link.kind, link.title) for link in second.related_links.all()] == [
        ("inline", "منتدى الطاقة العالمي .. وزراء يبحثون مستقبل الغاز في آسيا"),
        ("inline", "الصين ترفع وارداتها من الغاز المسال بنسبة قياسية"),
    ]


def test_derived_headline_is_flagged_for_review():
    outcome = import_text("أعلنت الشركة أرباحا قياسية في الربع الثالث.\n\nوارتفع السهم بنسبة خمسة بالمئة.")
    article = Article.objects.get(pk=outcome.article_ids[0])
    assert article.needs_review is True
    assert article.headline == "أعلنت الشركة أرباحا قياسية في الربع الثالث"


def test_tags_are_matched_on_their_normalized_key():
    existing = make_tag("استراليا")
    import_text(RAW)
    assert Tag.objects.filter(key=existing.key).count() == 1
    assert ArticleTag.objects.get(tag=existing).weight == 1


def test_similar_headline_links_to_an_existing_article_after_normalization():
    existing = make_article("الإمارات تطلق أكبر محطة للطاقة الشمسية في العالم")
    outcome = import_text(RAW)
    link = RelatedLink.objects.get(article_id=outcome.article_ids[0], order=1)
    assert link.target == existing


def test_read_also_story_already_on_the_site_is_linked_not_duplicated():
    existing = make_article("أسعار النفط تتراجع مع ارتفاع المخزونات الاميركية")
    outcome = import_text(RAW)
    assert outcome.created == 1
    assert outcome.article_ids[1] == existing.pk
    assert Article.objects.filter(headline__startswith="أسعار النفط تتراجع").count() == 1
    read_also = RelatedLink.objects.get(article_id=outcome.article_ids[0], kind="read_also")
    assert read_also.target == existing


def test_importing_the_same_text_twice_changes_nothing():
    importer = Importer()
    import_text(RAW, importer)
    before = counts()
    again = import_text(RAW, importer)
    assert again.status == UNCHANGED
    assert counts() == before
    # A fresh run, another encoding and Windows line endings: still the same text.
    crlf_utf16 = decode_bytes(RAW.replace("\n", "\r\n").encode("utf-16"))
    assert import_text(crlf_utf16).status == UNCHANGED
    assert counts() == before


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b" \n \n",
        b"PK\x03\x04\x00\x00binary",
        "كلمات دلالية: بوتين روسيا".encode(),
        "نص مقطوع".encode()[:-1],
    ],
    ids=["empty", "blank", "binary", "keywords-only", "truncated-utf8"],
)
def test_bad_files_leave_the_database_unchanged(data):
    make_article("خبر موجود")
    before = counts()
    importer = Importer()
    try:
        result = importer.parse(decode_bytes(data))
    except Exception as problem:
        assert getattr(problem, "message", "")  # an ImportProblem with a message
    else:
        assert result.error is not None
        assert importer.save(result).status == "failed"
    assert counts() == before


def test_an_exception_in_the_middle_of_a_file_leaves_nothing_of_it():
    importer = Importer()
    result = importer.parse(RAW)
    # A weight of 0 breaks a database constraint after the articles, the source and the
    # new tags were written: the whole file must roll back.
    result.articles[0].tags.append(ParsedTag(name="وسم معطوب", weight=0))
    before = counts()
    with pytest.raises(IntegrityError):
        importer.save(result)
    assert counts() == before
    # The run's caches forgot the rolled-back source and tags: the next file imports cleanly.
    outcome = importer.save(importer.parse(RAW))
    assert outcome.status == CREATED
    assert Source.objects.filter(name="وكالة الأنباء السعودية").count() == 1
    assert Article.objects.get(pk=outcome.article_ids[0]).source.name == "وكالة الأنباء السعودية"


def test_an_imported_file_is_refreshed_once_its_tags_quotes_and_links_exist():
    outcome = import_text(RAW)
    article = Article.objects.get(pk=outcome.article_ids[0])
    assert article.quotes.count() == 3
    assert PendingRefresh.objects.count() == 0  # the (immediate) worker did the refresh
    assert search_ids(article.headline.split()[0] + " ") == [article.pk]


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16", "utf-8-sig"])
def test_encoded_files_import_as_arabic(encoding):
    text = "خبر بترميز آخر\n\nهذا نص الخبر باللغة العربية.\n\nالمصدر: وكالة الأنباء"
    outcome = import_text(decode_bytes(text.encode(encoding)))
    article = Article.objects.get(pk=outcome.article_ids[0])
    assert article.headline == "خبر بترميز آخر"
    assert article.source.name == "وكالة الأنباء"


def test_utf16_big_endian_with_bom():
    data = codecs.BOM_UTF16_BE + "عنوان\n\nنص الخبر هنا.".encode("utf-16-be")
    assert Article.objects.get(pk=import_text(decode_bytes(data)).article_ids[0]).headline == "عنوان"


def test_queries_per_file_do_not_grow_with_tags_quotes_and_links():
    """Tags, quotes and links are bulk-created, so a file costs the same queries at any size."""
    importer = Importer()
    import_text(RAW, importer)  # warm: the source and tags exist and are cached

    def queries_for(text):
        result = importer.parse(text)
        with CaptureQueriesContext(connection) as captured:
            assert importer.save(result).status == CREATED
        return len(result.articles[0].related), len(captured)

    small_links, small = queries_for(RAW.replace("السنوي", "السنوي الأول"))
    many_links, many = queries_for(
        RAW.replace("السنوي", "السنوي الثاني")
        .replace("النفط الطاقة النظيفة", "النفط الطاقة النظيفة النفط أستراليا النفط")
        .replace("• الربط", "• سنبني مصانع جديدة.\n• سندرب عشرة آلاف مهندس.\n• الربط")
        + "".join(f"• عنوان مشابه رقم {n} في القائمة\n" for n in range(30))
    )
    assert (small_links, many_links) == (3, 33)
    assert many == small


# ---------------------------------------------------------------- a chunk of files in one write

LINKED = """\
النصر يعلن إصابة مدافعه

أعلن نادي النصر إصابة مدافعه الأول في تمرين الأمس، وسيغيب عن المباراة المقبلة.
"""

LINKING = """\
الهلال يفوز على النصر

فاز الهلال على النصر بهدفين في مباراة قوية أمام جمهوره.

مقالات مشابهة

• النصر يعلن إصابة مدافعه
"""


def test_staged_files_are_written_by_one_flush_and_see_each_other():
    """The import command stages a chunk's files and writes them together: a later file
    links to an earlier one's story and a repeated text is unchanged, as when each file
    was saved on its own."""
    importer = Importer()
    first = importer.stage(importer.parse(LINKED))
    second = importer.stage(importer.parse(LINKING))
    again = importer.stage(importer.parse(LINKED))
    assert Article.objects.count() == 0  # nothing written before the flush
    with CaptureQueriesContext(connection) as captured:
        importer.flush()
    assert [first.status, second.status, again.status] == [CREATED, CREATED, UNCHANGED]
    assert again.article_ids == first.article_ids
    link = RelatedLink.objects.get(article_id=second.article_ids[0])
    assert link.target_id == first.article_ids[0]
    assert PendingRefresh.objects.count() == 0  # one refresh for both, done by the (immediate) worker
    assert sum('INSERT INTO "articles_article"' in q["sql"] for q in captured) == 1
    # The caches hold ids again: a later file sees the written stories.
    assert import_text(LINKED, importer).status == UNCHANGED


def test_a_failed_flush_is_discarded_and_the_files_can_be_saved_one_by_one():
    importer = Importer()
    good = importer.parse(LINKED)
    bad = importer.parse(RAW)
    bad.articles[0].tags.append(ParsedTag(name="وسم معطوب", weight=0))  # breaks a constraint at the write
    before = counts()
    with pytest.raises(IntegrityError), transaction.atomic():  # the command's chunk savepoint
        importer.stage(good)
        importer.stage(bad)  # its new tags and source are written now, rolled back with the chunk
        importer.flush()
    importer.discard()
    assert counts() == before
    # What the command does next: file by file, so that the bad one fails alone.
    assert importer.save(good).status == CREATED
    with pytest.raises(IntegrityError):
        importer.save(bad)
    assert Article.objects.count() == 1
    assert not Tag.objects.filter(name="وسم معطوب").exists()
    assert import_text(RAW, importer).status == CREATED  # the caches forgot the rolled-back file
