"""Word lists the raw-text importer reads Arabic news copy with.

Plain data in normalized form (see `normalize`): no hamza, ة→ه, ى→ي. Kept beside the
normalization rulebook because they are Arabic text rules, not parsing code.
"""

from functools import lru_cache

from .. import kinds
from .normalize import normalize, remove_tashkeel


@lru_cache(maxsize=200_000)
def norm(word: str) -> str:
    """`normalize` for one word, cached: the importer asks about the same words again and again.

    One letter normalization must not merge: "على" (on) and "علي" (Ali) both fold to "علي";
    the name keeps a mark so it is never taken for the preposition.
    """
    key = normalize(word)
    if key in ("علي", "وعلي") and remove_tashkeel(word).endswith("علي"):
        return key + "·"
    return key


def _norm_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# --- who says what: the one table the speaker and quote parser reads --------------------------
# Speech verbs, masculine singular: past and present. The feminine forms are derived ("قالت",
# "تقول"), and و/ف in front are allowed ("وأضافت", "فتقول").
_SPEECH_VERBS = _norm_set(
    """قال أضاف أفاد تابع أكد أوضح أشار ذكر صرح شدد اعتبر لفت كتب أعلن ختم استطرد علق
    غرد نوه أردف رأى أبلغ أخبر حذر دعا نفى اعترف أقر تساءل ردد روى
    أعرب أجاب هتف صرخ خاطب
    يقول يضيف يتابع يؤكد يوضح يشير يذكر يصرح يشدد يعتبر يلفت يكتب يعلن يختم
    يستطرد يعلق يغرد ينوه يردف يرى يحذر يطالب يدعو ينفي يعترف يقر يتساءل يروي يشرح
    يبين يتحدث يجيب"""
)
# Plural speech verbs: the speaker is a group, never the person speaking before.
PLURAL_SPEECH_VERBS = _norm_set("قالوا أضافوا أكدوا قلن يقولون يقلن ذكروا أوضحوا أشاروا رددوا")
# Participles that continue the current speaker's words: "مضيفا أن…", "لافتة إلى…".
_CONTINUATIONS = _norm_set(
    """مضيفا مضيفة مشيرا مشيرة لافتا لافتة موضحا موضحة مؤكدا مؤكدة متابعا متابعة
    معتبرا معتبرة مشددا مشددة قائلا قائلة منوها منوهة مستطردا مستطردة محذرا محذرة
    مردفا مردفة مبينا مبينة متسائلا متسائلة خاتما خاتمة مبديا مبدية داعيا داعية واصفا واصفة
    بقوله بقولها بالقول"""
)
# Reported speech: "نقلت الوكالة عن الوزير قوله إن…" — the speaker is the one after "عن".
REPORTED_SPEECH = _norm_set("قوله قولها قولهم القول")
# Attribution without a verb: "وبحسب بيسكوف…", "وفق ما أعلن…".
ATTRIBUTIONS = _norm_set("بحسب حسب وبحسب وحسب وفق ووفق وفقا ووفقا طبقا تعبير حسبما وحسبما")

# Month and weekday names: a short line made of them and digits is a dateline, not a paragraph.
DATE_WORDS = _norm_set(
    """يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
    كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين الأول الثاني
    الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت ص م صباحا مساء"""
)
# How site furniture scraped with the story starts: "تابعوا آخر الأخبار…", "شاهد أيضا…".
BOILERPLATE_STARTS = _norm_set("تابعوا تابعونا شاهد شاهدوا اشترك اشتركوا حمل حملوا لمتابعة للمزيد")

# Words that end a speaker phrase: the complementizer, the start of a circumstance, an
# introduction of what follows ("كالتالي:", "ما يلي:").
SPEAKER_STOPS = _norm_set(
    """أن إن بأن فإن وإن لأن أنه إنه بأنه أنها إنها بأنها أنهم إنهم بأنهم أننا إننا بأننا ما
    أنّ إنّ بأنّ أنّه إنّه
    في خلال عقب بعد أمام عبر لدى اليوم أمس الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة
    السبت إلى الى قائلا قائلة حيث وهو وهي ل لـ لوسائل للصحفيين بالقول قوله حديثه حديثها كلمته
    كلمتها تصريحه تصريحها تصريحات بيان بيانا مؤتمر تغريدة منشور كالتالي التالي يلي وقال وقالت
    على عن من مع منذ صباح مساء ليل فجر ظهر يوم أيضا ايضا كذلك بدوره بدورها بدورهم الذي التي
    الذين اللذين وهو أثناء إثر خلال ردا تعليقا كل لكل بكل قد مثل رحمه رحمها حفظه حفظها لم لن"""
    # Statements with their pronoun ("بحسب تصريحاته لوكالة…"): he/she said.
    """ تصريحاته تصريحاتها تصريحاتهم بيانه بيانها تغريدته تغريدتها مقاله مقالها"""
    # How it was said, the tanween left unwritten ("قال مورينيو ضاحكا"): not a surname.
    """ ضاحكا ضاحكة مبتسما مبتسمة مازحا مازحة ممازحا متسائلا متسائلة ساخرا ساخرة متهكما
    غاضبا غاضبة مستغربا مستغربة متأثرا متأثرة باكيا باكية"""
)

