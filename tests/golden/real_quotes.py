"""Golden quotes for ../shared/corpus/real/, written as an Arabic-reading editor would.

Per file: (speaker, role, opening words of the quote[, OPTIONAL]). Only the opening words are
kept — enough to identify the quote, never the text itself (the pages are other people's text
and stay in ../shared).

- speaker: who the page should print, "|"-separated alternatives (a full name and a surname,
  or a role for a body named only by its title); None when the page names nobody.
- role: "|"-separated alternatives ("" allowed), "*" when any role the article gives is fine,
  None when no role must be printed.
- OPTIONAL: a headline-like or slogan-like quoted phrase an editor would accept either way: not
  counted for recall, but a wrong speaker on it still counts against precision.

`score(results)` turns parser output into precision / recall / unknown counts; run
`python -m tests.golden.real_quotes` to print them per file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from articles.text.normalize import normalize

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"
OPTIONAL = "optional"
K = "كردستان|كردستان سري كانيه"
WALAA = "ولاء|ولاء سعيد آل شبر|ولاء آل شبر"
HALA = "هالة الدوسري|الدوسري"
GHABAY = "آفي غباي|غباي"
TRUMP = "دونالد ترامب|ترامب"
ERDOGAN = "رجب طيب أردوغان|أردوغان"
BRANSON = "أندرو برانسون|برانسون"
SALAH = "محمد صلاح|صلاح"
ABBAS_R = "رامي عباس|عباس|رامي عباس عيسى"
# Salah's manager: "اللاعب" alone would print him as the player.
ABBAS_ROLE = "مدير أعمال اللاعب|"
NEMR = "عبدالمحسن النمر|النمر"
QAHTANI = "سعود القحطاني|القحطاني"
SPORTS_MIN = "خالد عبد العزيز|عبد العزيز|وزير الشباب والرياضة المصري|وزير الشباب والرياضة"
GODARD = "جان لوك غودار|غودار|المخرج"
EISEN = "برنار آيزنشيتس|آيزنشيتس"
MAHMOUD_ABBAS = "محمود عباس|عباس|الرئيس الفلسطيني"
KHAMENEI = "علي خامنئي|خامنئي|السيد علي خامنئي|السيد خامنئي"
ALEX = "أليكس"
ADEN = "مجلس المقاومة الشعبية في عدن|مجلس المقاومة الشعبية|المجلس|بيان المجلس|بيان صادر عن المجلس|البيان"
MENDY = "مارسيل مندي|مندي"
HIZAN = "محمد بن عبدالعزيز الحيزان|الحيزان"
PLATINI_SRC = (
    "مصدر مقرب من الفرنسي ميشال بلاتيني|المصدر|مصدر مقرب|المصدر المقرب من الدولي الفرنسي السابق|المصدر المقرب"
)
FLN = "أعضاء المكتب السياسي المعزولون|أعضاء المكتب السياسي|البيان"

EXPECTED: dict[str, list[tuple]] = {
    "d01-bbc-kurdish-fighter-rojava.txt": [
        (K + "|المقاتلة", "*", "سوريا تعددية ديمقراطية", OPTIONAL),
        (K, "*", "احتلال عفرين نقطة تحول", OPTIONAL),
        (K, "*", "لم نعتد الخسارة"),
        (K, "*", "أعتقد أن خوف الأتراك"),
        (K, "*", "بالطبع نحن قلقون"),
        (K, "*", "لا نعول على مشروعنا"),
        ("عصمت شيخ حسن", "المسؤول عن وحدات حماية الشعب في كوباني", "لقد ساعدنا العالم"),
        (None, None, "نضال من أجل الهوية", OPTIONAL),
        (K, "*", "كانت معركتنا هناك"),
        (K, "*", "لكننا أثبتنا بمقاومتنا"),
        ("عصمت شيخ حسن|القائد السكري", "*", "دخول الدبابات والعتاد"),
        ("حسن بصري يالتشين", "*", "فقد سمحنا لبعض القوات"),
        (None, None, "عدو قديم، صديق جديد", OPTIONAL),
        ("ديفيد مكدول", "*", "لقد انتهكت كل من"),
        (K, "*", "نحن لا نرتبط بحزب"),
        (K, "*", "لن أعلق أكثر"),
        (K, "*", "لم ولن نعول"),
        (K, "*", "نحن نثق فقط"),
        ("ديفيد مكدول", "الكاتب المتخصص في الشؤون الكردية|", "كان الأكراد على استعداد"),
    ],
    "d02-bbc-israeli-poll-deal-of-century.txt": [
        (None, None, "تصفية للقضية الفلسطينية", OPTIONAL),
        ("دانيال بايبس", "*", "عملية السلام التي ولدت"),
        ("معظم المشاركين|معظم المشاركين في استطلاع الرأي", "*", "على الرغم من الانتصارات", OPTIONAL),
        (None, None, "من الضروري أن تعترف", OPTIONAL),
        ("رئيس الوزراء الإسرائيلي|بنيامين نتنياهو|نتنياهو", "*", "نحن نحرس السامرة"),
        ("أوباما|باراك أوباما", "*", "نتنياهو يقول إنه"),
        (GHABAY, "*", "بعد عقود من الأوهام"),
        (GHABAY, "*", "نحن في حزب العمل"),
        (GHABAY, "*", "القدس الموحدة أهم"),
    ],
    "d03-bbc-saudi-guardianship-campaign.txt": [
        (WALAA, "*", "طالما أقول الحق"),
        (WALAA, "*", "كانت اهتماماتي من قبل"),
        (WALAA, "*", "متساوية مع الرجل"),
        (WALAA, "*", "لايتم التعامل مع النساء"),
        (WALAA, "*", "هناك تغييرات لا يمكن"),
        ("منظمة هيومن رايتس|هيومن رايتس", "*", "تخضع حياة المرأة"),
        ("بعض الناشطات", "*", "هل نتحدث عن السعودية"),
        ("بعض الناشطات", "*", "أنا مذهولة من حالة"),
        ("بعض الناشطات", "*", "أبغى أعيش في السعودية"),
        ("الوفد|الوفد السعودي", "*", "لم يتم فيها أي تمييز", OPTIONAL),
        ("الوفد|الوفد السعودي", "*", "يجب على كل المؤسسات"),
        (HALA, "*", "الإنكار لوضع النساء"),
        (HALA, "*", "السعودية لاتزال دولة"),
        (None, None, "يحاولن الخروج عن الإسلام", OPTIONAL),
        (WALAA, "*", "أن تعامل المرأة السعودية"),
        (WALAA, "*", "الدين لم يأمر بالولاية"),
        (WALAA, "*", "فهناك قضايا أخرى"),
        (WALAA, "*", "بمؤسسات مجتمع مدني"),
        (HALA, "*", "المجتمع المدني في المملكة"),
        (HALA, "*", "الإنترنت - للأسف"),
        (HALA, "*", "لا يوجد إعلام مستقل"),
        (HALA, "*", "لذا فإن حملة"),
    ],
    "d04-cnn-trump-khashoggi-first-comment.txt": [
        (TRUMP, "*", "أشعر بالقلق حيال ذلك"),
        (TRUMP, "*", "لا أحب أن أسمع"),
        (TRUMP, "*", "هناك بعض القصص السيئة"),
        ("خالد بن سلمان|خالد بن سلمان بن عبد العزيز", "*", "زائفة تماما، ولا أساس"),
        ("خالد بن سلمان|خالد بن سلمان بن عبد العزيز|البيان", "*", "هناك العديد من الحقائق"),
        ("خالد بن سلمان|خالد بن سلمان بن عبد العزيز", "*", "أؤكد لكم أن التقارير"),
        ("مايك بنس", "*", "منزعج بشدة لسماع"),
        (ERDOGAN, "*", "دخل القنصلية العام"),
        (ERDOGAN, "*", "ينبغي أن يكون لدى"),
        (ERDOGAN, "*", "أنا أتابعها كرئيس"),
        (ERDOGAN, "*", "بدأوا تحقيقا والجهود"),
        (ERDOGAN, "*", "في الوقت الحالي هناك"),
        ("اثنان من كبار المسؤولين|اثنان من كبار المسؤولين في إدارة البلاد", "*", "ليس لديها معلومات"),
        (
            "خالد بن سلمان|خالد بن سلمان بن عبد العزيز|سفير السعودية لدى الولايات المتحدة",
            "*",
            "جمال هو مواطن سعودي",
        ),
        ("مصدر مسؤول في وزارة الخارجية السعودية|مصدر مسؤول", "*", "لا أساس لها من الصحة"),
        ("القيادة العامة للقوات المسلحة الليبية", "*", "إلقاء القبض على", OPTIONAL),
    ],
    "d05-cnn-istanbul-consulate-protest.txt": [
        (None, None, "لن نرحل بدون", OPTIONAL),
        ("مصدر سعودي مسؤول", "*", "خاشقي زار القنصلية"),
        ("إبراهيم قالن", "المتحدث باسم الرئاسة التركية", "ما نعرفه هو أن"),
        ("سعد الحريري", "*", "لم يعد يتحمل اقتصاديا", OPTIONAL),  # a teaser of another story
        ("عبدالفتاح السيسي", "*", "تحيه تقدير وإعزاز", OPTIONAL),
    ],
    "d06-cnn-alaa-mubarak-photo.txt": [
        ("علاء|علاء مبارك", "*", "صحفي مهذب اعتبر"),
        ("علاء|علاء مبارك", "*", "واضح أنه لم يتابع"),
        ("علاء|علاء مبارك", "*", "احترم عقول الناس"),
        ("هيلي السعدني", "*", "أخذت هذه الصورة"),
        ("هيلي السعدني", "*", "الشخص الذي قام بذلك"),
        ("هيلي السعدني", "*", "عار!", OPTIONAL),
        ("مقتدى الصدر", "*", "صبرنا ينفد", OPTIONAL),
    ],
    "d07-skynews-branson-trial.txt": [
        ("مسؤول تركي كبير", "*", "القضاء مستقل والفصل"),
        ("هالافورت", "المحامي|", "لم يكن منزعجا عندما"),
        (None, None, "ارتكاب جرائم لحساب", OPTIONAL),
        (None, None, "على سبيل التجسس", OPTIONAL),
        (BRANSON, "*", "جئت إلى تركيا عام"),
        (BRANSON, "*", "لم أفعل شيئا في الخفاء"),
        (BRANSON, "*", "أنا لا أقبل"),
        (BRANSON, "*", "كنا ننتظر بعض الأحداث", OPTIONAL),
        ("صاحبة متجر|صاحبة متجر يبعد شارعين عن بيته", "*", "أنا أعرف الجميع"),
    ],
    "d08-skynews-iran-missile-fiasco.txt": [
        (None, None, "موقع تحطم الصاروخ", OPTIONAL),
        ("فريق التواصل|فريق التواصل الإلكتروني في وزارة الخارجية الأميركية", "*", "نشرت وسائل إعلام مقربة"),
        (
            "فريق التواصل|الحساب الناطق بالعربية|فريق التواصل الإلكتروني في وزارة الخارجية الأميركية",
            "*",
            "لكن بنظرة فاحصة",
        ),
        ("إيران|أمير حاتمي", "*", "من صنع محلي", OPTIONAL),
        ("أمير حاتمي|حاتمي", "*", "تأكدوا أنه كلما"),
    ],
    "d09-skynews-salah-twitter-campaign.txt": [
        (SALAH, "*", "بكل أسف طريقة التعامل"),
        (ABBAS_R, ABBAS_ROLE, "لماذا ننقل الأمر"),
        (ABBAS_R, ABBAS_ROLE, "لم يتم التواصل معنا"),
        (ABBAS_R, ABBAS_ROLE, "نواجه مشكلة جدية"),
        (ABBAS_R, ABBAS_ROLE, "أي استخدام غير مصرح"),
        ("مجدي عبدالغني", "عضو مجلس إدارة اتحاد الكرة", "نسعى للتواصل مع اللاعب"),
        (SPORTS_MIN, "*", "سنتواصل مع جميع الأطراف"),
    ],
    "d10-alarabiya-alnemer-interview.txt": [
        (NEMR, "*", "لجأت للحلول الطبيعية"),
        ("محمد عبده", "فنان العرب|", "السعودي كان يعيش"),
        (NEMR, "*", "في بعض الأحيان فرضت"),
        (NEMR, "*", "الأرقام الأولى أخذت"),
        (NEMR, "*", "إن شاء الله نرجع"),
        (NEMR, "*", "صبغة كلها بـ", OPTIONAL),
        (NEMR, "*", "البركة في إم بي سي"),
    ],
    "d11-alarabiya-twitter-fake-accounts.txt": [
        ("مارك وارنر", "*", "أتمنى لو أن تويتر"),
        ("ديك كوستولو|ديل كوستولو|كوستولو", "*", "نحن نحاول التعامل"),
        ("سامويل وولي", "مدير الأبحاث في مختبر الذكاء الرقمي|", "عندما يكون لديك حساب"),
    ],
    "d12-france24-saudi-media-blacklist.txt": [
        (QAHTANI, "*", "بعض ملاك القنوات"),
        (QAHTANI, "*", "مقاطعتهم مطلب وطني"),
        (QAHTANI, "*", "قال سمو الأمير خالد الفيصل"),
        (QAHTANI, "*", "لا يوجد عاقل يرضى"),
        (QAHTANI, "*", "مالم يعتذروا بشكل"),
        ("بندر العريفي", "*", "سوف نضعهم في"),
        ("حسن بن ملفي الودعاني", "*", "أيعقل قنوات مملوكة"),
        ("مرام عبد العزيز", "*", "وهناك إعلاميون وإعلاميات"),
        ("داود الشرياني", "*", "الرئيس التنفيذي لهيئة الإذاعة", OPTIONAL),
        ("إبراهيم عيسى", "*", "اليد السعودية مغموسة"),
    ],
    "d13-france24-salah-plane-photo.txt": [
        (SALAH, "*", "أنا بشكر كل الناس"),
        (SALAH, "*", "في الحقيقة رد الفعل"),
        (SPORTS_MIN, "*", "تم الاتفاق مع المهندس"),
        (SPORTS_MIN, "*", "أؤكد أننا جميعا"),
        ("هاني أبو ريدة|أبو ريدة", "*", "أي أمر سبب له"),
        ("هاني أبو ريدة|أبو ريدة|رئيس الاتحاد المصري لكرة القدم", "*", "لا توجد أي مشكلة"),
        (SALAH, "*", "بكل أسف طريقة التعامل"),
        (ABBAS_R + "|المحامي", "*", "أي استخدام غير مصرح"),
        (SPORTS_MIN, "*", "مع جميع الأطراف لحل"),
        (None, None, "رمز القوة الناعمة لمصر", OPTIONAL),
        ("أحمد أبو زيد", "*", "رمز القوة الناعمة لمصر", OPTIONAL),
    ],
    "d14-france24-godard-cannes.txt": [
        (GODARD, "*", "أحدثكم عن التضامن"),
        ("تيري فريمو", "المندوب العام لمهرجان كان", "أعلن غودار أنه سيأتي"),
        (GODARD, "*", "في التلفزيون كما على"),
        ("فابريس أرانيو", "*", "تلصيق، مونتاج", OPTIONAL),
        (None, None, "هل يمكن للعرب", OPTIONAL),
        (EISEN, "*", "ثم اللحظات الهادئة"),
        (EISEN, "*", "كنت دائما في القصة"),
        (None, None, "ماذا يجب أن نفهم", OPTIONAL),
        (None, None, "غودار يصنع نفس الفيلم", OPTIONAL),
        (None, None, "أغبى سويسري موال للصين", OPTIONAL),
        (None, None, "أغبى سويسري موال للعرب", OPTIONAL),
        (GODARD, "*", "الشرق، أكثر من الغرب", OPTIONAL),
    ],
    "d15-almayadeen-abbas-turkish-parliament.txt": [
        (MAHMOUD_ABBAS, "*", "القدس بالنسبة لكم"),
        (MAHMOUD_ABBAS, "*", "ليس منا من يفرط"),
        (MAHMOUD_ABBAS, "*", "#غزة جزء أصيل", OPTIONAL),
        (MAHMOUD_ABBAS, "*", "الشعب الفلسطيني بجميع"),
        (MAHMOUD_ABBAS, "*", "التحرك لوقف الانتهاكات"),
        (MAHMOUD_ABBAS, "*", "كيف يمكن للمجتمع الدولي أن يبقى صامتاً"),
        (MAHMOUD_ABBAS, "*", "كيف يمكن للمجتمع الدولي أن يبقى صامتا ", OPTIONAL),
        (MAHMOUD_ABBAS, "*", "لن يهدأ لنا بال"),
        (MAHMOUD_ABBAS, "*", "التمسك بحقوقنا الوطنية"),
        (MAHMOUD_ABBAS, "*", "لا استقرار في كل"),
        (MAHMOUD_ABBAS, "*", "اجتثاث الوجود الفلسطيني"),
        (MAHMOUD_ABBAS, "*", 'هدف "إسرائيل" الحقيقي', OPTIONAL),
        (MAHMOUD_ABBAS, "*", "نقدر دور تركيا"),
    ],
    "d16-almayadeen-hezbollah-shamir.txt": [
        (
            "المقاومة الإسلامية في لبنان|المقاومة الإسلامية في لبنان - حزب الله|المقاومة الإسلامية|حزب الله",
            "*",
            "قصفها لأول مرة",
            OPTIONAL,
        ),
        ("حسين السيد", "*", "نيران مباشرة من لبنان", OPTIONAL),
        (None, None, "طائرة من دون طيار", OPTIONAL),
        ("علي مرتضى", "*", "اعتداءات إسرائيلية استهدفت", OPTIONAL),
        ("وسائل إعلام إسرائيلية", "*", "أضرار كبيرة داخل مبنى", OPTIONAL),
    ],
    "d17-almayadeen-khamenei-speech.txt": [
        (KHAMENEI, "*", "قبضة الأعداء ليست"),
        (KHAMENEI, "*", "الاعتماد على أنفسنا"),
        (KHAMENEI, "*", "التهويل بقدرة الأعداء"),
        (KHAMENEI, "*", "هدف العدو من الحرب"),
        (KHAMENEI, "*", "التراجع غير التكتيكي"),
        (KHAMENEI, "*", "شهداؤنا ومجاهدونا"),
        (KHAMENEI, "*", "هناك العديد من الدول"),
        (KHAMENEI, "*", "تغيير ثقافتنا لصالح"),
    ],
    "d18-almayadeen-wsj-rifles-translation.txt": [
        (None, None, "بيع البنادق الأميركية للشرطة", OPTIONAL),
        ("فان هولين|كريس فان هولين|أحد أعضاء مجلس الشيوخ", "*", "يتخوف من احتمال", OPTIONAL),
        ("جيسيكا لويس", "*", "لقد أكد لنا الجانب"),
    ],
    "d19-aawsat-nyt-isis-american.txt": [
        (ALEX, "*", "شعرت بأنني أخون"),
        (ALEX, "*", "لكنني شعرت بالإثارة"),
        ("ناصر ودادي", "*", "لدى كل منا جدار"),
        (ALEX, "*", "يحب أجدادي الحياة"),
        ("جدتها", "*", "كل الأطفال الآخرين"),
        (ALEX, "*", "كنت أبحث عن أولئك"),
        (ALEX, "*", "لكن، بمجرد تأكدهم"),
    ],
    "d20-almadina-aden-prisoners.txt": [
        ("التنظيم|تنظيم داعش|داعش", "*", "من الله عز وجل"),
        (ADEN, "*", "ما تم تداوله حول"),
        (ADEN, "*", "اتصالات وردت من"),
        (ADEN, "*", "إننا أكدنا ولازلنا"),
        (ADEN, "*", "على الالتزام بهذا الأمر", OPTIONAL),
        (ADEN, "*", "لا يزال عشرات منهم"),
        (ADEN, "*", "فبركات إعلامية من"),
        (ADEN, "*", "الإساءة إلى المقاومة"),
        ("قيادة المقاومة", "*", "جميع المقاومين وعموم"),
    ],
    "d21-alyaum-habre-trial.txt": [
        (None, None, "جرائم ضد الانسانية وجرائم حرب وجرائم", OPTIONAL),
        ("حسين حبري|حبري", "*", "الله اكبر", OPTIONAL),
        (None, None, "جرائم ضد الانسانية وجرائم حرب وتعذيب", OPTIONAL),
        ("ابراهيم ديوارا", "*", "لا يعترف بهذه المحكمة"),
        (MENDY, "*", "الاتحاد الافريقي يعتبر"),
        (MENDY, "*", "لذلك فان الرهان"),
        ("ريد برودي", "*", "انها المرة الاولى"),
        ("سليمان غوينغوينغ|غوينغوينغ", "*", "لم يكن احد يستطيع"),
        ("مباكي فال|المدعي", "*", "تناهز ستة مليارات", OPTIONAL),
    ],
    "d22-okaz-media-extremism.txt": [
        ("أسامة جستنية", "*", "لا بد من العمل"),
        ("أحمد عبدالله اليوسف|اليوسف", "*", "لمحاربة الفكر الضال"),
        ("زامل أبو زنادة|أبو زنادة", "*", "إن إعطاء المساحات"),
        (HIZAN, "*", "إن استخدام وسائل الإعلام"),
        (HIZAN, "*", "مرتبطة كذلك بالكيف"),
        (HIZAN, "*", "فيما يتعلق بالوسائل"),
    ],
    "d23-sabq-recruitment-crisis.txt": [
        ("سبق", "*", "إن ما يحدث في سوق", OPTIONAL),
    ],
    "d24-aleqt-fifa-election-date.txt": [
        ("فيفا", "*", "حددت الجمعية العمومية", OPTIONAL),
        (PLATINI_SRC, "*", "إنه يدرس جديا"),
        (PLATINI_SRC, "*", "بلاتيني يعرف أنه"),
        (PLATINI_SRC + "|ميشال بلاتيني|بلاتيني", "*", "استمع إلى عدد كبير"),
    ],
    "d25-alweeam-gulf-press-review.txt": [
        (None, None, "الارهاب الاعمى يضرب", OPTIONAL),
        (None, None, "الارهاب الاسود يضرب", OPTIONAL),
        (None, None, "داعش يستهدف المصلين", OPTIONAL),
        (None, None, "جمعة الارهاب", OPTIONAL),
        ("منصور الجمري", "*", "ان الفاجعة كان"),
        ("صحيفة الشرق|الشرق|افتتاحية صحيفة الشرق", "*", "إثارة الزوبعات في دول"),
        (None, None, "مع الكويت ضد الإرهاب", OPTIONAL),
        (None, None, "الكويت تتحدى الطائفية", OPTIONAL),
    ],
    "d26-aljazirah-airline-sukuk.txt": [
        (None, None, "جي بي مورجان تشايس", OPTIONAL),
        ("بندر المهنا|المهنا", "*", "هناك إجراءات كثيرة"),
    ],
    "d27-arreyadi-nassr-song.txt": [
        ("ناصر الصالح", "*", "وصلني اتصال من"),
        ("خالد العوض", "*", "متحدي وناوي السنة", OPTIONAL),
    ],
    "d28-elkhabar-mubarak-trial-venue.txt": [
        ("القوى", "*", "إيمانا منا بأن", OPTIONAL),
    ],
    "d29-talaa-fln-politburo.txt": [
        (FLN, "*", "يعد سابقة خطيرة"),
        (None, None, "الغير شرعي", OPTIONAL),
        (FLN, "*", "أعضاء المكتب السياسي يعتبرون"),
    ],
    # HTML pages: the quotes of the story the extractor keeps (page furniture is not scored).
    "d30-sputnik-egypt-covid-cases.html": [],
    "d31-akhbarelyom-naima-akef.html": [],
    "d32-youm7-irrigation-groundwater.html": [],
    "d33-alyaum-fakhrizadeh-burial.html": [
        ("هاني سليمان", "الخبير في الشؤون الإيرانية", "محسن فخري زادة كان"),
        ("فراس إلياس", "*", "انتشرت أعداد أمس"),
        ("تقرير استخباري أمريكي", "*", "يكفي أن تنشر خبرا"),
        ("مصدر", "*", "السلاح الذي انتشل"),
    ],
    "d34-albayan-afghan-envoy.html": [],
    # An interview: the answers follow "-" in the question's paragraph, unquoted; not scored.
    "d35-assabah-sudan-activist-interview.html": [],
    "d36-beirutobserver-saudi-princess-burglary.html": [],
    "d37-elbaladtv-yousra-covid.html": [
        ("ترك آل الشيخ|تركي آل الشيخ", "*", "ألف سلامة عليكي"),
    ],
    "d38-almadinanews-us-covid-deaths.html": [],
    "d40-mugtama-kuwait-news-list.html": [],
    "d39-almayadeen-newscast-no-story.txt": [],
    "d41-aawsat-frontpage-teaser.txt": [],
}


# --- scoring -----------------------------------------------------------------------------------

_MARKS = str.maketrans({c: " " for c in "\"«»“”„'()[]"})


def _key(text: str) -> str:
    return " ".join(normalize(text.translate(_MARKS)).split())


def _alternatives(spec: str | None) -> set[str] | None:
    return None if spec is None else {_key(s) for s in spec.split("|")}


def _matches(entry: tuple, text: str) -> bool:
    opening = _key(entry[2])
    return _key(text)[: len(opening) + 40].find(opening) != -1


def _speaker_right(entry: tuple, speaker: str, role: str) -> bool:
    names = _alternatives(entry[0])
    if names is None:
        return False  # the page names nobody: any speaker printed is wrong
    who = _key(speaker) or _key(role)
    if who not in names and _key(speaker) not in names:
        return False
    if entry[1] == "*" or not speaker:
        return True  # a role-only speaker was judged as the who above
    roles = _alternatives(entry[1]) or {""}
    return _key(role) in roles


def score_file(expected: list[tuple], quotes) -> dict:
    """Counts for one file. `quotes`: objects with .text, .speaker, .role (ParsedQuote)."""
    unmatched = list(expected)
    counts = dict(expected=0, found=0, right=0, wrong=0, unknown=0, extra=0, extra_attributed=0)
    counts["expected"] = sum(1 for e in expected if OPTIONAL not in e[3:])
    wrong_examples = []
    for quote in quotes:
        entry = next((e for e in unmatched if _matches(e, quote.text)), None)
        attributed = bool(quote.speaker or quote.role)
        if entry is None:
            counts["extra"] += 1
            if attributed:
                counts["extra_attributed"] += 1
                wrong_examples.append((quote.speaker, quote.role, quote.text[:40], "not a quote"))
            continue
        unmatched.remove(entry)
        if OPTIONAL not in entry[3:]:
            counts["found"] += 1
        if not attributed:
            counts["unknown"] += 1
        elif _speaker_right(entry, quote.speaker, quote.role):
            counts["right"] += 1
        else:
            counts["wrong"] += 1
            wrong_examples.append((quote.speaker, quote.role, quote.text[:40], entry[0]))
    counts["missed"] = [e[2] for e in unmatched if OPTIONAL not in e[3:]]
    counts["wrong_examples"] = wrong_examples
    return counts


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def score(parse_results: dict) -> dict:
    """{file name: ParseResult} → {"files": {name: counts}, "overall": counts with rates}.

    precision: attributed quotes whose speaker (and role) is right, over every attributed quote
    (a speaker printed on something that is not a quote counts against it);
    recall: expected quotes found, whoever they were given to; unknown: found, no speaker.
    """
    files = {}
    for name, result in parse_results.items():
        if name not in EXPECTED:
            continue
        quotes = [q for a in (result.articles if result is not None else []) for q in a.quotes]
        files[name] = score_file(EXPECTED[name], quotes)
    keys = ("expected", "found", "right", "wrong", "unknown", "extra", "extra_attributed")
    overall = {k: sum(f[k] for f in files.values()) for k in keys}
    for counts in (*files.values(), overall):
        attributed = counts["right"] + counts["wrong"] + counts["extra_attributed"]
        counts["precision"] = _ratio(counts["right"], attributed)
        counts["recall"] = _ratio(counts["found"], counts["expected"])
    return {"files": files, "overall": overall}


def parse_corpus(corpus: Path = CORPUS) -> dict:
    """Every golden file parsed in place: {name: ParseResult}."""
    from articles.importer.decode import decode_bytes
    from articles.importer.parse import parse

    return {
        name: parse(decode_bytes((corpus / name).read_bytes()))
        for name in EXPECTED
        if (corpus / name).exists()
    }


def main(argv: list[str]) -> int:
    if not CORPUS.is_dir():
        print(f"{CORPUS} is absent: nothing to score")
        return 1
    report = score(parse_corpus())
    verbose = "-v" in argv
    print(
        f"{'file':48} {'exp':>4} {'found':>5} {'right':>5} {'wrong':>5} {'unk':>4} {'extra':>5}  prec  recall"
    )
    for name, c in report["files"].items():
        print(
            f"{name[:48]:48} {c['expected']:4} {c['found']:5} {c['right']:5} {c['wrong']:5} {c['unknown']:4} "
            f"{c['extra']:5}  {c['precision']:.2f}  {c['recall']:.2f}"
        )
        if verbose:
            for example in c["wrong_examples"]:
                print("      wrong:", example)
            for missed in c["missed"]:
                print("      missed:", missed)
    o = report["overall"]
    print(
        f"{'overall':48} {o['expected']:4} {o['found']:5} {o['right']:5} {o['wrong']:5} {o['unknown']:4} "
        f"{o['extra']:5}  {o['precision']:.3f}  {o['recall']:.3f}"
        f"  (extra attributed: {o['extra_attributed']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
