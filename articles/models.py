"""newsroom's data: stories, their quotes, related links, tags and sources (PRODUCT §2)."""

import hashlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds
from .links import pk_slug_url, slug_url
from .text.normalize import clean_input, normalize, slugify


def unicode_slug(text: str, fallback: str) -> str:
    """A never-empty unicode slug for `text` (tatweel, tashkeel and bidi removed)."""
    return slugify(text) or fallback


def _key_fallback(prefix: str, key: str) -> str:
    """Stable slug for a name with no letters or digits (e.g. emoji only)."""
    return f"{prefix}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def _unique_slug(instance: models.Model, base: str) -> str:
    """`base`, or `base-2`, `base-3`… if another row of the same model has it."""
    model = type(instance)
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=instance.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class NamedByKey(models.Model):
    """A name editors type in many spellings: stored clean, matched by its normalized
    `key`, reached by a unique unicode slug. `URL_NAME` is its reader page."""

    URL_NAME = ""

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_input(self.name)
        self.key = normalize(self.name)
        if not self.slug:
            fallback = _key_fallback(self._meta.model_name, self.key)
            self.slug = _unique_slug(self, unicode_slug(self.name, fallback=fallback))
        old_slug = (
            type(self).objects.filter(pk=self.pk).values_list("slug", flat=True).first() if self.pk else None
        )
        super().save(*args, **kwargs)
        if not hasattr(type(self), "old_slugs"):
            return
        redirects = self.old_slugs.model.objects
        # A live slug always wins over an old one pointing elsewhere.
        redirects.filter(old_slug=self.slug).delete()
        if old_slug and old_slug != self.slug:
            redirects.update_or_create(old_slug=old_slug, defaults={"target": self})

    def get_absolute_url(self):
        return slug_url(self.URL_NAME, self.slug)

    def clean(self):
        # The key is not a form field, so Django's own unique check never sees it: a
        # spelling variant of an existing name would reach the database and fail there.
        super().clean()
        twin = self.spelling_twin()
        if twin is not None:
            raise ValidationError({"name": variant_error(self, twin)}, code="variant")

    def spelling_twin(self):
        """Another row whose name is this one in another spelling (same normalized key)."""
        key = normalize(clean_input(self.name or ""))
        return type(self).objects.filter(key=key).exclude(pk=self.pk).first() if key else None


def variant_error(instance, twin) -> str:
    return _("«%(name)s» هو «%(twin)s» نفسه بتهجئة أخرى، وهو موجود. استخدم الموجود، أو ادمج هذا فيه.") % {
        "name": clean_input(instance.name),
        "twin": twin.name,
    }