# Bodies a title runs on through, definite or not: "عضو مجلس إدارة اتحاد الكرة".
INSTITUTION_NOUNS = _norm_set(
    """مجلس إدارة اتحاد هيئة لجنة وزارة شركة مؤسسة جمعية منظمة حزب حركة نادي جامعة كلية
    مركز معهد بنك مصرف صندوق مكتب دائرة مديرية محكمة نقابة غرفة رابطة جبهة قوات جيش شرطة
    مجموعة صحيفة جريدة مجلة قناة إذاعة وكالة أمانة"""
)

# Places a title can sit in, after ب: "بمدينة عرعر", "بمحافظة جدة".
PLACE_NOUNS = _norm_set("مدينة محافظة منطقة ولاية بلدية قرية حي مقاطعة إمارة")

# Names that look like an imperfect verb ("يفعل"): never cut from a name as a verb.
VERB_LIKE_NAMES = _norm_set("يزيد يعقوب يسري يعرب يشكر يحيي")

# Attached object pronouns ("نسمعها", "تفاصيلهم"): a word ending in one is never a name.
OBJECT_PRONOUNS = ("ها", "هم", "هما", "هن")

# What was stated, not who stated it: verbal nouns a statement verb takes as its object
# ("وأكد أهمية التعاون", "واعتبر لجوء المؤسسة إلى…", "أكد استمرار العمل"). After the verb
# they mean "he/she said"; after a name they end it; a body they govern is not a subject.
STATED_NOUNS = _norm_set(
    """أهمية ضرورة استمرار رفض دعم عدم التزام حرص استعداد تمسك أحقية وجوب إمكانية صعوبة
    استحالة اقتراب تراجع ارتفاع انخفاض تحسن استقرار وصول انطلاق بدء انتهاء مواصلة متابعة
    تعزيز تطوير توسيع تنفيذ إطلاق اعتماد إنشاء لجوء حاجة مشاركة مساهمة قيام تقديم أولوية
    تصويت تأييد ترحيب موافقة تحقيق توفير إعطاء تلخيص كلمة خطابا"""
)

# "أخبر مجلة فاست كومباني أن…", "أبلغ صحيفة الحياة": the outlet told, the subject is before
# the verb. After these verbs (either gender, with or without و) a phrase opening with an outlet is
# the person addressed ("أبلغ الوزير الصحفيين" keeps its subject: the minister).
ADDRESSING_VERBS = _norm_set("أخبر أخبرت وأخبر وأخبرت أبلغ أبلغت وأبلغ وأبلغت")
OUTLET_NOUNS = _norm_set(
    "صحيفة مجلة جريدة قناة وكالة إذاعة موقع تلفزيون الصحيفة المجلة الجريدة القناة الوكالة الإذاعة الموقع"
)
# Words a speaker phrase never opens with: pronouns, prepositions (the person addressed, "قالت
# لها"), time words ("قال يوم الأحد"), adverbs — after the verb they mean "he/she said".
NOT_SPEAKER_OPENINGS = _norm_set(
    """هو هي هم هن أنا نحن أنت أنتم له لها لهم لهن لي لنا لك لكم إنه إنها أنه أنها
    في من على إلى الى عن مع بين بعد قبل عند لدى حتى منذ خلال حول ضد نحو دون عبر أمام
    يوم اليوم أمس غدا صباح مساء ليل ليلة فجر ظهر الأحد الاثنين الإثنين الثلاثاء الأربعاء
    الخميس الجمعة السبت أيضا ايضا كذلك بدوره بدورها بدورهم مجددا سابقا لاحقا حينها ثم
    إن أن بأن ما لا لم لن قد كما بل لكن لكنه لكنها وهو وهي فيه فيها عنه عنها عليه عليها
    الجميع الكل كلهم جميعهم الشهر الأسبوع العام السنة الليلة الساعة الصباح المساء
    سموه سموها سماحته فضيلته معاليه معاليها دولته جلالته فخامته نقلا
    ومضى مضى ومضت مضت وتابع وأردف فيما وفيما"""
) | STATED_NOUNS
# Latin letters spelled out in Arabic ("آي سي آي أس", "إتش إس بي سي"): a quoted acronym
# is a name, however many letters it has, not words said.
# As written (not normalized: "آي" is a letter, "أي" a word), and none that is also a word
# ("في", "أو", "إن", "كي").
SPELLED_LETTERS = frozenset(
    "إيه آي بي سي دي إف جي إتش اتش كيه إل إم إس أس تي يو دبليو إكس زد آر".split()
)

