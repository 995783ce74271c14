"""The raw-text parser (PRODUCT §4.1): the seed asserted field by field, then one small text per rule.

The parser is plain Python; these tests need no database.
"""

import codecs
import os
from pathlib import Path

import pytest

from articles.importer.decode import decode_bytes
from articles.importer.errors import ImportProblem
from articles.importer.headlines import split_run_together
from articles.importer.parse import parse
from articles.text.normalize import normalize

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "seed-article.txt"


def _seed_text() -> str:
    if not SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the golden seed {SEED} must exist in CI")
        pytest.skip(f"{SEED} is absent: ../shared/corpus exists beside the repository only in CI and dev")
    return decode_bytes(SEED.read_bytes())


@pytest.fixture(scope="module")
def seed():
    result = parse(_seed_text())
    assert result.error is None
    return result


def one(text: str, **kwargs):
    result = parse(text, **kwargs)
    assert result.error is None, result.error
    return result.articles[0]


# --- the golden seed --------------------------------------------------------------------------


def test_seed_gives_two_articles(seed):
    assert len(seed.articles) == 2


def test_seed_headline_is_derived_from_the_lead_at_a_word_boundary(seed):
    main = seed.articles[0]
    assert main.title_derived is True
    assert main.needs_review is True
    lead = main.body[0]
    stem = main.title.rstrip("…")
    assert lead.startswith(stem)
    assert lead[len(stem)] in " ،,."  # cut between words, never inside one
    assert len(main.title) <= 120
    assert main.title.startswith("أهدى كل من الرئيس الروسي")


def test_seed_body_is_the_five_paragraphs_and_maybe_the_statement_intro(seed):
    body = seed.articles[0].body
    assert body[0].startswith("أهدى كل من الرئيس الروسي")
    assert body[4].endswith("للدفاع عن مصالحها الأمنية.")
    assert body[1].startswith("وأفاد الناطق باسم الكرملين")
    assert body[5:] in ([], ["وأضاف كيم:"])
    text = "\n".join(body)
    for never in ("المصدر", "كلمات دلالية", "إقرأ أيضاً", "العلاقة مع روسيا ستشهد", "وزيرة خارجية أستراليا"):
        assert never not in text


def test_seed_source(seed):
    assert seed.articles[0].source == "سكاي نيوز عربية"


def test_seed_tags_keep_multi_word_tags_whole_with_repeats_as_weights(seed):
    tags = {t.name: t.weight for t in seed.articles[0].tags}
    assert tags["كوريا الشمالية"] == 3
    assert tags["روسيا"] == 3
    assert tags["ملفات"] == 3
    assert "بوتين" in tags
    assert "الفضاء" in tags
    assert "كوريا" not in tags
    assert "الشمالية" not in tags


def test_seed_quotes_with_speakers_and_roles(seed):
    quotes = seed.articles[0].quotes
    assert [q.kind for q in quotes] == ["inline", "inline", "inline", "block"]
    gift, glove, support, block = quotes
    assert gift.text.startswith("أعطى كيم بندقية")
    assert glove.text.startswith("قفازا يعد جزءا")
    for quote in (gift, glove):
        assert quote.speaker == "دميتري بيسكوف"
        assert quote.role == "الناطق باسم الكرملين"
    assert support.text == "دعمها الكامل غير المشروط"
    assert "كيم" in support.speaker
    assert support.role == "زعيم كوريا الشمالية"
    assert block.text.startswith("العلاقة مع روسيا ستشهد")
    assert block.text.endswith("بأعيننا.")
    assert "كيم" in block.speaker
    # The block sits after the paragraphs that come before it in the body.
    assert block.position == len(seed.articles[0].body)
    assert seed.articles[0].body[block.position - 1] in ("وأضاف كيم:", seed.articles[0].body[4])


def test_seed_quoted_place_is_not_a_quote(seed):
    texts = [q.text for a in seed.articles for q in a.quotes]
    assert "بانمونجوم" not in texts
    assert seed.articles[1].quotes == []