class Source(NamedByKey):
    URL_NAME = "articles:source"

    name = models.CharField(_("الاسم"), max_length=200)
    slug = models.SlugField(_("المعرّف"), max_length=200, allow_unicode=True, unique=True, blank=True)
    key = models.CharField(_("المفتاح الموحّد"), max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name = _("مصدر")
        verbose_name_plural = _("المصادر")
        ordering = ["name"]
        permissions = [("merge_source", _("يستطيع دمج المصادر"))]


class Tag(NamedByKey):
    URL_NAME = "articles:tag"

    name = models.CharField(_("الاسم"), max_length=100)
    slug = models.SlugField(_("المعرّف"), max_length=120, allow_unicode=True, unique=True, blank=True)
    # Spelling variants ("الشمالية" / "الشماليه") share one key and so are one tag.
    key = models.CharField(_("المفتاح الموحّد"), max_length=100, unique=True, editable=False)

    class Meta:
        verbose_name = _("وسم")
        verbose_name_plural = _("الوسوم")
        ordering = ["name"]
        permissions = [("merge_tag", _("يستطيع دمج الوسوم"))]


class Author(NamedByKey):
    """A writer of our stories; the importer's byline links to one by normalized name."""

    URL_NAME = "articles:author"

    name = models.CharField(_("الاسم"), max_length=200)
    slug = models.SlugField(_("المعرّف"), max_length=200, allow_unicode=True, unique=True, blank=True)
    key = models.CharField(_("المفتاح الموحّد"), max_length=200, unique=True, editable=False)
    role = models.CharField(_("الصفة"), max_length=200, blank=True)
    bio = models.TextField(_("نبذة قصيرة"), max_length=600, blank=True)

    class Meta:
        verbose_name = _("كاتب")
        verbose_name_plural = _("الكتّاب")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        self.role = clean_input(self.role)
        self.bio = clean_input(self.bio)
        super().save(*args, **kwargs)


class Section(NamedByKey):
    """A part of the paper editors define (سياسة، اقتصاد، رياضة…): in the navigation in
    `order`, with its own page and feeds. A story belongs to at most one section — its
    home in the navigation, its kicker and its place on the front page; what else it is
    about is what tags say (many per story)."""

    URL_NAME = "articles:section"

    name = models.CharField(_("الاسم"), max_length=100)
    slug = models.SlugField(_("المعرّف"), max_length=120, allow_unicode=True, unique=True, blank=True)
    key = models.CharField(_("المفتاح الموحّد"), max_length=100, unique=True, editable=False)
    order = models.PositiveSmallIntegerField(
        _("الترتيب"), default=0, help_text=_("الأصغر أولاً في قائمة الأقسام وعلى الصفحة الرئيسية.")
    )
    description = models.CharField(_("وصف قصير"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("قسم")
        verbose_name_plural = _("الأقسام")
        ordering = ["order", "name"]

    def save(self, *args, **kwargs):
        self.description = clean_input(self.description)
        super().save(*args, **kwargs)


class OldSlug(models.Model):
    """A slug a tag, source or section answered to before a rename or a merge: its page answers
    301 to `target`, so links and search engines keep working."""

    old_slug = models.SlugField(_("المعرّف القديم"), max_length=200, allow_unicode=True, unique=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.old_slug


class TagOldSlug(OldSlug):
    target = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="old_slugs")


class SourceOldSlug(OldSlug):
    target = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="old_slugs")


class SectionOldSlug(OldSlug):
    target = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="old_slugs")


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see (the one visibility rule: `Article.visible_q`)."""
        return self.filter(Article.visible_q(now=now))

    def scheduled(self, now=None):
        """Published by an editor for a time still to come: live at `published_at`."""
        return self.filter(Article.scheduled_q(now=now))

    def in_review(self):
        return self.filter(status=Article.Status.REVIEW)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("مسودة")
        REVIEW = "review", _("بانتظار المراجعة")
        # Published with a time still to come is "scheduled" (see `state`).
        PUBLISHED = "published", _("منشور")
        UNPUBLISHED = "unpublished", _("سُحب من النشر")

    class State(models.TextChoices):
        """What an editor sees: the status, with "published" split at the clock."""

        DRAFT = "draft", _("مسودة")
        REVIEW = "review", _("بانتظار المراجعة")
        SCHEDULED = "scheduled", _("مجدول")
        PUBLISHED = "published", _("منشور")
        UNPUBLISHED = "unpublished", _("سُحب من النشر")

    headline = models.CharField(_("العنوان"), max_length=300)
    slug = models.SlugField(_("المعرّف"), max_length=200, allow_unicode=True, blank=True)
    dek = models.TextField(_("الملخص"), blank=True)
    body = models.TextField(
        _("النص"),
        help_text=_("فقرات نصية يفصل بينها سطر فارغ؛ لا يُقبل HTML. الفقرة التي تبدأ بـ «## » عنوان فرعي."),
    )
    byline = models.CharField(
        _("التوقيع"), max_length=300, blank=True, help_text=_("اسم الكاتب أو المراسل كما طُبع.")
    )
    dateline = models.CharField(
        _("مكان الخبر ووكالته"), max_length=200, blank=True, help_text=_("مثل «أبوظبي - سكاي نيوز عربية».")
    )
    excerpt = models.TextField(_("مقتطف"), blank=True, editable=False)
    source = models.ForeignKey(
        Source,
        verbose_name=_("المصدر"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("الكاتب"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("القسم"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    status = models.CharField(
        _("الحالة"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("وقت النشر"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("آخر تحديث"), auto_now=True)
    created_at = models.DateTimeField(_("وقت الإنشاء"), auto_now_add=True)
    needs_review = models.BooleanField(
        _("يحتاج مراجعة"),
        default=False,
        help_text=_("يُعلَّم حين يضطر المستورد إلى التخمين، مثل اشتقاق العنوان."),
    )
    # What the importer guessed or removed, per field: [{"field", "code", "detail", "guess"}].
    import_warnings = models.JSONField(_("ملاحظات الاستيراد"), default=list, blank=True, editable=False)
    # The headline the importer made up from the first sentence; while the headline
    # still equals it the story cannot be published (an editor must write one).
    derived_headline = models.CharField(max_length=300, blank=True, editable=False)
    fingerprint = models.CharField(
        _("بصمة النص الأصلي"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    tags = models.ManyToManyField(
        Tag, through="ArticleTag", related_name="articles", blank=True, verbose_name=_("الوسوم")
    )
    # Ids of computed similar stories, best first; filled in the background after a
    # save (articles/services.py → articles/tasks.py), never per request.
    similar_ids = models.JSONField(default=list, blank=True, editable=False)
    is_live = models.BooleanField(
        _("تغطية مباشرة"),
        default=False,
        help_text=_("خبر تُضاف إليه تحديثات مؤرخة، الأحدث أولاً؛ الصفحة المفتوحة تنبّه القارئ إلى الجديد."),
    )
    # Whether this story's tags are in TagStats now (it was visible at its last write
    # or when it went live). The write path keeps TagStats equal to the visible stories'.
    counted = models.BooleanField(default=False, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("خبر")
        verbose_name_plural = _("الأخبار")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_feed_idx"),
            # Scheduled stories waiting to be counted: a handful of rows, found without a scan.
            models.Index(fields=["published_at"], condition=Q(counted=False), name="article_uncounted_idx"),
            # A section's page and its front-page block: newest first within one section.
            models.Index(fields=["section", "status", "-published_at", "-id"], name="article_section_idx"),
        ]
        permissions = [
            ("publish_article", _("يستطيع نشر الأخبار وجدولتها وسحبها")),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        clean_article(self)
        super().save(*args, **kwargs)
        if not self.slug:
            # Emoji-only or symbol-only headline: fall back to the id, never empty.
            self.slug = str(self.pk)
            type(self).objects.filter(pk=self.pk).update(slug=self.slug)
        if not self.slug:
            # Emoji-only or symbol-only headline: fall back to the id, never empty.
            self.slug = str(self.pk)
            type(self).objects.filter(pk=self.pk).update(slug=self.slug)

    def get_absolute_url(self):
        return pk_slug_url("articles:detail", self.pk, self.url_slug)

    # ---- the one visibility rule ---------------------------------------------------------
    # Readers see a story when it is published and its time has come. Everything that
    # asks "may a reader see it?" (pages, feeds, sitemaps, search, related stories, the
    # cache's next expiry) uses one of these, never its own filter.

    @staticmethod
    def visible_q(prefix: str = "", now=None) -> Q:
        """`prefix` reaches the article through a relation, e.g. "articles__"."""
        return Q(
            **{
                f"{prefix}status": Article.Status.PUBLISHED,
                f"{prefix}published_at__lte": now or timezone.now(),
            }
        )

    @staticmethod
    def scheduled_q(prefix: str = "", now=None) -> Q:
        return Q(
            **{
                f"{prefix}status": Article.Status.PUBLISHED,
                f"{prefix}published_at__gt": now or timezone.now(),
            }
        )

    @property
    def is_visible(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_scheduled(self) -> bool:
        return self.state == self.State.SCHEDULED

    @property
    def state(self) -> str:
        if self.status == self.Status.PUBLISHED:
            return self.State.SCHEDULED if self.published_at > timezone.now() else self.State.PUBLISHED
        return self.State(self.status)

    @property
    def headline_is_derived(self) -> bool:
        """The importer's guessed headline, not yet rewritten by an editor."""
        return bool(self.derived_headline) and clean_input(self.headline) == self.derived_headline

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and self.headline_is_derived:
            raise ValidationError(
                {"headline": _("هذا العنوان اشتقّه المستورد من الجملة الأولى؛ اكتب عنواناً قبل النشر.")},
                code="derived_headline",
            )

    @property
    def url_slug(self) -> str:
        return self.slug or str(self.pk)

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)

    @property
    def blocks(self) -> list[tuple[str, str]]:
        """("paragraph" | "crosshead", text) per body paragraph: "## …" marks a subheading."""
        return [split_block(paragraph) for paragraph in self.paragraphs]