# The people addressed after a speech verb: "وقال المصدر للصحفيين" (an institution runs on
# through "لل": "القيادة العامة للقوات المسلحة").
ADDRESSEES = _norm_set(
    """للصحفيين للصحافيين للصحافة للإعلام للاعلام للتلفزيون للقناة للوكالة للمراسلين للحضور
    للصحيفة للجريدة للموقع للشبكة للإذاعة للمجلة للصحف للوسائل"""
)
# Epithets that stand between commas like a name but are not one: "أسطورة السينما الغربية".
EPITHETS = _norm_set("أسطورة رمز عميد أيقونة")
# How the person or outlet addressed starts: "للسيد", "للصحفيين", "لوكالة", "لرويترز".
ADDRESSEE_PREFIXES = tuple(
    normalize(w)
    for w in """لل لوكال لصحيف لجريد لقنا لشبك لموقع لرويترز لبي لمجل لإذاع لتلفزيون لمراسل لمحطة
    لفرانس لأسوشيتد لسبوتنيك لسكاي لسي""".split()
)
# Prepositions glued to a word: "بأجوبة", "بمواقف", "بتسهيل", "بالعربية" — never a speaker.
PREPOSITIONAL_PREFIXES = tuple(normalize(w) for w in "بال بت بم كال".split())
# With their hamza as written: "بأجوبة" is a preposition and a noun, "بايبس" a name.
PREPOSITIONAL_HAMZA_PREFIXES = ("بأ", "بإ")
# Words that open a clause: a speech verb after them has its own subject ("كما قال").
CLAUSE_OPENERS = _norm_set(
    "كما حيث إذ إذا ثم بل لكن ولكن لكنه ولكنه فقد وقد قد لقد عندما حين بعدما كذلك أيضا فيما بينما"
)
# A group counted, not a person named: "اثنان من كبار المسؤولين", "أحد محامي حبري".
QUANTIFIERS = _norm_set("اثنان اثنين ثلاثة أحد إحدى احد بعض عدد معظم غالبية أغلب كبار عشرات مئات")
# "مصدر مقرب من ميشال بلاتيني": the name after these is not the speaker.
PROXIMITY = _norm_set("مقرب مقربة قريب قريبة المقرب المقربة القريب القريبة مقربون")
# Nouns that head a thing, not a speaker: "كلمات الأغنية", "نص البيان".
NOT_SPEAKER_HEADS = _norm_set("كلمات كلمة نص عنوان شعار لافتة لافتات قائمة فيديو صورة صور مقطع رسالة")

# A quoted phrase right after one of these is a name or a title, not words said:
# «فيلم "…"», «حملة "…"», «صحيفة "…"», «تحت عنوان "…"», «هاشتاغ "…"», «ندوة حول "…"».
TITLE_CUES = _norm_set(
    """فيلم فيلمه مسلسل مسلسلات كتاب كتابه رواية روايته برنامج برنامجه أغنية قصيدة مسرحية
    حملة حملات شعار عنوان عنوانها عنوانه بعنوان هاشتاغ هاشتاج وسم وسما مشروع مبادرة جمعية
    منظمة مؤسسة صحيفة جريدة مجلة قناة موقع إذاعة شركة تنظيم حزب حركة مركز معهد منتدى اسم
    اسمها اسمه بمسمى تدعى يدعى سمي سميت لقب بلقب ملصق لافتات عليها مكتوب تهمة بتهمة بتهم
    معركة عملية عمليات مسابقة مهرجان جائزة مؤشر ندوة مؤتمر ورشة محاضرة معرض حول"""
)

# Words that are never part of a person's name.
FUNCTION_WORDS = _norm_set(
    """في من على إلى الى عن مع بين بعد قبل عند لدى حتى منذ خلال حول ضد نحو دون
    و أو ثم لكن بل لا لم لن قد هل ما ماذا هذا هذه ذلك تلك الذي التي الذين هو هي هم
    كل بعض أي غير باسم لصالح عبر أمام وراء فوق تحت أيضا كما إن أن كان كانت"""
)
# Prepositions that stop a name ("الشيخ قاسم على أن…") but may continue a title before
# its name ("المسؤول عن وحدات حماية الشعب في كوباني عصمت…").
PREPOSITIONS = _norm_set("في من على إلى الى عن مع بين لدى عند حول ضد نحو دون عبر أمام منذ خلال")