def test_seed_related_read_also_then_ten_similar_in_order(seed):
    main, second = seed.articles
    related = main.related
    assert related[0].kind == "read_also"
    assert related[0].article_index == 1
    assert related[0].title == second.title
    similar = [r for r in related if r.kind == "similar"]
    assert [r.title for r in similar] == [
        "كواليس المفاوضات السرية للصفقة الأهم بين موسكو والغرب",
        "كوريا الشمالية تتجنب المساعدات الدولية عقب فيضانات مدمرة",
        "بوتين يلتقي الرئيس الإندونيسي المنتخب",
        "كوريا الجنوبية تعرض تقديم مساعدات جارتها الشمالية بعد الفيضانات",
        "تقارير: مقتل المئات في كوريا الشمالية جراء الفيضانات",
        "بوتين: مستعدون لتطوير مشاريع الطاقة مع إندونيسيا",
        "كوريا الشمالية تتحرك بسرعة: علاج سمنة زعيمها كيم جونغ أون في المقدمة",
        "زعيم كوريا الشمالية يجهز ابنته لخلافته",
        "زعيم كوريا الشمالية يجهز ابنته لخلافته في الحكم",
        "وزيرة خارجية أستراليا: الاتفاق الدفاعي بين كوريا الشمالية وروسيا يزعزع الاستقرار",
    ]
    assert [r.article_index for r in similar] == [None] * 9 + [1]
    assert len(related) == 11


def test_seed_second_article(seed):
    second = seed.articles[1]
    assert second.title == "وزيرة خارجية أستراليا: الاتفاق الدفاعي بين كوريا الشمالية وروسيا يزعزع الاستقرار"
    assert second.title_derived is False
    assert len(second.body) == 7
    assert second.body[0].startswith("قالت وزيرة الخارجية الأسترالية بيني وانج")
    assert second.body[-1].endswith("في المناطق الحدودية.")
    assert not any("أولمبياد 2024" in p or "تفرض عقوبات" in p for p in second.body)


def test_seed_run_together_box_is_two_inline_headlines(seed):
    links = seed.articles[1].related
    assert [(r.kind, r.title) for r in links] == [
        ("inline", "أولمبياد 2024 .. لاعبة إستراليا تقتنص فوزًا صعبًا في السباحة الحرة"),
        ("inline", "أستراليا تفرض عقوبات على مستوطنين إسرائيليين في الضفة الغربية"),
    ]


# --- 1. headline ------------------------------------------------------------------------------

BODY = "قال مسؤول إن المشروع سينجز قبل نهاية العام.\n\nوأضاف أن التمويل متوفر بالكامل."


def test_short_first_line_without_sentence_end_is_the_headline():
    article = one("افتتاح جسر جديد في المدينة\n\n" + BODY)
    assert article.title == "افتتاح جسر جديد في المدينة"
    assert article.title_derived is False
    assert article.body[0].startswith("قال مسؤول")


def test_first_block_ending_a_sentence_is_body_and_the_headline_is_derived():
    article = one(BODY)
    assert article.title == "قال مسؤول إن المشروع سينجز قبل نهاية العام"
    assert article.title_derived is True
    assert article.needs_review is True
    assert len(article.body) == 2


def test_long_lead_is_cut_at_a_word_boundary_not_on_a_preposition():
    lead = (
        "أعلنت الحكومة اليوم عن خطة شاملة لتطوير شبكة النقل العام في العاصمة والمدن الكبرى "
        "خلال السنوات الخمس المقبلة بتكلفة تتجاوز مليار دولار وفق بيان رسمي."
    )
    article = one(lead + "\n\nوتشمل الخطة خطوط حافلات جديدة.")
    assert article.title.endswith("…")
    stem = article.title[:-1]
    assert lead.startswith(stem) and lead[len(stem)] == " "
    assert normalize(stem.split()[-1]) not in {"في", "من", "علي", "الي", "و"}


