"""Word lists the raw-text importer reads Arabic news copy with.

Plain data in normalized form (see `normalize`): no hamza, ة→ه, ى→ي. Kept beside the
normalization rulebook because they are Arabic text rules, not parsing code.
"""

from functools import lru_cache

from .normalize import normalize, remove_tashkeel


@lru_cache(maxsize=200_000)
def norm(word: str) -> str:
    """`normalize` for one word, cached: the importer asks about the same words again and again."""
    return normalize(word)


def _norm_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# Past-tense speech verbs, masculine; the feminine adds ت ("قالت", "أضافت").
_SPEECH_VERBS = _norm_set(
    """قال أضاف أفاد تابع أكد أوضح أشار ذكر صرح شدد اعتبر لفت كتب أعلن ختم استطرد علق
    غرد نوه أردف رأى أبلغ أخبر حذر طالب دعا نفى اعترف أقر تساءل ردد روى أشاد ثمن انتقد
    رحب أعرب اتهم هاجم"""
)
# Participles that continue the current speaker's words: "مضيفا أن…", "لافتة إلى…".
_CONTINUATIONS = _norm_set(
    """مضيفا مضيفة مشيرا مشيرة لافتا لافتة موضحا موضحة مؤكدا مؤكدة متابعا متابعة
    معتبرا معتبرة مشددا مشددة قائلا قائلة منوها منوهة مستطردا مستطردة محذرا محذرة
    مردفا مردفة مبينا مبينة"""
)
# Attribution without a verb: "وبحسب بيسكوف…", "وفق ما أعلن…".
ATTRIBUTIONS = _norm_set("بحسب حسب وبحسب وحسب وفق ووفق وفقا ووفقا طبقا تعبير")

# Month and weekday names: a short line made of them and digits is a dateline, not a paragraph.
DATE_WORDS = _norm_set(
    """يناير فبراير مارس أبريل إبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
    كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين الأول الثاني
    الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت ص م صباحا مساء"""
)
# How site furniture scraped with the story starts: "تابعوا آخر الأخبار…", "شاهد أيضا…".
BOILERPLATE_STARTS = _norm_set("تابعوا تابعونا شاهد شاهدوا اشترك اشتركوا حمل حملوا لمتابعة للمزيد")

# Words that end a speaker phrase: the complementizer or the start of a circumstance.
SPEAKER_STOPS = _norm_set(
    """أن إن بأن فإن وإن لأن أنه إنه بأنه أنها إنها بأنها أنهم إنهم بأنهم أننا إننا بأننا ما
    في خلال عقب بعد أمام عبر لدى اليوم أمس الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة
    السبت إلى الى قائلا قائلة حيث وهو وهي ل لـ لوسائل للصحفيين بالقول قوله حديثه حديثها كلمته
    كلمتها تصريحه تصريحها تصريحات بيان بيانا مؤتمر تغريدة منشور"""
)

# Words that are never part of a person's name.
FUNCTION_WORDS = _norm_set(
    """في من على إلى الى عن مع بين بعد قبل عند لدى حتى منذ خلال حول ضد نحو دون
    و أو ثم لكن بل لا لم لن قد هل ما ماذا هذا هذه ذلك تلك الذي التي الذين هو هي هم
    كل بعض أي غير باسم لصالح عبر أمام وراء فوق تحت أيضا كما إن أن كان كانت"""
)

# Nouns that head a title or office: "الناطق باسم الكرملين", "وزيرة الخارجية".
ROLE_HEADS = _norm_set(
    """رئيس رئيسة زعيم زعيمة وزير وزيرة ناطق ناطقة متحدث متحدثة مدرب مدربة مدير مديرة
    أمين أمينة قائد قائدة سفير سفيرة محافظ محافظة نائب نائبة عضو عضوة مستشار مستشارة
    ملك ملكة أمير أميرة ولي مسؤول مسؤولة خبير خبيرة محلل محللة لاعب لاعبة نجم نجمة
    مهاجم حارس مفوض مفوضة مبعوث مبعوثة مندوب مندوبة كاتب كاتبة روائي روائية فنان فنانة
    مخرج مخرجة باحث باحثة أستاذ أستاذة عميد عميدة رئيس قاضي قاضية نقيب محامي محامية
    طبيب طبيبة مراسل مراسلة منسق منسقة مديرعام عالم عالمة الأمين المتحدث شيخ بطل بطلة
    عداء عداءة سباح سباحة مسؤولو محافظ الحاكم حاكم"""
)

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

SENTENCE_END = ".!?؟…"


@lru_cache(maxsize=100_000)
def word_kind(word: str) -> str:
    """ "verb", "continuation", "attribution" or "" for one cleaned word."""
    if is_speech_verb(word):
        return "verb"
    if is_continuation(word):
        return "continuation"
    if is_attribution(word):
        return "attribution"
    return ""


@lru_cache(maxsize=100_000)
def is_speech_verb(word: str) -> bool:
    """A past-tense speech verb, with or without و/ف and the feminine ت ("وأضافت")."""
    for form in _with_conjunction(norm(word)):
        if form in _SPEECH_VERBS or (form.endswith("ت") and form[:-1] in _SPEECH_VERBS):
            return True
    return False


def is_continuation(word: str) -> bool:
    return any(form in _CONTINUATIONS for form in _with_conjunction(norm(word)))


def is_attribution(word: str) -> bool:
    return norm(word) in ATTRIBUTIONS


@lru_cache(maxsize=100_000)
def is_role_head(word: str) -> bool:
    return any(form in ROLE_HEADS for form in _without_article(norm(word)))


def _with_conjunction(word: str) -> tuple[str, ...]:
    if len(word) > 3 and word[0] in "وف":
        return (word, word[1:])
    return (word,)


def _without_article(word: str) -> tuple[str, ...]:
    forms = [word]
    for prefix in ("وال", "فال", "بال", "ال", "و"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.append(word[len(prefix) :])
    return tuple(forms)


def has_article(word: str) -> bool:
    """Starts with the definite article, possibly behind a clitic: ال، وال، بال، لل…"""
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


def is_speaker_stop(word: str) -> bool:
    """Ends a speaker phrase. "فإن"/"وإن" only with their hamza: "فان دايك" is a name."""
    key = norm(word)
    if key in ("فان", "وان"):
        return "إ" in word
    return key in SPEAKER_STOPS