# Nouns that head a title or office: "الناطق باسم الكرملين", "وزيرة الخارجية", and the
# honorifics that stand before a name ("الشيخ قاسم", "الدكتور أسامة جستنية").
ROLE_HEADS = _norm_set(
    """رئيس رئيسة زعيم زعيمة وزير وزيرة ناطق ناطقة متحدث متحدثة مدرب مدربة مدير مديرة
    أمين أمينة قائد قائدة سفير سفيرة محافظ محافظة نائب نائبة عضو عضوة مستشار مستشارة
    ملك ملكة أمير أميرة ولي مسؤول مسؤولة خبير خبيرة محلل محللة لاعب لاعبة نجم نجمة
    مهاجم حارس مفوض مفوضة مبعوث مبعوثة مندوب مندوبة كاتب كاتبة روائي روائية فنان فنانة
    مخرج مخرجة باحث باحثة أستاذ أستاذة عميد عميدة رئيس قاضي قاضية نقيب محامي محامية
    طبيب طبيبة مراسل مراسلة منسق منسقة مديرعام الأمين المتحدث شيخ بطل بطلة
    عداء عداءة سباح سباحة مسؤولو محافظ الحاكم حاكم ناشط ناشطة ناشطون ناشطات مؤسس مؤسسة
    مصدر مصادر سيناتور سناتور مرشد مقاتل مقاتلة مندوب منتج منتجة مؤرخ ممثل ممثلة إعلامي إعلامية
    صحفي صحفية صحافي صحافية شاعر شاعرة موسيقار ملحن مطرب مطربة مغني مغنية قس كاهن
    سيد سيدة دكتور دكتورة بروفيسور مهندس مهندسة كابتن مستشار العميد اللواء العقيد مشير
    المدعي مدعي رجل صاحب صاحبة د إمام طالب طالبة مزارع مزارعة موظف موظفة عامل عاملة تاجر
    سائق ممرض ممرضة معلم معلمة مواطن مواطنة لاجئ لاجئة جندي ضابط قيادي قيادية وكيل وكيلة
    داعية واعظ مفتي رقيب ملازم عقيد مذيع مذيعة مصرفي مصرفية أكاديمي أكاديمية محاضر مدرس
    مستثمر مستثمرة مصمم مصممة محاضرة جنرال مشرف مشرفة"""
)
# Adjectives of a source that take whom with ل: "مصدر عسكري موال للحكومة".
LOYAL_TO = _norm_set("موال موالية معارض معارضة")
# What describes an unnamed source, never its name ("مصدر أمني رفيع", "مصدر عسكري آخر").
SOURCE_ADJECTIVES = _norm_set("كبير رفيع بارز سابق مسؤول رسمي رفيعة كبيرة بارزة آخر أخرى ثان ثالث") | LOYAL_TO
# Styles of address before a title ("سمو الأمير", "معالي الوزير"): neither the title nor the name.
STYLES = _norm_set("سمو معالي فخامة جلالة سماحة فضيلة")
# A first name that is also a title's noun: a title when a role or a body follows it ("مساعد
# المدير العام", "مساعد وزير الخارجية"), a name otherwise ("مساعد العتيبي").
NAME_OR_ROLE_HEADS = _norm_set("مساعد مساعدة")
# Honorifics: a title that is the whole role when a name follows ("الشيخ", "السيد").
HONORIFICS = _norm_set("شيخ سيد سيدة دكتور دكتورة بروفيسور مهندس مهندسة كابتن قس سمو د")

# Places that can follow a role in "وزير خارجية أستراليا بيني وانج" but are not names.
PLACES = _norm_set(
    """روسيا أوكرانيا أمريكا أميركا الصين اليابان كوريا إيران العراق سوريا لبنان الأردن
    مصر السعودية الإمارات قطر الكويت البحرين عمان اليمن ليبيا تونس الجزائر المغرب
    السودان فلسطين إسرائيل تركيا فرنسا ألمانيا بريطانيا إيطاليا إسبانيا أستراليا
    الهند باكستان البرازيل الأرجنتين كندا المكسيك نيجيريا إثيوبيا كينيا موسكو واشنطن
    بكين طوكيو سول بيونغ يانغ باريس لندن برلين القاهرة الرياض دبي الدوحة بغداد دمشق
    بيروت عمان طهران أنقرة غزة القدس أوروبا أفريقيا آسيا"""
)

