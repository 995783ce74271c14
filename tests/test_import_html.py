"""HTML input, article anatomy and trust (issue 10, items 1, 2, 5): our own small pages."""

import json

import pytest

from articles.importer import parsed as p
from articles.importer.parse import parse
from articles.importer.persist import CREATED, Importer
from articles.models import Article

PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>وزير الطاقة يفتتح محطة الرياح الجديدة - موقع الخبر اليومي</title>
<meta property="og:title" content="وزير الطاقة يفتتح محطة الرياح الجديدة">
<meta property="og:site_name" content="الخبر اليومي">
<meta property="article:published_time" content="2024-03-05T10:30:00+03:00">
<meta property="article:section" content="اقتصاد">
<meta name="keywords" content="الطاقة, الرياح, الكهرباء">
<meta name="author" content="سارة الأحمد">
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/s">سياسة</a></li>
<li><a href="/e">اقتصاد</a></li></ul></nav>
<article>
<h1>وزير الطاقة يفتتح محطة الرياح الجديدة</h1>
<p>افتتح وزير الطاقة صباح اليوم محطة جديدة لتوليد الكهرباء من الرياح في شمال البلاد، بطاقة
تكفي مئة ألف منزل، في خطوة قال إنها &quot;بداية مرحلة جديدة&quot; لقطاع الكهرباء.</p>
<p>وأوضح الوزير أن المحطة بنيت خلال عامين بتمويل مشترك بين الحكومة والقطاع الخاص، وأنها تضم
أربعين توربينا تعمل بأحدث التقنيات المتاحة في هذا المجال.</p>
<h2>خطة للتوسع</h2>
<p>وأضاف أن الوزارة تعد خطة لبناء ثلاث محطات أخرى خلال السنوات الخمس المقبلة، مشيرا إلى أن
الهدف هو أن تغطي الطاقة المتجددة ثلث حاجة البلاد من الكهرباء بحلول نهاية العقد.</p>
<p>وأشار إلى أن المشروع وفر أكثر من ألف فرصة عمل لأبناء المنطقة خلال مرحلة البناء.</p>
</article>
<footer><p>جميع الحقوق محفوظة © 2024 الخبر اليومي</p></footer>
</body></html>"""

SECTION_PAGE = (
    "<!DOCTYPE html><html><head><title>أخبار الاقتصاد</title></head><body><h1>أخبار الاقتصاد</h1><ul>"
    + "".join(
        f'<li><a href="/n/{i}">عنوان خبر رقم {i} عن الاقتصاد</a> <span>منذ ساعة</span></li>'
        for i in range(30)
    )
    + "</ul></body></html>"
)


def one(text):
    result = parse(text)
    assert result.error is None, result.error
    return result.articles[0]


def test_a_saved_page_gives_the_story_and_its_metadata_without_markup():
    article = one(PAGE)
    assert article.title == "وزير الطاقة يفتتح محطة الرياح الجديدة"
    assert article.byline == "سارة الأحمد"
    assert article.published == "2024-03-05T10:30:00+03:00"
    assert article.section == "اقتصاد"
    assert [t.name for t in article.tags] == ["الطاقة", "الرياح", "الكهرباء"]
    assert article.body[0].startswith("افتتح وزير الطاقة")
    assert '"بداية مرحلة جديدة"' in article.body[0]  # the entity decoded
    assert ("crosshead", "خطة للتوسع") in list(zip(article.kinds, article.body, strict=True))
    text = " ".join(article.body)
    for never in ("<", "&quot;", "الرئيسية", "جميع الحقوق محفوظة"):
        assert never not in text
    # An extraction is a guess: the story waits for an editor.
    assert article.needs_review
    assert any(w.code == p.HTML_EXTRACTED for w in article.warnings)


def test_a_section_page_is_refused_with_a_clear_message():
    result = parse(SECTION_PAGE)
    assert result.articles == []
    assert result.error.code == "no_article"
    assert "HTML" in result.error.message


def test_an_html_fragment_pasted_as_text_is_read_as_html():
    fragment = (
        '<p dir="RTL">أعلنت وزارة الصحة تسجيل حالات جديدة، وقالت إن الوضع &quot;تحت السيطرة&quot;.</p>\n'
        '<p dir="RTL">وأضافت الوزارة أن الفرق الطبية تعمل على مدار الساعة في كل المحافظات.</p>'
    )
    article = one(fragment)
    assert article.body[0].startswith("أعلنت وزارة الصحة")
    assert all("<" not in b and "&quot;" not in b for b in article.body)
    assert article.needs_review  # derived headline, extracted markup


def test_credit_lines_become_byline_and_dateline_and_leave_the_body():
    article = one("عنوان الخبر هنا\n\nالقاهرة - أحمد الريدي\n\nقال مسؤول إن المشروع سينجز قبل نهاية العام.")
    assert (article.byline, article.dateline) == ("أحمد الريدي", "القاهرة")
    assert article.body == ["قال مسؤول إن المشروع سينجز قبل نهاية العام."]
    article = one("عنوان الخبر هنا\n\nواشنطن (CNN)-- قال مسؤول إن المشروع سينجز قبل نهاية العام.")
    assert article.dateline == "واشنطن (CNN)"
    assert article.body == ["قال مسؤول إن المشروع سينجز قبل نهاية العام."]


def test_a_box_in_mid_story_never_splits_the_story():
    text = (
        "عنوان الخبر الرئيسي\n\nالفقرة الأولى من الخبر تقول شيئا مهما.\n\nاقرأ أيضاً:\n\n"
        "عنوان أول لخبر آخر\n\nماذا تعرف عن الموضوع؟\n\nوالفقرة الثانية من الخبر تكمل القصة.\n\n"
        "قد يهمك: عنوان ثالث مرتبط"
    )
    result = parse(text)
    [article] = result.articles
    assert article.body == ["الفقرة الأولى من الخبر تقول شيئا مهما.", "والفقرة الثانية من الخبر تكمل القصة."]
    assert sorted(link.title for link in article.related) == sorted(
        ["عنوان ثالث مرتبط", "عنوان أول لخبر آخر", "ماذا تعرف عن الموضوع؟"]
    )
    assert {link.kind for link in article.related} == {"read_also"}


def test_furniture_is_removed_and_listed():
    text = (
        "عنوان الخبر\n\nنص الفقرة الأولى من الخبر وهو نص طويل بما يكفي.\n\n"
        "رئيس الوزراء يتحدث للصحفيين (رويترز)\n\n"
        "هذا نص تغريدة pic.twitter.com/abc123 — حساب (@handle) 10 أغسطس 2024\n\n"
        "ونص الفقرة الثانية من الخبر.\n\nاليوم 13:00\n\nتصفح المزيد\n\nجميع الحقوق محفوظة"
    )
    article = one(text)
    assert article.body == ["نص الفقرة الأولى من الخبر وهو نص طويل بما يكفي.", "ونص الفقرة الثانية من الخبر."]
    assert dict(article.removed_summary()) == {
        "caption": 1,
        "tweet embed": 1,
        "timeline": 1,
        "more link": 1,
        "footer": 1,
    }


@pytest.mark.django_db
def test_a_guessed_story_waits_in_review_with_its_warnings_byline_and_crossheads(client):
    outcome = Importer(status=Article.Status.PUBLISHED).save(parse(PAGE))
    assert outcome.status == CREATED
    article = Article.objects.get(pk=outcome.article_ids[0])
    assert article.status == Article.Status.REVIEW and article.needs_review
    assert article.byline == "سارة الأحمد"
    assert article.published_at.isoformat().startswith("2024-03-05T07:30")
    codes = {row["code"] for row in article.import_warnings}
    assert p.HTML_EXTRACTED in codes
    assert ("crosshead", "خطة للتوسع") in article.blocks
    assert "## خطة للتوسع" in article.body

    # The story page shows the crosshead as a heading and the byline; JSON-LD credits the author.
    article.status = Article.Status.PUBLISHED
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<h2 class="story__crosshead">' in page and "خطة للتوسع" in page
    assert "## " not in page
    assert "سارة الأحمد" in page
    ld = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(ld)["author"] == [{"@type": "Person", "name": "سارة الأحمد"}]


@pytest.mark.django_db
def test_the_change_form_shows_the_import_warnings(admin_client):
    outcome = Importer().save(parse(PAGE))
    response = admin_client.get(f"/admin/articles/article/{outcome.article_ids[0]}/change/")
    assert response.status_code == 200
    assert "استُخرج النص من صفحة HTML" in response.content.decode()


def _page_with(head: str, title: str = "وزير الطاقة يفتتح محطة الرياح الجديدة") -> str:
    """PAGE with another <title> and other metadata in place of its site name and keywords."""
    start, end = PAGE.index("<title>"), PAGE.index('<meta property="article:published_time"')
    return PAGE[:start] + f"<title>{title}</title>\n{head}\n" + PAGE[end:]


@pytest.mark.parametrize(
    ("head", "title", "source"),
    [
        # A handle in the metadata, the site's name in the page title.
        (
            '<meta name="twitter:site" content="@daily_news_ar">',
            "وزير الطاقة يفتتح محطة الرياح الجديدة - Daily News Arabia",
            "Daily News Arabia",
        ),
        # A handle as og:site_name, the publisher named in Arabic beside it.
        (
            '<meta property="og:site_name" content="alkhabar">\n'
            '<meta itemprop="publisher" content="صحيفة الخبر اليومي">',
            "وزير الطاقة يفتتح محطة الرياح الجديدة",
            "صحيفة الخبر اليومي",
        ),
        # Nothing but a handle: made readable, without its language tag.
        ('<meta property="og:site_name" content="Daily_News_Ar">', "وزير الطاقة يفتتح محطة", "Daily News"),
    ],
    ids=["title", "publisher", "handle-only"],
)
def test_a_site_handle_is_never_the_source(head, title, source):
    assert one(_page_with(head, title)).source == source


def test_garbled_metadata_keywords_are_checked_against_the_story():
    keywords = "الطاقة, محطة ا, وزير ال طاقة, توربين ب, الخبر اليومي, الرياح"
    head = (
        '<meta property="og:site_name" content="موقع الخبر اليومي">\n'
        f'<meta name="keywords" content="{keywords}">'
    )
    tags = [t.name for t in one(_page_with(head)).tags]
    # Cut words ("محطة ا", "توربين ب", a bare "ال") the story does not print are garbage;
    # the site's own name is not a topic; whole keywords stay as the page spells them.
    assert tags == ["الطاقة", "الرياح"]


def test_a_mangled_keyword_the_story_prints_is_spelled_as_printed():
    head = '<meta name="keywords" content="الطاقة, عائلة ال سعيد">'
    page = _page_with(head).replace("في شمال البلاد", "في أرض عائلة آل سعيد", 1)
    assert [t.name for t in one(page).tags] == ["الطاقة", "عائلة آل سعيد"]
