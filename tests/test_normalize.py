"""The one Arabic rulebook (PRODUCT §5): normalization, tokens, stems, variant patterns.

Stems are the search analysis's (articles/text/analysis.py): similar stories and the
importer's speaker roles use the same stemmer as search (no Snowball any more)."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.text.analysis import analyze
from articles.text.normalize import (
    clean_input,
    normalize,
    raw_words,
    space_glued_stops,
    strip_article,
    tokenize,
    variant_regex,
)


def stems(text):
    return [t.term for t in analyze(text)]


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("أستراليا", "استراليا"),
        ("إستراليا", "استراليا"),
        ("آسيا", "اسيا"),
        ("ٱلله", "الله"),
        ("الروسى", "الروسي"),
        ("الشمالية", "الشماليه"),
        ("تأهّل", "تاهل"),
        ("المنتخـــب", "المنتخب"),
        ("٢٠١٢", "2012"),
        ("۲۰۱۲", "2012"),
        ("قَالَ الرَّئِيسُ", "قال الرئيس"),
        ("بو\u200bتين\u202e", "بوتين"),
        ("ﻻ", "لا"),  # presentation form (NFKC)
        ("FIFA", "fifa"),
        ("كوريا   الشمالية", "كوريا الشماليه"),
    ],
)
def test_normalize_folds_spelling_variants(written, typed):
    assert normalize(written) == normalize(typed)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("والمنتخب", "منتخب"),
        ("بالمنتخب", "منتخب"),
        ("للمنتخب", "منتخب"),
        ("المنتخب", "منتخب"),
        ("منتخب", "منتخب"),
    ],
)
def test_stem_strips_prefixes_to_one_stem(word, expected):
    assert stems(word) == [expected]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("الروسي", "الروسى"),
        ("الشمالية", "الشماليه"),
        ("تأهّل", "تأهل"),
        ("أستراليا", "إستراليا"),
        ("الرئيس", "الرءيس"),
        ("مسؤول", "مسئول"),
        ("شركات", "شركة"),
        ("وَالمُنْتَخَبُ", "والمنتخب"),
    ],
)
def test_variants_share_a_stem(a, b):
    assert stems(a) == stems(b)


def test_latin_and_digits_are_not_stemmed():
    assert stems("2012") == ["2012"]
    assert tokenize("FIFA ٢٠٢٢") == ["fifa", "2022"]
    assert stems("FIFA ٢٠٢٢") == ["fifa", "2022"]


def test_strip_article_keeps_short_words():
    assert strip_article("والمنتخب") == "منتخب"
    assert strip_article("الم") == "الم"  # nothing left to be a word
    assert strip_article("المن", min_rest=1) == "من"


def test_raw_words_keep_vowel_marks_and_tatweel_inside_a_word():
    text = "تَأَهَّلَ المنتخـب، «وقال»"
    assert [text[a:b] for a, b in raw_words(text)] == ["تَأَهَّلَ", "المنتخـب", "وقال"]


@pytest.mark.parametrize(
    ("query", "stored"),
    [
        ("استراليا", "وزيرة خارجية أستراليا"),
        ("أستراليا", "زيارة إستراليا"),
        ("الشماليه", "كوريا الشمالية"),
        ("تأهل", "تأهّل المنتخـب"),
        ("المنتخب", "المنتخـــب الوطني"),
        ("2012", "أولمبياد ٢٠١٢"),
        ("الرئيس الروسي", "الرئيس   الروسى"),
    ],
)
def test_variant_regex_finds_stored_spellings(query, stored):
    assert re.search(variant_regex(query), stored)


def test_variant_regex_does_not_match_other_words():
    assert not re.search(variant_regex("استراليا"), "النمسا")
    assert variant_regex("") == ""


@given(st.text())
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(st.text())
def test_stems_do_not_depend_on_prior_normalization(text):
    assert stems(normalize(text)) == stems(text)


@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةىًٌٍَُِّْـ \u200b", max_size=40))
def test_variant_regex_matches_its_own_text(text):
    stored = clean_input(text)  # what the database holds: no zero-width characters
    assert re.search(variant_regex(text), " ".join(stored.split())) is not None


@pytest.mark.parametrize(
    ("text", "spaced"),
    [
        ("في الوقت المحدد.وفي السياق نفسه", "في الوقت المحدد. وفي السياق نفسه"),
        ("وأوضح د.ممدوح الثقيل", "وأوضح د. ممدوح الثقيل"),
        ("قال «نعم».وأضاف", "قال «نعم». وأضاف"),
        ("نحو 3.8 مليون برميل", "نحو 3.8 مليون برميل"),
        ("هيئة الإذاعة البريطانية (بي.بي.سي) أمس", "هيئة الإذاعة البريطانية (بي.بي.سي) أمس"),
        ("الموقع www.spa.gov.sa والبريد ص.ب 123", "الموقع www.spa.gov.sa والبريد ص.ب 123"),
    ],
)
def test_a_full_stop_glued_to_the_next_sentence_gets_its_space(text, spaced):
    assert space_glued_stops(text) == spaced