# Name particles that take the article: "عبد الله", "أبو الغيط".
NAME_PARTICLES = _norm_set("عبد أبو أبي ابن بن بنت آل")
# Titles an institution is named after a person with: «مركز الملك عبد العزيز», «جامعة الإمام
# محمد بن سعود» — the name after them is the institution's, and the title runs on.
NAMESAKE_TITLES = _norm_set("ملك أمير شيخ إمام سلطان")

SENTENCE_END = ".!?؟…"


@lru_cache(maxsize=100_000)
def word_kind(word: str) -> str:
    """ "verb", "plural" (a plural speech verb), "continuation", "reported", "attribution" or "" for one
    cleaned word."""
    if speech_verb_gender(word):
        return "verb"
    if any(form in PLURAL_SPEECH_VERBS for form in _with_conjunction(norm(word))):
        return "plural"
    if is_continuation(word):
        return "continuation"
    if norm(word) in REPORTED_SPEECH:
        return "reported"
    if is_attribution(word):
        return "attribution"
    return ""


def is_speech_verb(word: str) -> bool:
    """A singular speech verb, past or present, either gender, with or without و/ف ("وأضافت", "فتقول")."""
    return bool(speech_verb_gender(word))


@lru_cache(maxsize=100_000)
def speech_verb_gender(word: str) -> str:
    """ "m" or "f" for a singular speech verb ("قال", "وتقول" → "f"), "" for any other word."""
    for form in _with_conjunction(norm(word)):
        if form in _SPEECH_VERBS:
            return "m"
        if form.endswith("ت") and form[:-1] in _SPEECH_VERBS:
            return "f"  # past: قالت، أضافت
        if form.startswith("ت") and "ي" + form[1:] in _SPEECH_VERBS:
            return "f"  # present: تقول، تضيف
    return ""


def is_continuation(word: str) -> bool:
    return any(form in _CONTINUATIONS for form in _with_conjunction(norm(word)))


def continuation_gender(word: str) -> str:
    """ "f" for "مضيفة", "قائلة", "بقولها"; "m" otherwise (the participle agrees with its speaker)."""
    key = norm(word)
    return "f" if key.endswith(("ه", "ها")) and not key.endswith("وله") else "m"


def is_not_speaker_opening(word: str) -> bool:
    """ "لها", "يوم", "للصحفيين", "للسيد": after a speech verb, these mean the subject is a pronoun."""
    key = norm(word)
    if key in NOT_SPEAKER_OPENINGS or key in FUNCTION_WORDS:
        return True
    # "للسيد حسن", "لرويترز", "لـCNN", "لبي بي سي": the person or outlet addressed.
    if key[:1] == "ل" and key[1:] in NAME_PARTICLES:
        return True  # "قال لابن ناصر": the person addressed
    if key.startswith("م") and key.endswith("ا") and len(key) >= 5:
        return True  # "معقبا", "مبتسما": how it was said, not who said it
    if key.endswith(OBJECT_PRONOUNS) and len(key) >= 5:
        return True  # "تفاصيلها": an object with its pronoun
    if remove_tashkeel(word).startswith(PREPOSITIONAL_HAMZA_PREFIXES):
        return True
    return key.startswith(ADDRESSEE_PREFIXES + PREPOSITIONAL_PREFIXES) or word.startswith(("لـ", "#", "@"))


def is_honorific(word: str) -> bool:
    return any(form in HONORIFICS for form in _without_article(norm(word)))


def is_preposition(word: str) -> bool:
    return norm(word) in PREPOSITIONS


@lru_cache(maxsize=100_000)
def is_title_cue(word: str) -> bool:
    """The word before a quoted title; its indefinite form only ("المهرجان" refers back, "مهرجان" names)."""
    return any(form in TITLE_CUES for form in _with_conjunction(norm(word)))


def is_attribution(word: str) -> bool:
    return norm(word) in ATTRIBUTIONS


# The people a story's subject is to someone, as a topic ("أما جدتها … فتقول"): with or
# without "his/her" ("جدتها", "والده", "الأم").
KIN = _norm_set(
    """أم أب جد جدة أخ أخت ابن ابنة بنت زوج زوجة والد والدة شقيق شقيقة عم عمة خال خالة
    صديق صديقة جار جارة حفيد حفيدة"""
)


# With "his/her", a final ة is written ت: "جدة" → "جدتها".
_KIN_BEFORE_PRONOUN = KIN | {k[:-1] + "ت" for k in KIN if k.endswith("ه")}


def is_kin(word: str) -> bool:
    key = norm(word)
    for suffix in ("هما", "هم", "هن", "ها", "ه", "ي"):
        if key.endswith(suffix) and key[: -len(suffix)] in _KIN_BEFORE_PRONOUN:
            return True
    # "الأم", "الأب": two letters after the article, which _without_article keeps whole.
    return key in KIN or (key.startswith("ال") and key[2:] in KIN)


