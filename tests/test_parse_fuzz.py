"""Property tests: on any text the parser returns articles or an error, and never raises."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.importer.decode import decode_bytes
from articles.importer.errors import ImportProblem
from articles.importer.parse import parse

# Pieces of the raw format, so generated text reaches the parser's rules, not only its guards.
FRAGMENTS = [
    "المصدر: ",
    "كلمات دلالية: ",
    "الكلمات المفتاحية: كوريا الشمالية، روسيا",
    "وسوم:",
    "إقرأ أيضاً:",
    "اقرأ أيضا: ",
    "مقالات مشابهة",
    "أخبار ذات صلة",
    "• ",
    "- ",
    "وأضاف كيم:",
    "وأضافت الوزيرة:",
    "وقال الناطق باسم الكرملين دميتري بيسكوف بأن ",
    "مضيفا أن ",
    "وبحسب ",
    "، قال المدرب ",
    '"',
    "«",
    "»",
    "“",
    "”",
    ":",
    "،",
    ".",
    "..",
    "؟",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "عبد الله",
    "الرئيس",
    "زعيم",
    "\u200f",
    "\ufeff",
    "ـ",
]
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى" + "ًٌٍَُِّْ"
words = st.text(alphabet=ARABIC + string.digits, min_size=1, max_size=12)
raw_texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), words), max_size=80).map("".join)


def check(result):
    assert (result.error is None) == bool(result.articles)
    if result.error is not None:
        assert result.error.message
    for article in result.articles:
        assert article.title
        assert article.body
        for link in article.related:
            assert link.article_index is None or 0 <= link.article_index < len(result.articles)
        for quote in article.quotes:
            assert quote.kind in ("inline", "block")
            assert quote.text
    return result


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_texts)
def test_format_like_text_always_gives_articles_or_an_error(text):
    check(parse(text))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_unicode_text_always_gives_articles_or_an_error(text):
    check(parse(text, known_tags={"كوريا الشمالية"}, known_headlines={"عنوان"}))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_are_rejected_with_a_message(data):
    try:
        text = decode_bytes(data)
    except ImportProblem as problem:
        assert problem.message
    else:
        check(parse(text))