# ---------------------------------------------------------------- cleaning rules
# One set of rules for every writer: Model.save() calls them, and the bulk writers in
# articles/services.py call them on each row before bulk_create (which skips save()).


def clean_article(article: "Article") -> None:
    article.headline = clean_input(article.headline)
    article.dek = clean_input(article.dek)
    article.body = clean_input(article.body)
    article.byline = clean_input(article.byline)
    article.dateline = clean_input(article.dateline)
    article.excerpt = make_excerpt(article.dek or article.body)
    if not article.slug or article.slug != slugify(article.slug):
        article.slug = slugify(article.slug) or slugify(article.headline)
    # An emoji-only headline has no slug: the URL falls back to the id (Article.url_slug).


def clean_quote(quote: "Quote") -> None:
    quote.speaker_name = clean_input(quote.speaker_name)[:200]
    quote.speaker_role = clean_input(quote.speaker_role)[:200]
    quote.text = clean_input(quote.text)
    quote.speaker_slug = slugify(quote.speaker_name)[:200]


def clean_link(link: "RelatedLink") -> None:
    link.title = clean_input(link.title)[:300]
    link.url = clean_input(link.url)


def split_paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


CROSSHEAD_MARK = "## "


def split_block(paragraph: str) -> tuple[str, str]:
    if paragraph.startswith(CROSSHEAD_MARK) and paragraph[len(CROSSHEAD_MARK) :].strip():
        return "crosshead", paragraph[len(CROSSHEAD_MARK) :].strip()
    return "paragraph", paragraph