def is_namesake_title(word: str) -> bool:
    return any(form in NAMESAKE_TITLES for form in _without_article(norm(word)))


@lru_cache(maxsize=100_000)
def is_role_head(word: str) -> bool:
    return any(form in ROLE_HEADS for form in _without_article(norm(word)))


def opens_title(words: list[str], i: int) -> bool:
    """Whether words[i] is a title's noun here: a role noun, or a name-or-title ("مساعد")
    that a role noun or a body follows."""
    if is_role_head(words[i]):
        return True
    if norm(words[i]) not in NAME_OR_ROLE_HEADS or i + 1 >= len(words):
        return False
    following = _without_article(norm(words[i + 1]))
    return any(form in ROLE_HEADS or form in INSTITUTION_NOUNS for form in following)


def _with_conjunction(word: str) -> tuple[str, ...]:
    if len(word) > 3 and word[0] in "وف":
        return (word, word[1:])
    return (word,)


def _without_article(word: str) -> tuple[str, ...]:
    forms = [word]
    for prefix in ("وال", "فال", "بال", "ال", "و"):
        # "ورئيس" is a role with its و; "وولي" (a surname) is not "ولي" with one.
        if word.startswith(prefix) and len(word) - len(prefix) >= (4 if prefix == "و" else 3):
            forms.append(word[len(prefix) :])
    return tuple(forms)


def has_article(word: str) -> bool:
    """Starts with the definite article, possibly behind a clitic: ال، وال، بال، لل…
    Not a hamza on the alif: "إلياس", "إلهام" are names, not "ال" + noun."""
    if remove_tashkeel(word).lstrip("وف")[:2] in ("إل", "أل", "آل"):
        return False
    word = norm(word)
    return word.startswith(("ال", "وال", "بال", "فال", "كال", "لل", "ولل"))


def is_dateline(line: str) -> bool:
    """ "الأحد 15 ديسمبر 2024 - 09:45 م": date words, digits and separators only."""
    words = [w for w in line.replace(":", " ").replace("/", " ").split() if any(ch.isalnum() for ch in w)]
    if not words or len(words) > 10:
        return False
    dated = sum(1 for w in words if norm(w) in DATE_WORDS)
    return dated >= 1 and all(norm(w) in DATE_WORDS or norm(w).isdigit() for w in words)


def is_boilerplate(line: str) -> bool:
    words = line.split()
    return bool(words) and len(words) <= 12 and norm(words[0]) in BOILERPLATE_STARTS


def is_object_with_pronoun(word: str) -> bool:
    """ "بلاعبه", "لقراره": a preposition, a noun and "his/her/their" — never a speaker's name."""
    # Written ه, not ة: "لجامعة" is a noun, "بلاعبه" has a pronoun.
    word = remove_tashkeel(word)
    return len(word) >= 5 and word[0] in "بل" and word.endswith(("ه", "ها", "هم", "هما"))


def ends_in_object_pronoun(word: str) -> bool:
    """ "تهنئته", "كلمتها", "ومقره": a noun with "his/her/its", as written (ة is no pronoun)."""
    written = remove_tashkeel(word)
    if written[:1] in "وف" and written.endswith("ه") and len(written) >= 5:
        return True  # "ومقره": and, a noun, "its"
    return len(written) >= 5 and written.endswith(("ته", "تها", *OBJECT_PRONOUNS))


TANWEEN_FATH = "\u064b"


def is_speaker_stop(word: str) -> bool:
    """Ends a speaker phrase. "فإن"/"وإن" only with their hamza: "فان دايك" is a name. A word
    written with tanween fath ("ضاحكًا", "مبتسماً") is a circumstance of the verb, never a name's."""
    if TANWEEN_FATH in word:
        return True
    key = norm(word)
    if key in ("فان", "وان"):
        return "إ" in word
    return key in SPEAKER_STOPS


# ==========================================================================================
# Page furniture, box labels and credit lines (importer-html). Everything a news page
# prints around a story, as data: `articles/importer/furniture.py` builds its tests from
# these tables. Phrases are written as printed; they are compared after `normalize`.
# ==========================================================================================