def test_pasted_copy_without_blank_lines_has_a_block_per_line():
    text = (
        "افتتاح جسر جديد في المدينة\n"
        "افتتح المحافظ جسرا جديدا يربط شرق المدينة بغربها.\n"
        'وقال المحافظ سالم الكعبي إن الجسر "سيختصر زمن الرحلة إلى النصف".\n'
        "المصدر: وكالة الأنباء\n"
        "وسوم: النقل، المدينة"
    )
    article = one(text)
    assert article.title == "افتتاح جسر جديد في المدينة"
    assert len(article.body) == 2
    assert article.source == "وكالة الأنباء"
    assert article.quotes[0].speaker == "سالم الكعبي"


def test_hard_wrapped_lines_join_and_a_sentence_end_ends_the_paragraph():
    text = (
        "عنوان الخبر\n\n"
        "افتتح المحافظ جسرا جديدا يربط شرق\n"
        "المدينة بغربها بعد عامين من العمل.\n"
        "وتبلغ تكلفة المشروع مئة مليون دولار.\n\n"
        "وقال المحافظ:\n"
        "سنفتتح جسرا ثانيا العام المقبل."
    )
    article = one(text)
    assert article.body == [
        "افتتح المحافظ جسرا جديدا يربط شرق المدينة بغربها بعد عامين من العمل.",
        "وتبلغ تكلفة المشروع مئة مليون دولار.",
        "وقال المحافظ:",
    ]
    assert article.quotes[0].text == "سنفتتح جسرا ثانيا العام المقبل."


# --- 2. statement blocks ----------------------------------------------------------------------


def test_feminine_speech_verb_block_resolves_the_minister_by_role():
    text = (
        "وزيرة الصحة تحذر من موجة الحر\n\n"
        "قالت وزيرة الصحة هند الصباح إن المستشفيات في حالة تأهب.\n\n"
        "وأضافت الوزيرة:\n\n"
        "لا تخرجوا في ساعات الذروة واشربوا الماء بكثرة."
    )
    article = one(text)
    block = article.quotes[-1]
    assert block.kind == "block"
    assert block.text == "لا تخرجوا في ساعات الذروة واشربوا الماء بكثرة."
    assert block.speaker == "هند الصباح"
    assert block.role == "وزيرة الصحة"
    assert block.position == 2  # after the lead and the intro line
    assert "لا تخرجوا" not in " ".join(article.body)


@pytest.mark.parametrize("bullet", ["-", "•"])
def test_bullet_statements_become_one_block_quote(bullet):
    text = (
        "المدرب يحدد أهداف الموسم\n\n"
        "عقد المدرب سامي الحربي مؤتمرا صحفيا قبل انطلاق الموسم.\n\n"
        "وقال الحربي:\n\n"
        f"{bullet} سننافس على اللقب حتى الجولة الأخيرة.\n"
        f"{bullet} الشباب سيحصلون على فرصتهم كاملة.\n\n"
        "ويبدأ الفريق مشواره الأسبوع المقبل."
    )
    article = one(text)
    [block] = [q for q in article.quotes if q.kind == "block"]
    assert block.text == "سننافس على اللقب حتى الجولة الأخيرة.\nالشباب سيحصلون على فرصتهم كاملة."
    assert block.speaker == "سامي الحربي"
    assert block.role == "المدرب"
    assert article.body[-1] == "ويبدأ الفريق مشواره الأسبوع المقبل."


def test_quoted_statement_after_a_pronoun_intro_keeps_the_speaker():
    text = (
        "الأمم المتحدة تحذر من مجاعة\n\n"
        "وقال منسق الشؤون الإنسانية في السودان، توم فليتشر، لرويترز إن الوضع "
        '"هو الأسوأ الذي شهدته خلال مسيرتي المهنية كلها".\n\n'
        "وختم حديثه بالقول:\n\n"
        '"العالم لا يستطيع أن يدير ظهره للسودان مرة أخرى".'
    )
    inline, block = one(text).quotes
    assert (inline.speaker, inline.role) == ("توم فليتشر", "منسق الشؤون الإنسانية في السودان")
    assert (block.kind, block.speaker) == ("block", "توم فليتشر")
    assert block.text == "العالم لا يستطيع أن يدير ظهره للسودان مرة أخرى."