def make_excerpt(text: str, limit: int = 220) -> str:
    """At most `limit` characters, cut at a word boundary. Not Django's Truncator: its
    chars() cuts inside a word (half an Arabic word reads as another word) and its words()
    cannot bound the length a card has room for."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


class ArticleTag(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tag_links")
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("الوسم")
    )
    # How often the keyword line gave the tag; weighs the tag cloud and similarity.
    weight = models.PositiveSmallIntegerField(_("الوزن"), default=1)

    class Meta:
        verbose_name = _("وسم الخبر")
        verbose_name_plural = _("وسوم الخبر")
        constraints = [
            models.UniqueConstraint(fields=["article", "tag"], name="unique_article_tag"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="article_tag_weight_positive"),
        ]
        indexes = [models.Index(fields=["tag", "article"], name="articletag_tag_idx")]

    def __str__(self):
        return f"{self.tag} ×{self.weight}"


class Quote(models.Model):
    class Kind(models.TextChoices):
        INLINE = kinds.QUOTE_INLINE, _("اقتباس داخل فقرة")
        BLOCK = kinds.QUOTE_BLOCK, _("تصريح مستقل")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    order = models.PositiveIntegerField(_("الترتيب"), default=0)
    speaker_name = models.CharField(_("المتحدث"), max_length=200, blank=True)
    speaker_role = models.CharField(_("صفة المتحدث"), max_length=200, blank=True)
    speaker_slug = models.SlugField(
        max_length=200, allow_unicode=True, blank=True, editable=False, db_index=True
    )
    text = models.TextField(_("نص الاقتباس"))
    kind = models.CharField(_("النوع"), max_length=10, choices=Kind.choices, default=Kind.INLINE)
    # For block quotes: the number of body paragraphs that come before the block.
    position = models.PositiveIntegerField(_("الموضع في النص"), null=True, blank=True)

    class Meta:
        verbose_name = _("اقتباس")
        verbose_name_plural = _("الاقتباسات")
        ordering = ["article", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="unique_quote_order"),
        ]

    def __str__(self):
        return f"{self.speaker_name}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        clean_quote(self)
        super().save(*args, **kwargs)


def validate_http_url(value: str):
    URLValidator(schemes=["http", "https"], message=_("يُقبل رابط http أو https فقط."))(value)


class RelatedLink(models.Model):
    class Kind(models.TextChoices):
        READ_ALSO = kinds.READ_ALSO, _("اقرأ أيضاً")
        SIMILAR = kinds.SIMILAR, _("مقالات مشابهة")
        INLINE = kinds.INLINE, _("عناوين داخل النص")
        MANUAL = kinds.MANUAL, _("رابط يدوي")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    order = models.PositiveIntegerField(_("الترتيب"), default=0)
    kind = models.CharField(_("النوع"), max_length=10, choices=Kind.choices, default=Kind.MANUAL)
    title = models.CharField(_("العنوان"), max_length=300)
    target = models.ForeignKey(
        Article,
        verbose_name=_("الخبر المرتبط"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("رابط خارجي"), max_length=500, blank=True, validators=[validate_http_url])

    class Meta:
        verbose_name = _("رابط ذو صلة")
        verbose_name_plural = _("روابط ذات صلة")
        ordering = ["article", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="unique_related_order"),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="related_url_http_only",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        clean_link(self)
        super().save(*args, **kwargs)


class TagStats(models.Model):
    """How many visible stories carry a tag, and their summed weight: the tag cloud and
    the tag page's count read this row instead of counting. Kept by articles/services.py
    in the transaction of every write (`recount_tags()` rebuilds it from scratch)."""

    tag = models.OneToOneField(Tag, on_delete=models.CASCADE, primary_key=True, related_name="stats")
    stories = models.PositiveIntegerField(default=0)
    weight = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["-stories", "-weight"], name="tagstats_cloud_idx")]

    def __str__(self):
        return f"{self.tag_id}: {self.stories} / {self.weight}"


class PendingRefresh(models.Model):
    """A story whose derived data (search entry, similar stories, its neighbours' similar
    stories) is to be recomputed by the worker (articles/tasks.py).

    One row per story however often it is saved (that is the coalescing); `token`
    changes on every request, so the worker deletes only rows nobody re-requested while
    it worked. Rows are written in the writer's transaction and deleted in the worker's
    after the work: a killed worker leaves them for the next one.
    """

    article_id = models.BigIntegerField(unique=True)
    token = models.CharField(max_length=32, unique=True)
    requested_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.article_id}"


def lead_image_path(instance, filename) -> str:
    """Where an upload is stored: a random name (never the editor's file name, which may
    say more than the story does), its type's extension, by month."""
    import uuid
    from pathlib import PurePosixPath

    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    extension = extension if extension in {"jpg", "jpeg", "png", "webp", "avif"} else "img"
    return timezone.now().strftime(f"lead/%Y/%m/{uuid.uuid4().hex}.{extension}")