# Label lines, by what follows them. A label is the phrase at the start of a line, then
# the end of the line or a separator (":", "/", "-", "…") and its content.
LABELS = {
    "source": "المصدر|مصدر",
    "keywords": (
        "كلمات دلالية|الكلمات الدلالية|كلمات مفتاحية|الكلمات المفتاحية|الكلمات الدالة|كلمات دالة"
        "|وسوم|الوسوم|تاجز|تاغز|الموضوعات المرتبطة|tags|keywords"
    ),
    # A box of related headlines, or (the seed's format) one headline and a second story.
    kinds.READ_ALSO: (
        "اقرأ أيضا|إقرأ أيضا|واقرأ أيضا|اقرأ ايضا|اقرا ايضا|إقرأ ايضا|اقرأ كذلك|قد يهمك|قد يهمك أيضا"
        "|للمزيد|للمزيد اقرأ|شاهد أيضا|شاهد ايضا|شاهد أيضاً|اقرأ المزيد|طالع أيضا|يهمك أيضا"
    ),
    kinds.SIMILAR: (
        "مقالات مشابهة|مقالات ذات صلة|أخبار ذات صلة|مواضيع ذات صلة|موضوعات ذات صلة|قصص ذات صلة"
        "|مواضيع ذات علاقة|أخبار متعلقة|مواضيع متعلقة|مقالات مختارة|مواضيع ساخنة اخرى|مواضيع ساخنة أخرى"
        "|الأكثر قراءة|الأكثر مشاهدة|الأكثر تداولا|أخبار مقترحة|اخترنا لك"
        "|المزيد من الأخبار|أخر الأخبار|آخر الأخبار"
    ),
}

# Short lines that are the page, not the story: (kind shown to the editor, phrases). A line
# is furniture when it starts with (or, for `anywhere`, contains) one of the phrases and is short.
FURNITURE_STARTS = {
    "footer": (
        "جميع الحقوق محفوظة|كل الحقوق محفوظة|حقوق النشر محفوظة"
        "|حقوق الطبع محفوظة|copyright|©|all rights reserved"
        "|من نحن|اتصل بنا|سياسة الخصوصية|شروط الاستخدام|لا مانع من الاقتباس|لا مانع من الإقتباس"
    ),
    "share bar": (
        "شارك|شاركها|شارك هذا الخبر|مشاركة الخبر|مشاركه الخبر|انسخ الرابط|نسخ الرابط|طباعة|أرسل لصديق|share"
    ),
    "more link": "تصفح المزيد|اقرأ المزيد|المزيد|عرض المزيد|المزيد من|Previous|Next|السابق|التالي",
    "comments": "اضف تعليق|أضف تعليق|اضف تعليقا|أضف تعليقاً|التعليقات|تعليقات القراء|اترك تعليقا",
    "cookie banner": (
        "نستخدم ملفات تعريف الارتباط|يستخدم هذا الموقع ملفات|ملفات تعريف الارتباط|cookies|we use cookies"
    ),
    "app promo": (
        "يمكنكم تسلم إشعارات|حمل تطبيق|حملوا تطبيق|تابعوا|تابعونا|تابع|اشترك|اشتركوا|لمتابعة"
        "|تابعوا أخبار|للاشتراك|انضم إلى|انضموا"
    ),
    "video widget": "شاهد الفيديو|شاهد بالفيديو|فيديو|شاهد:|بالفيديو|مشاهدة الفيديو|video",
    "caption": "صورة|الصورة|صور|أرشيفية|صورة أرشيفية|صورة تعبيرية|الصورة من|مصدر الصورة|getty images|photo",
    "standfirst": "نقله إلى العربية|ترجمة|ترجمه",
    "syndication": "خدمة|بالاتفاق مع|ينشر بالاتفاق مع|بالتعاون مع",
}
# Phrases that make a short line furniture wherever they stand in it.
FURNITURE_ANYWHERE = {
    "footer": (
        "جميع الحقوق محفوظة|حقوق النشر محفوظة|all rights reserved|لا مانع من الإقتباس|لا مانع من الاقتباس"
    ),
    "cookie banner": "ملفات تعريف الارتباط|cookies",
    "app promo": "تطبيق بي بي سي|غوغل نيوز|جوجل نيوز|google news|تطبيق نبض|app store|google play",
    "tweet embed": "pic.twitter.com|twitter.com/|x.com/|instagram.com/|facebook.com/",
}
# A furniture line is at most this many words (a sentence that mentions "فيديو" is story).
MAX_FURNITURE_WORDS = 25
# Photo credits that end a caption: "(رويترز)", "REUTERS / …", "(الفرنسية)".
PHOTO_CREDITS = (
    "رويترز|أ ف ب|ا ف ب|أ.ف.ب|الفرنسية|فرانس برس|أسوشيتد برس|أ ب|إي بي إيه|الأناضول|غيتي|getty|reuters"
    "|afp|ap|epa|أرشيفية|ارشيفية|سبوتنيك|sputnik|وكالات|رويترز/"
)

