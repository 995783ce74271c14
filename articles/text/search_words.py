"""Word lists of the search analysis (analysis.py): stop words and words stemming must not touch.

Written as Arabic is written; `_fold` puts them in the analysis's form (no vowel marks,
one alef, hamza seats folded) at import, so a list entry can be spelled naturally.
Stop words keep ى (على "on" is a stop word, علي "Ali" a name).
"""

from .normalize import remove_tashkeel

_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "ء", "ئ": "ء", "ة": "ه"})


def _fold(word: str, keep_maksura: bool) -> str:
    word = remove_tashkeel(word).translate(_ALEFS)
    return word if keep_maksura else word.replace("ى", "ي")


def _stop_set(words: str) -> frozenset[str]:
    return frozenset(_fold(w, keep_maksura=True) for w in words.split())


def _word_set(words: str) -> frozenset[str]:
    return frozenset(_fold(w, keep_maksura=False) for w in words.split())


# Function words: dropped from matching (a reader's «الذين» need not be in the story),
# kept in the index so a quoted phrase still matches them in place.
STOP_WORDS = _stop_set(
    """في من على إلى الى عن مع بين بعد قبل عند لدى حتى منذ خلال حول ضد نحو دون عبر أمام
    وراء فوق تحت سوى غير لكن بل ثم أو أم إما لا لم لن ما ماذا متى أين كيف هل قد لقد إذ إذا
    ان إن أن أنه إنه أنها إنها أنهم أنّ كأن لأن لان كي لكي هذا هذه ذلك تلك هؤلاء أولئك هنا هناك
    الذي التي الذين اللذان اللتان اللواتي اللاتي هو هي هم هن هما نحن أنا أنت أنتم
    كان كانت كانوا يكون تكون ليس ليست كل بعض أي أيضا كما مثل عليه عليها عليهم إليه إليها
    إليهم فيه فيها فيهم منه منها منهم عنه عنها عنهم له لها لهم به بها بهم معه معها لدي
    وفي ومن وعلى وإلى وعن ومع وبين وبعد وقبل وهو وهي وهم ولا ولم ولن وما وقد ولكن وأن وإن
    وكان وكانت وهذا وهذه وذلك والتي والذي والذين فإن فقد فلا بأن بين لما مما عما إنما ألا إلا
    سوف يا ذا تم وتم"""
)

# Words the stemmer returns as they are: names and nouns whose last letters look like a
# suffix (لبنان is not لبن + ان, مليون not ملي + ون), and names that must not meet a
# common word (حسني is not حسن + ي).
PROTECTED = _word_set(
    """الله لبنان إيران عمان السودان سودان اليابان يابان طهران باكستان أفغانستان أذربيجان
    كازاخستان أوزبكستان تركمانستان طاجيكستان قرغيزستان كردستان السلطان سلطان سلمان عثمان
    رمضان شعبان عدنان حمدان غسان مروان عمران زيدان نيسان حزيران ميدان بنيان قحطان
    فلسطين الصين بوتين حسين ياسين أمين حنين تشرين فالنتين لينين كريستين
    مليون مليار قانون كانون زيتون صالون تلفزيون عون هارون شمعون فرعون مأمون ميمون صهيون
    علي حسني مكي زكي ماجد راشد فهد خالد سعيد زايد محمد أحمد مصطفى عيسى موسى يحيى
    قطر دبي الكويت البحرين مكة جدة غزة عدن الأردن بيروت دمشق بغداد القاهرة
    حياة صلاة زكاة مباراة فتاة نواة قناة"""
)

# Stems (after suffixes come off) of words whose first letter و belongs to the root
# (وزارة, ولاية, وطني…): there the و is not the conjunction "and".
WAW_STEMS = _word_set(
    """وزير وزار وزراء وزرا ولاي والي وطن وقت وقع وقف وصول وصف وجود وجه وضع وفد وفق وفا وكال وكيل
    وكلاء ولد ورد ورق وعد وعي وسط وسيل وسائل وحد وحيد وثيق وثائق وظيف وظائف وزن واشنطن واقع
    وارد واجه واجب واضح واسع والد ولاء ودي وادي ودائع وباء وسام وصي وفر وافق وافد وقود ولايات
    وصل ولاد وزاري وجبات وحدت"""
)