class LeadImage(models.Model):
    """A story's lead image: the original as uploaded, its words, and the renditions
    pages show (made once per file by articles/services.py → `make_renditions`).

    Its own table, one row per story, so stories without a picture (most imports) carry
    nothing and the admin edits it as one inline. `renditions` names the files made
    for `source`; while `source` is not the current file (just uploaded, or restored
    without its files) pages show no picture rather than the heavy original.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="lead_image"
    )
    file = models.ImageField(
        _("الصورة"),
        upload_to=lead_image_path,
        max_length=300,
        width_field="width",
        height_field="height",
        help_text=_("JPEG أو PNG أو WebP أو AVIF، لا تقل عن 1200×630 بكسل. تُصنع منها أحجام الصفحات تلقائياً."),
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    alt = models.CharField(
        _("النص البديل"),
        max_length=300,
        help_text=_("ما تُظهره الصورة لمن لا يراها، في جملة قصيرة. مطلوب."),
    )
    caption = models.CharField(_("التعليق"), max_length=400, blank=True)
    credit = models.CharField(
        _("حقوق الصورة"), max_length=200, blank=True, help_text=_("مثل «رويترز» أو اسم المصوّر.")
    )
    # {"source": file name, "avif"|"webp"|"jpeg": [[width, height, name], …] by width,
    #  "share": [width, height, name]}; {} until made.
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("الصورة الرئيسية")
        verbose_name_plural = _("الصورة الرئيسية")

    def __str__(self):
        return self.alt

    def save(self, *args, **kwargs):
        clean_lead_image(self)
        super().save(*args, **kwargs)

    @property
    def ready(self) -> bool:
        """Renditions exist for the current file."""
        return bool(self.renditions) and self.renditions.get("source") == self.file.name


def rendition_names(renditions: dict) -> list[str]:
    """The stored file names a `LeadImage.renditions` record names (every size and the share crop)."""
    names = [entry[2] for kind in ("avif", "webp", "jpeg") for entry in (renditions or {}).get(kind, [])]
    if (renditions or {}).get("share"):
        names.append(renditions["share"][2])
    return names


def clean_lead_image(image: "LeadImage") -> None:
    image.alt = clean_input(image.alt)[:300]
    image.caption = clean_input(image.caption)[:400]
    image.credit = clean_input(image.credit)[:200]


class ReadCount(models.Model):
    """Reads of a story in one hour (UTC), for «الأكثر قراءة» when there is no Redis
    (articles/reads.py); rows older than the window are pruned as new hours begin."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="unique_read_hour")]
        indexes = [models.Index(fields=["hour"], name="readcount_hour_idx")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}: {self.count}"