def test_unseen_sports_copy_dateline_furniture_and_speakers_after():
    text = (
        "صلاح يقود ليفربول لفوز كبير\n\n"
        "الأحد 15 ديسمبر 2024 - 09:45 م\n\n"
        "قاد النجم المصري محمد صلاح فريقه ليفربول إلى فوز كبير على مانشستر يونايتد.\n\n"
        'وأشاد المدرب الهولندي آرني سلوت بلاعبه، مؤكدا أن صلاح "لاعب استثنائي يصنع الفارق دائما".\n\n'
        'وعن مستقبله، قال صلاح: "أركز الآن على الفوز بالدوري هذا الموسم".\n\n'
        '"كانت ليلة مثالية لنا ولجماهيرنا"، على حد تعبير قائد الفريق فيرجيل فان دايك.\n\n'
        "تابعوا آخر أخبار الدوري الإنجليزي"
    )
    article = one(text)
    assert article.body[0].startswith("قاد النجم المصري")
    assert len(article.body) == 4  # no dateline, no "تابعوا…" line
    assert [(q.speaker, q.role) for q in article.quotes] == [
        ("آرني سلوت", "المدرب الهولندي"),
        ("محمد صلاح", "النجم المصري"),
        ("فيرجيل فان دايك", "قائد الفريق"),
    ]


def test_colon_line_without_speech_verb_is_just_body():
    article = one("جدول المباريات\n\nوجاءت النتائج كالتالي:\n\nفاز الفريق الأول بهدفين.")
    assert article.quotes == []
    assert article.body == ["وجاءت النتائج كالتالي:", "فاز الفريق الأول بهدفين."]


# --- 3. inline quotes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("open_", "close"), [("«", "»"), ("“", "”"), ('"', '"')])
def test_quote_marks_and_speaker_before_with_role_and_name_apart(open_, close):
    text = (
        "الكرملين يعلق على القمة\n\n"
        f"وأفاد الناطق باسم الكرملين دميتري بيسكوف بأن بوتين {open_}يرحب بأي مبادرة جادة للحوار{close}."
    )
    [quote] = one(text).quotes
    assert quote.text == "يرحب بأي مبادرة جادة للحوار"
    assert (quote.speaker, quote.role, quote.kind) == ("دميتري بيسكوف", "الناطق باسم الكرملين", "inline")


@pytest.mark.parametrize(
    ("sentence", "speaker", "role"),
    [
        ("وقالت الباحثة في الاقتصاد الكلي نورة القحطاني إن", "نورة القحطاني", "الباحثة في الاقتصاد الكلي"),
        ("وقال المدرب خالد منصور في المؤتمر الصحفي إن", "خالد منصور", "المدرب"),
        ("وقالت محافظة البنك المركزي الأردني رنا الخطيب إن", "رنا الخطيب", "محافظة البنك المركزي الأردني"),
        ("وقال وزير خارجية أستراليا بيني وانج إن", "بيني وانج", "وزير خارجية أستراليا"),
        (
            "وقال مدير مركز الملك عبد العزيز الثقافي عبد الله الراشد إن",
            "عبد الله الراشد",
            "مدير مركز الملك عبد العزيز الثقافي",
        ),
    ],
)
def test_title_and_name_apart(sentence, speaker, role):
    [quote] = one(f'عنوان\n\n{sentence} "الخطة ستنفذ على مراحل خلال العام المقبل".').quotes
    assert (quote.speaker, quote.role) == (speaker, role)


def test_speaker_after_the_quote():
    text = "الفريق يفوز\n\n“لعبنا بروح عالية حتى الدقيقة الأخيرة”، قال المدرب خالد منصور بعد المباراة."
    [quote] = one(text).quotes
    assert quote.text == "لعبنا بروح عالية حتى الدقيقة الأخيرة"
    assert (quote.speaker, quote.role) == ("خالد منصور", "المدرب")