# Past-tense verbs that open an agency lead ("طلبت تركيا…", "كشف المتحدث…"): a run of such
# paragraphs after the story's end are teasers of other stories. Feminine ت is added.
LEAD_VERBS = _norm_set(
    """قال أكد أعلن كشف طلب حدد وجه دعا ترك نظم شهد أصدر بدأ قرر وافق رفض أفاد نفى اتهم هدد
    طالب أعرب نشر استقبل التقى بحث عقد أطلق وصل غادر توفي قتل أصيب اعتقل ألقى أوقف تسلم"""
)
# Words that continue a story rather than open another one.
CONTINUING_STARTS = _norm_set("يذكر يشار تجدر كما أما إذ إذا ثم بدوره وبدوره من جهته لكن غير بيد")

# A link line run into the last sentence: "… الآثم. رابط الخبر بصحيفة الوئام: …".
LINK_LINES = "رابط الخبر|رابط المقال|رابط الموضوع|الرابط المختصر|رابط دائم"

# What a front page prints where it cuts a story off: "...المزيد".
CUT_MARKERS = "المزيد|التفاصيل|اقرأ المزيد|تابع القراءة|more"
# Scrapers' stand-ins for a missing headline.
PLACEHOLDERS = "No title found|untitled|no title|بدون عنوان|بلا عنوان"
# Phrases of a photo caption describing who is in the picture.
CAPTION_PHRASES = "يحمل صورة|تحمل صورة|يحملون صور|وعلى جانبيه|من اليمين|من اليسار|(يمين)|(يسار)|في الصورة"

# News agencies and outlets that sign agency copy: "أبوظبي - سكاي نيوز عربية", "(CNN)".
AGENCIES = (
    "سكاي نيوز عربية|سكاي نيوز|CNN|بي بي سي|BBC|فرانس 24|فرانس برس|الفرنسية|أ ف ب|ا ف ب|أ.ف.ب|رويترز"
    "|أسوشيتد برس|د ب أ|الأناضول|واس|بترا|سبوتنيك|الألمانية|وكالات|العربية.نت|العربية نت|الجزيرة|الجزيرة نت"
    "|البوابة العربية للأخبار التقنية|الشرق الأوسط|المدينة|اليوم|عكاظ|سبق|الاقتصادية|الوئام|الرياضي|الخبر"
    "|الميادين|المدينة نيوز|وام|قنا|كونا|بنا|سانا|الأناضول|شينخوا|إرنا|مندوب المدينة|القدس العربي"
)
# Words that open a reporter's credit: "كتب ضحى عرفة", "حوار: آسيا العتروس", "بقلم …".
CREDIT_OPENERS = _norm_set("كتب كتبت بقلم حوار إعداد تقرير تحرير ترجمة متابعة مراسل مراسلة")

# Words in a site's name, when a page title reads "headline - site": "موقع", "بوابة"…
SITE_NAME_WORDS = _norm_set("موقع بوابة جريدة صحيفة قناة مجلة وكالة شبكة راديو تلفزيون")

# Words of a timeline stamp or a date line: "اليوم 13:00", "10 اب", "منذ ساعتين".
TIME_WORDS = _norm_set(
    """اليوم أمس امس الآن منذ ساعة ساعتين ساعات دقيقة دقائق يوم أيام اب آب ايلول كانون
    تشرين محدثة محدث نشر تم نشره آخر تحديث GMT AM PM بتوقيت"""
)

# Cities and places a dateline names (PLACES above holds countries and capitals too).
DATELINE_PLACES = _norm_set(
    """أبوظبي دبي الشارقة القاهرة الإسكندرية الرياض جدة مكة المكرمة المدينة المنورة الدمام
    بيروت دمشق عمان الدوحة الكويت المنامة مسقط صنعاء عدن تعز المكلا بغداد البصرة أربيل الخرطوم
    طرابلس تونس الجزائر الرباط نواكشوط القدس غزة رام الله واشنطن نيويورك لندن باريس برلين
    موسكو بكين طوكيو جنيف زيوريخ بروكسل أنقرة إسطنبول اسطنبول طهران كابل إسلام آباد نيودلهي
    دكار داكار لاغوس نيروبي أديس أبابا ستوكهولم مدريد روما فيينا أثينا الإمارات العربية المتحدة"""
)


def label_phrases(kind_table: dict[str, str]) -> list[tuple[str, str]]:
    """(kind, normalized phrase) longest first, so "قد يهمك أيضا" wins over "قد يهمك"."""
    pairs = [
        (kind, normalize(phrase)) for kind, phrases in kind_table.items() for phrase in phrases.split("|")
    ]
    return sorted(pairs, key=lambda pair: -len(pair[1]))