def _in_two_hours():
    return timezone.now() + timedelta(hours=2)


class BreakingNews(models.Model):
    """The «عاجل» bar on every reader page, from `starts_at` until `expires_at`: the newest
    one live is shown. Pages in any cache end with it (articles/caching/schedule.py)."""

    text = models.CharField(_("نص الخبر العاجل"), max_length=200)
    article = models.ForeignKey(
        Article,
        verbose_name=_("رابط إلى خبر"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("اختياري: الخبر الذي يفتحه الشريط."),
    )
    starts_at = models.DateTimeField(_("يبدأ في"), default=timezone.now)
    expires_at = models.DateTimeField(_("ينتهي في"), default=_in_two_hours)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("خبر عاجل")
        verbose_name_plural = _("الأخبار العاجلة")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["expires_at"], name="breaking_expires_idx")]

    def __str__(self):
        return self.text

    def save(self, *args, **kwargs):
        self.text = clean_input(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.starts_at and self.expires_at and self.expires_at <= self.starts_at:
            raise ValidationError({"expires_at": _("وقت الانتهاء يجب أن يأتي بعد وقت البدء.")})

    @property
    def is_live(self) -> bool:
        return self.starts_at <= timezone.now() < self.expires_at


class LiveUpdate(models.Model):
    """One timestamped update of a live-coverage story (Article.is_live), newest first."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_updates")
    posted_at = models.DateTimeField(_("الوقت"), default=timezone.now)
    text = models.TextField(_("نص التحديث"))
    quote = models.TextField(_("اقتباس"), blank=True)
    quote_by = models.CharField(_("قائل الاقتباس"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("تحديث مباشر")
        verbose_name_plural = _("التحديثات المباشرة")
        ordering = ["-posted_at", "-id"]
        indexes = [models.Index(fields=["article", "-posted_at", "-id"], name="liveupdate_article_idx")]

    def __str__(self):
        return self.text[:60]

    def save(self, *args, **kwargs):
        self.text = clean_input(self.text)
        self.quote = clean_input(self.quote)
        self.quote_by = clean_input(self.quote_by)[:200]
        super().save(*args, **kwargs)