def test_speaker_carried_forward_by_participle_attribution_and_surname():
    text = (
        "الوزير يعلن الموازنة\n\n"
        'وقال وزير المالية سالم العتيبي إن الموازنة "تركز على الإنفاق الاجتماعي والتعليم"، '
        'مضيفا أن العجز "سينخفض إلى أقل من ثلاثة بالمئة".\n\n'
        'وبحسب العتيبي فإن الإيرادات "ستتحسن مع ارتفاع أسعار النفط هذا العام".'
    )
    quotes = one(text).quotes
    assert [q.speaker for q in quotes] == ["سالم العتيبي"] * 3
    assert quotes[0].role == "وزير المالية"


def test_role_only_speaker_resolves_to_the_person_named_earlier():
    text = (
        "قمة في الشرق\n\n"
        "التقى الرئيس الروسي، فلاديمير بوتين، والزعيم الكوري الشمالي، كيم جونغ أون، في فوستوشني.\n\n"
        'وقال زعيم كوريا الشمالية إن بلاده "تقف إلى جانب روسيا في كل الظروف".'
    )
    [quote] = one(text).quotes
    assert quote.speaker == "كيم جونغ أون"
    assert quote.role == "زعيم كوريا الشمالية"


def test_surname_resolves_to_the_first_full_mention():
    text = (
        "عداء يفوز\n\n"
        "توج العداء المغربي يوسف بنعلي بلقب الماراثون صباح الجمعة.\n\n"
        'وقال بنعلي إن "الأجواء الباردة ساعدتني كثيرا اليوم".'
    )
    [quote] = one(text).quotes
    assert (quote.speaker, quote.role) == ("يوسف بنعلي", "العداء المغربي")


def test_quoted_places_names_and_scare_words_are_not_quotes():
    text = (
        "زيارة حدودية\n\n"
        'زارت الوزيرة قرية "بانمونجوم" الحدودية وشاهدت فيلم «صدى الرمال» الذي استقبل "بحفاوة".'
    )
    assert one(text).quotes == []


def test_unattributed_long_quote_is_kept_with_the_speaker_unknown_and_flagged():
    text = 'عنوان الخبر\n\nوكتب على اللافتة "مرحبا بكم في المدينة الجميلة دائما" باللون الأحمر.'
    [quote] = one(text).quotes
    assert quote.text == "مرحبا بكم في المدينة الجميلة دائما"
    assert (quote.speaker, quote.role, quote.warning) == ("", "", "speaker_unknown")


# --- 4. source ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "المصدر: سكاي نيوز عربية",
        "المصدر : سكاي نيوز عربية",
        "المصدر:سكاي نيوز عربية",
        "المَصدر: سكاي نيوز عربية",
    ],
)
def test_source_line_spacing_and_tashkeel_vary(line):
    article = one(f"{BODY}\n\n{line}")
    assert article.source == "سكاي نيوز عربية"
    assert all("المصدر" not in p for p in article.body)


def test_source_on_the_line_after_its_label():
    assert one(f"{BODY}\n\nالمصدر:\nرويترز").source == "رويترز"


# --- 5. keywords -----------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["كلمات دلالية", "الكلمات المفتاحية", "وسوم", "كلمات مفتاحية", "الوسوم"])
def test_keyword_label_variants(label):
    tags = {t.name: t.weight for t in one(f"{BODY}\n\n{label}: اقتصاد تمويل اقتصاد").tags}
    assert tags == {"اقتصاد": 2, "تمويل": 1}


@pytest.mark.parametrize("sep", ["، ", ",", " , "])
def test_commas_separate_multi_word_tags(sep):
    line = sep.join(["الأمم المتحدة", "مجلس الأمن", "الأمم المتحدة"])
    tags = {t.name: t.weight for t in one(f"{BODY}\n\nكلمات دلالية: {line}").tags}
    assert tags == {"الأمم المتحدة": 2, "مجلس الأمن": 1}


def test_known_tag_vocabulary_keeps_words_together_without_evidence():
    text = f"{BODY}\n\nوسوم: كأس العالم قطر كأس العالم"
    tags = {t.name: t.weight for t in one(text, known_tags={normalize("كأس العالم")}).tags}
    assert tags == {"كأس العالم": 2, "قطر": 1}
    unknown = {t.name for t in one(text).tags}
    assert "كأس العالم" not in unknown


