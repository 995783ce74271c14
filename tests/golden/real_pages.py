"""Golden expectations for ../shared/corpus/real/, written as an Arabic-reading editor would.

Per file: what the headline starts with, the body's first words, short phrases that must be
(or must not be) in the body, byline, dateline, crossheads, tags and related headlines — or a
refusal. Only short strings to assert with, never paragraphs: the pages are other people's
text and stay in ../shared. Strings are compared after `normalize` (hamza, ة/ه, tashkeel).

`check(page, result)` gives {field: (ok, detail)}; the test module asserts each field and
`tools/real_corpus_report.py` prints them per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from articles.text.normalize import normalize

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"

# Furniture that must never be left in any body, whatever the page.
FURNITURE = (
    "اقرأ أيضا",
    "قصص ذات صلة",
    "مواضيع ذات علاقة",
    "pic.twitter.com",
    "جميع الحقوق محفوظة",
    "تصفح المزيد",
    "يمكنكم تسلم إشعارات",
    "(CNN)--",
    "&quot;",
    "&nbsp;",
    "الكلمات الدالة",
    "الكلمات الدلالية",
    "تاجز",
    "انسخ الرابط",
    "رابط الخبر",
    "نقله إلى العربية",
    "...المزيد",
    "<p",
    "</",
)


@dataclass(frozen=True)
class Page:
    headline: str = ""  # the headline starts with this
    body_starts: str = ""
    contains: tuple[str, ...] = ()  # in the body (or a crosshead)
    absent: tuple[str, ...] = ()  # page furniture of this page: never in the body
    byline: str | None = ""  # None: not checked; "" : none printed
    dateline: str | None = None  # contained in the dateline; None: not checked
    crossheads: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # among the tags
    tags_not: tuple[str, ...] = ()  # never a tag as spelled here (garbled metadata keywords)
    source: tuple[str, ...] = ()  # the source is one of these names (never a handle)
    related: tuple[str, ...] = ()  # among the related headlines
    dek: str = ""  # the dek starts with this
    review: bool | None = None  # needs_review as expected
    refused: bool = False
    title_not: tuple[str, ...] = ()  # never in the headline (site names, entities)
    once: tuple[str, ...] = field(default=())  # in the body exactly once


PAGES: dict[str, Page] = {
    "d01-bbc-kurdish-fighter-rojava.txt": Page(
        headline="أنا كردستان: وثائقي لبي بي سي",
        body_starts="باتت صورة المقاتلات الكرديات",
        crossheads=("احتلال عفرين نقطة تحول", "نضال من أجل الهوية", "عدو قديم، صديق جديد"),
        related=("ماذا تعرف عن حزب العمال الكردستاني", "نبذة: قوات وحدات حماية الشعب الكردي"),
        absent=("نبذة: قوات وحدات", "تطبيق بي بي سي"),
        contains=("ويقول ديفيد مكدول، الكاتب",),
    ),
    "d02-bbc-israeli-poll-deal-of-century.txt": Page(
        headline="معظم الإسرائيليين يتوقعون فشل",
        body_starts="يشير استطلاع للرأي",
        crossheads=("انسجام الأفكار الإسرائيلية",),
        related=("مستشار ترامب يبحث في مصر وقطر",),
        absent=("مستشار ترامب يبحث", "تطبيق بي بي سي"),
        contains=("وقال كوشنير",),
    ),
    "d03-bbc-saudi-guardianship-campaign.txt": Page(
        headline="ناشطة سعودية",
        body_starts="تقول ولاء",
        related=("التغييرات في السعودية منذ أصبح",),
        absent=("التغييرات في السعودية منذ أصبح",),
        contains=("لذا فإن حملة أنا ولية أمري",),
    ),
    "d04-cnn-trump-khashoggi-first-comment.txt": Page(
        headline="أول تعليق من ترامب",
        body_starts="قال الرئيس الأمريكي",
        dateline="واشنطن",
        absent=("طلبت تركيا من المملكة", "إلقاء القبض على الإرهابي المصري"),
        contains=("جمال هو مواطن سعودي",),
    ),
    "d05-cnn-istanbul-consulate-protest.txt": Page(
        headline="توكل كرمان ونجل القرضاوي",
        body_starts="نظمت جمعية",
        dateline="دبي",
        related=("الخارجية التركية تستدعي السفير",),
        absent=("تحمل صورة خاشقجي", "تركت صحيفة", "حدد الرئيس التركي", "قصص ذات صلة"),
    ),
    "d06-cnn-alaa-mubarak-photo.txt": Page(
        headline="تعليق جديد من علاء مبارك",
        body_starts="من جديد عاد علاء مبارك",
        dateline="دبي",
        absent=("قال الفريق ضاحي خلفان", "دعا رجل الدين الشيعي", "الخوذ البيضاء"),
    ),
    "d07-skynews-branson-trial.txt": Page(
        headline="من بطل الأزمة التركية الأميركية",
        body_starts="عندما وقعت عينا",
        dateline="أبوظبي",
        crossheads=("شهود سريون", "لم نكن نعرفه"),
        absent=("سكاي نيوز عربية",),
    ),
    "d08-skynews-iran-missile-fiasco.txt": Page(
        headline="الصواريخ الإيرانية على سوريا",
        body_starts="دفعت المعلومات",
        dateline="أبوظبي",
        absent=("سكاي نيوز عربية",),
    ),
    "d09-skynews-salah-twitter-campaign.txt": Page(
        headline="تويتر يشتعل عالميا",
        body_starts="أشعلت أزمة نجم ليفربول",
        dateline="أبوظبي",
        crossheads=("انفجار المشكلة", "المنتخب وكأس العالم", "الوزير يتدخل"),
    ),
    "d10-alarabiya-alnemer-interview.txt": Page(
        headline="عبدالمحسن النمر:", body_starts="بشخصية تاريخية", byline="فرح السعدي", dateline="دبي"
    ),
    "d11-alarabiya-twitter-fake-accounts.txt": Page(
        headline="تويتر تعلّق أكثر من مليون", body_starts="صعّدت منصة التدوين", dateline="دبي"
    ),
    "d12-france24-saudi-media-blacklist.txt": Page(
        headline="السعودية: قائمة سوداء على تويتر",
        body_starts="قائمة سوداء على الإنترنت",
        dateline="فرانس 24",
        crossheads=("إعلاميو الجزيرة على رأس القائمة",),
    ),
    "d13-france24-salah-plane-photo.txt": Page(
        headline="كيف تسببت صورة محمد صلاح",
        body_starts="يبدو أن الأزمة",
        dateline="فرانس 24",
        crossheads=("رمز القوة الناعمة لمصر",),
    ),
    "d14-france24-godard-cannes.txt": Page(
        headline="مهرجان كان: غودار",
        body_starts="عرض في مهرجان كان",
        byline="مها بن عبد العظيم",
        absent=("مها بن عبد العظيم",),  # the sign-off at the end
    ),
    "d15-almayadeen-abbas-turkish-parliament.txt": Page(
        headline="محمود عباس من البرلمان التركي",
        body_starts="الرئيس الفلسطيني محمود عباس من أمام",
        tags=("محمود عباس", "البرلمان التركي"),
        absent=("أعلنت كتائب القسام معركة", "الميادين نت", "قناة فضائية عربية"),
    ),
    "d16-almayadeen-hezbollah-shamir.txt": Page(
        headline="لبنان: حزب الله يدخل مستوطنة",
        body_starts="المقاومة الإسلامية في لبنان",
        tags=("حزب الله", "فلسطين المحتلة"),
        absent=("@AlMayadeenNews", "قناة فضائية عربية"),
    ),
    "d17-almayadeen-khamenei-speech.txt": Page(
        headline="السيد خامنئي: قبضة الأعداء",
        body_starts="قائد الثورة",
        tags=("السيد علي خامنئي",),
        absent=("قناة فضائية عربية",),
    ),
    "d18-almayadeen-wsj-rifles-translation.txt": Page(
        headline='"وول ستريت جورنال"',
        body_starts='صحيفة "وول ستريت جورنال" تنشر',
        byline="جارد مالسن وغوردون لوبولد",
        once=("صحيفة وول ستريت جورنال تنشر مقالا",),
    ),
    "d19-aawsat-nyt-isis-american.txt": Page(
        headline="«داعش».. والأميركية",
        body_starts="توحي المحادثات",
        byline="روكميني كاليماشي",
        dateline="نيويورك",
        absent=("خدمة «نيويورك تايمز»",),
    ),
    "d20-almadina-aden-prisoners.txt": Page(
        headline="مقاومة عدن: لا إعدامات",
        body_starts="استعادت المقاومة الشعبية",
        byline=None,
        dateline="عدن",
        absent=("مندوب المدينة", "صالح عسكول"),
    ),
    "d21-alyaum-habre-trial.txt": Page(
        headline="محاكمة «تاريخية» للرئيس التشادي", body_starts="بدأت امس الاثنين", dateline="دكار"
    ),
    "d22-okaz-media-extremism.txt": Page(
        headline="لا تتركوا المساحة الإعلامية",
        body_starts="رأى عدد من الأكاديميين",
        byline="خالد الحميدي",
        dateline="مكة المكرمة",
    ),
    "d23-sabq-recruitment-crisis.txt": Page(
        headline="الاستقدام في السعودية",
        title_not=("&quot;",),
        body_starts="الاستقدام لم يعد ترفاً",
        once=("الاستقدام لم يعد ترفاً",),
    ),
    "d24-aleqt-fifa-election-date.txt": Page(
        headline="أمطروه بالدولار المزيف", body_starts="حددت اللجنة التنفيذية", dateline="زيوريخ"
    ),
    "d25-alweeam-gulf-press-review.txt": Page(
        headline="صحف الخليج: الكويت تتحدى", body_starts="تصدر خبر الحادث", absent=("صحيفة الوئام:",)
    ),
    "d26-aljazirah-airline-sukuk.txt": Page(
        headline="صكوك «الطيران»", body_starts="في إطار الأهداف", byline="محمد السهلي"
    ),
    "d27-arreyadi-nassr-song.txt": Page(
        headline="محمد الساير يهدي النصراويين",
        body_starts="انتهى الفنان العراقي",
        byline="طلال عبدالله",
        dateline="جدة",
    ),
    "d28-elkhabar-mubarak-trial-venue.txt": Page(
        headline="نقل محاكمة مبارك إلى أكاديمية الشرطة", body_starts="أعلن رئيس المحكمة"
    ),
    "d29-talaa-fln-politburo.txt": Page(
        headline="تتجه الأوضاع داخل حزب", body_starts="تتجه الأوضاع", review=True
    ),
    "d30-sputnik-egypt-covid-cases.html": Page(
        headline="مصر تسجل 30 إصابة جديدة",
        body_starts="وأوضح الدكتور خالد مجاهد",
        dek="أعلنت وزارة الصحة والسكان المصرية",
        tags=("مصر", "كورونا"),
        # twitter:site "@sputnik_ar" is a handle; the page's <title> names the site.
        source=("Sputnik Arabic", "Sputnik عربي", "سبوتنيك"),
        title_not=("Sputnik",),
        absent=("REUTERS", "عاجل"),
        review=True,
    ),
    "d31-akhbarelyom-naima-akef.html": Page(
        headline="36 عامًا.. سر رحيل نعيمة عاكف",
        body_starts="يصادف اليوم ذكرى ميلاد",
        byline=None,
        tags=("نعيمة عاكف",),
        absent=("رئيس مجلس الإدارة", "مشاركه الخبر"),
        review=True,
    ),
    "d32-youm7-irrigation-groundwater.html": Page(
        headline="وزير الرى يشهد توقيع عقد",
        title_not=("اليوم السابع",),
        body_starts="شهد الدكتور محمد عبد العاطي",
        tags=("جامعة القاهرة",),
        absent=("اضف تعليقاً", "تعليقات القراء"),
        review=True,
    ),
    "d33-alyaum-fakhrizadeh-burial.html": Page(
        headline="طهران تدفن «زادة»",
        body_starts="وسط تهديدات إيرانية",
        byline="حسام أبو العلا",
        # og:site_name "alyaum" is a handle; the page's publisher is named in Arabic.
        source=("صحيفة اليوم", "اليوم"),
        crossheads=("انتكاسة جديدة",),
        review=True,
    ),
    "d34-albayan-afghan-envoy.html": Page(
        headline="القائم بأعمال السفارة الأفغانية",
        body_starts="ثمّن أحمد ساير داودزي",
        absent=("غوغل نيوز", "مؤسسة دبي للإعلام"),
        review=True,
    ),
    "d35-assabah-sudan-activist-interview.html": Page(
        headline="الناشط الحقوقي السوداني خالد عبد الكريم ماسا",
        body_starts="مالذي يحدث في السودان",
        byline="آسيا العتروس",
        absent=("حوار: آسيا العتروس",),
        review=True,
    ),
    "d36-beirutobserver-saudi-princess-burglary.html": Page(
        headline="سرقة منزل أميرة سعودية في باريس",
        body_starts="نشر موقع Middle East Eye",
        byline="Ziad Sankary",
        absent=("Previous:", "مقالات مختارة"),
        review=True,
    ),
    "d37-elbaladtv-yousra-covid.html": Page(
        headline="تركى آل الشيخ بعد إصابة يسرا",
        title_not=("صدى البلد",),
        body_starts="انتشر خبر خلال الساعات",
        byline="ضحى عرفة",
        # article:tag holds CMS-cut words ("تؤكى ا", "تركى ال الشيخ") and the site's own name.
        tags=("يسرا", "تركى آل الشيخ"),
        tags_not=("تؤكى ا", "تركى ال الشيخ", "صدى البلد"),
        source=("قناة صدى البلد", "صدى البلد"),
        absent=("الأكثر مشاهدة", "كتب ضحى عرفة"),
        review=True,
    ),
    "d38-almadinanews-us-covid-deaths.html": Page(
        headline="أميركا :50 الفا حصيلة",
        title_not=("المدينة نيوز",),
        body_starts="بلغت حصيلة الوفيات",
        dateline="بترا",
        absent=("المدينة نيوز :-", "--(بترا)", "لا مانع من الإقتباس"),
        review=True,
    ),
    "d39-almayadeen-newscast-no-story.txt": Page(refused=True),
    "d40-mugtama-kuwait-news-list.html": Page(refused=True),
    # A front-page teaser cut off at "...المزيد": its paragraphs are real copy, so it is imported,
    # but as a draft flagged "truncated" for an editor to complete — refusing would lose them.
    "d41-aawsat-frontpage-teaser.txt": Page(
        headline="انتحاري يفجّر نفسه في الرياض",
        body_starts="فجّر انتحاري سعودي نفسه",
        byline="ناصر الحقباني",
        dateline="الرياض",
        review=True,
    ),
}


def _n(text: str) -> str:
    return " ".join(normalize(text).replace('"', " ").replace("«", " ").replace("»", " ").split())


def check(page: Page, result) -> dict[str, tuple[bool, str]]:
    """{field: (ok, what was found)} for one file's ParseResult."""
    if page.refused:
        refused = result.error is not None and not result.articles
        return {"refusal": (refused, result.error.message if result.error else "imported")}
    if result.error is not None or not result.articles:
        return {"headline": (False, result.error.message if result.error else "no article")}
    article = result.articles[0]
    paragraphs = [t for k, t in zip(article.kinds, article.body, strict=True) if k == "paragraph"]
    crossheads = [t for k, t in zip(article.kinds, article.body, strict=True) if k == "crosshead"]
    body = _n(" ".join(article.body))
    fields: dict[str, tuple[bool, str]] = {}
    title_ok = _n(article.title).startswith(_n(page.headline)) and not any(
        _n(bad) in _n(article.title) for bad in page.title_not
    )
    fields["headline"] = (title_ok, article.title[:60])
    first = paragraphs[0] if paragraphs else ""
    fields["body start"] = (_n(first).startswith(_n(page.body_starts)), " ".join(first.split()[:5]))
    left = [bad for bad in (*FURNITURE, *page.absent) if _n(bad) in body or bad in " ".join(article.body)]
    fields["no furniture"] = (not left, ", ".join(left))
    if page.contains or page.once:
        missing = [want for want in page.contains if _n(want) not in body]
        twice = [want for want in page.once if body.count(_n(want)) != 1]
        fields["body"] = (not missing and not twice, ", ".join(missing + twice))
    if page.byline is not None:
        fields["byline"] = (_n(article.byline) == _n(page.byline), article.byline or "—")
    if page.dateline is not None:
        fields["dateline"] = (_n(page.dateline) in _n(article.dateline), article.dateline or "—")
    if page.crossheads:
        found = {_n(c) for c in crossheads}
        fields["crossheads"] = (all(_n(c) in found for c in page.crossheads), " | ".join(crossheads))
    if page.tags or page.tags_not:
        names = {_n(t.name) for t in article.tags}
        printed = {" ".join(t.name.split()) for t in article.tags}
        ok = all(_n(t) in names for t in page.tags) and not any(t in printed for t in page.tags_not)
        fields["tags"] = (ok, ", ".join(t.name for t in article.tags[:6]))
    if page.source:
        fields["source"] = (_n(article.source) in {_n(s) for s in page.source}, article.source or "—")
    if page.related:
        titles = {_n(link.title) for link in article.related}
        fields["related"] = (
            all(any(_n(r) in t for t in titles) for r in page.related),
            f"{len(article.related)} links",
        )
    if page.dek:
        fields["dek"] = (_n(article.dek).startswith(_n(page.dek)), article.dek[:40])
    if page.review is not None:
        fields["review"] = (article.needs_review == page.review, str(article.needs_review))
    return fields