def test_phrase_in_the_body_is_evidence_for_a_multi_word_tag():
    text = "قالت الأمم المتحدة إن المساعدات وصلت إلى المدينة.\n\nوسوم: الأمم المتحدة إغاثة"
    assert {t.name for t in one(text).tags} == {"الأمم المتحدة", "إغاثة"}


def test_tags_match_spelling_variants_into_one_weight():
    tags = {normalize(t.name): t.weight for t in one(f"{BODY}\n\nوسوم: أستراليا استراليا").tags}
    assert tags == {"استراليا": 2}


# --- 6. read also ------------------------------------------------------------------------------------

SECOND = (
    "وزير الخارجية يزور بغداد الأسبوع المقبل\n\n"
    "يبدأ وزير الخارجية جولة إقليمية تشمل بغداد وعمّان.\n\n"
    "وتتناول المحادثات ملفات الطاقة والتجارة."
)


@pytest.mark.parametrize("label", ["إقرأ أيضاً:", "اقرأ أيضا:", "اقرأ أيضًا:", "اقرأ أيضا"])
def test_read_also_block_as_a_second_full_article(label):
    result = parse(f"{BODY}\n\n{label}\n\n{SECOND}")
    main, second = result.articles
    assert second.title == "وزير الخارجية يزور بغداد الأسبوع المقبل"
    assert second.body == [
        "يبدأ وزير الخارجية جولة إقليمية تشمل بغداد وعمّان.",
        "وتتناول المحادثات ملفات الطاقة والتجارة.",
    ]
    assert [(r.kind, r.article_index) for r in main.related] == [("read_also", 1)]
    assert main.body == BODY.split("\n\n")


def test_read_also_block_as_headline_lines():
    text = f"{BODY}\n\nاقرأ أيضا:\n\nالبنك المركزي يثبت الفائدة\nارتفاع أسعار الذهب عالميا"
    result = parse(text)
    assert len(result.articles) == 1
    assert [(r.kind, r.title, r.article_index) for r in result.articles[0].related] == [
        ("read_also", "البنك المركزي يثبت الفائدة", None),
        ("read_also", "ارتفاع أسعار الذهب عالميا", None),
    ]


def test_read_also_with_headline_on_the_label_line_inside_the_body():
    text = (
        "عنوان الخبر الرئيسي\n\nالفقرة الأولى من الخبر.\n\n"
        "اقرأ أيضا: عداءة إثيوبية تحرز اللقب\n\nالفقرة الثانية من الخبر."
    )
    article = one(text)
    assert article.body == ["الفقرة الأولى من الخبر.", "الفقرة الثانية من الخبر."]
    assert [(r.kind, r.title) for r in article.related] == [("read_also", "عداءة إثيوبية تحرز اللقب")]


# --- 7. inline box of related headlines ----------------------------------------------------------------


def test_multi_line_box_between_paragraphs_is_inline_headlines():
    text = (
        "عنوان\n\nالفقرة الأولى تنتهي هنا.\n\n"
        "مهرجان البحر الأحمر يكشف قائمة أفلام دورته المقبلة\n"
        "نجوم السينما العربية على السجادة الحمراء في ليلة الختام\n\n"
        "الفقرة الثانية تنتهي هنا."
    )
    article = one(text)
    assert article.body == ["الفقرة الأولى تنتهي هنا.", "الفقرة الثانية تنتهي هنا."]
    assert [r.kind for r in article.related] == ["inline", "inline"]


def test_short_crosshead_stays_in_the_body():
    text = "عنوان\n\nالفقرة الأولى تنتهي هنا.\n\nتفاصيل الاتفاق\n\nالفقرة الثانية تنتهي هنا."
    article = one(text)
    assert article.body == ["الفقرة الأولى تنتهي هنا.", "تفاصيل الاتفاق", "الفقرة الثانية تنتهي هنا."]
    assert article.related == []


def test_run_together_headlines_split_at_a_new_subject_and_verb():
    line = (
        "قمة المنامة .. القادة يصلون تباعا إلى قصر الصخير وسط إجراءات أمنية مشددة "
        "السعودية تعلن استضافة القمة المقبلة في الرياض"
    )
    assert split_run_together(line) == [
        "قمة المنامة .. القادة يصلون تباعا إلى قصر الصخير وسط إجراءات أمنية مشددة",
        "السعودية تعلن استضافة القمة المقبلة في الرياض",
    ]


def test_known_headline_settles_the_split():
    known = {normalize("ارتفاع أسعار الذهب في الأسواق العالمية")}
    parts = split_run_together("ارتفاع أسعار الذهب في الأسواق العالمية هبوط حاد للبورصة المصرية اليوم", known)
    assert parts == ["ارتفاع أسعار الذهب في الأسواق العالمية", "هبوط حاد للبورصة المصرية اليوم"]


def test_a_single_headline_is_not_split():
    assert split_run_together("الهلال يقلب الطاولة على النصر ويتصدر الدوري السعودي") == [
        "الهلال يقلب الطاولة على النصر ويتصدر الدوري السعودي"
    ]


# --- 8. similar list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["مقالات مشابهة", "مقالات ذات صلة", "أخبار ذات صلة", "مقالات ذات صلة:"])
@pytest.mark.parametrize("bullet", ["•", "-", "  • "])
def test_similar_list_labels_and_bullets_in_order(label, bullet):
    text = f"{BODY}\n\n{label}\n\n{bullet} العنوان الأول للخبر\n{bullet} العنوان الثاني للخبر"
    related = one(text).related
    assert [(r.kind, r.title) for r in related] == [
        ("similar", "العنوان الأول للخبر"),
        ("similar", "العنوان الثاني للخبر"),
    ]


def test_similar_headline_matching_the_read_also_article_after_normalization():
    text = f"{BODY}\n\nاقرأ أيضا:\n\n{SECOND}\n\nمقالات مشابهة\n\n• وزير الخارجيه يزور بغداد الاسبوع المقبل"
    main = parse(text).articles[0]
    assert [(r.kind, r.article_index) for r in main.related] == [("read_also", 1), ("similar", 1)]


# --- 9. encodings and rejected files ---------------------------------------------------------------------

SAMPLE = "خبر قصير\r\n\r\nهذا نص الخبر بالعربية.\r\n\r\nالمصدر: وكالة"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("cp1256"),
        # Old Windows exports end with one NUL byte (a C string terminator).
        lambda t: t.encode("cp1256") + b"\x00",
        lambda t: t.encode("utf-8") + b"\x00",
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be", "windows-1256", "windows-1256-nul", "utf-8-nul"],
)
def test_encodings_and_crlf_decode_to_the_same_text(encode):
    text = decode_bytes(encode(SAMPLE))
    assert text == SAMPLE.replace("\r\n", "\n")
    article = one(text)
    assert (article.title, article.source) == ("خبر قصير", "وكالة")


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b"", "empty", None),
        (b"  \n\n\t \r\n", "blank", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", 3),
        ("نص\nثم بايتات".encode() + b"\x00\x00", "binary", 2),
        ("سطر أول\nسطر ثان ".encode() + "كلمة".encode()[:-1], "bad_utf8", 2),
        (bytes(range(128, 256)) * 4, "unknown_encoding", None),
    ],
    ids=["empty", "blank", "binary", "two-nul-bytes", "truncated-utf8", "not-text"],
)
def test_bad_bytes_are_rejected_with_the_line(data, code, line):
    with pytest.raises(ImportProblem) as caught:
        decode_bytes(data)
    assert caught.value.code == code
    assert caught.value.line == line
    if line:
        assert f"السطر {line}" in caught.value.message


def test_keyword_line_only_is_rejected_naming_the_line():
    result = parse("\n\nكلمات دلالية: بوتين روسيا")
    assert result.articles == []
    assert result.error.code == "only_labels"
    assert result.error.line == 3
    assert "السطر 3" in result.error.message


def test_headline_only_is_rejected():
    result = parse("عنوان بلا نص\n\nالمصدر: وكالة")
    assert result.error is not None
    assert result.articles == []
