"""Write generated stories to the database in bulk (100,000 in a few minutes), through
the one write path (articles.services.create_stories), with pictures from a pool drawn
once per seed (articles.demo.pictures)."""

import io
import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from articles import services
from articles.models import Article, LeadImage, Quote, RelatedLink, Section
from articles.text.normalize import normalize

from . import pictures, vocabulary
from .generate import DemoStory

BATCH = 2000
CREDIT = "رسم نيوزروم"


class PicturePool:
    """The drawn pictures of one seed, made when first asked for: the original in storage
    (`lead/demo/<seed>/<scene>.jpg`) and its renditions. A manifest beside them lets the
    next run on an empty database (media kept) reuse them instead of drawing again."""

    def __init__(self, seed: int):
        self.seed = seed
        self.folder = f"lead/demo/{seed}"
        self.manifest_name = f"{self.folder}/renditions-v1.json"
        self.made: dict[int, dict] = self._load_manifest()
        self.drawn = 0

    def image(self, scene: int) -> LeadImage:
        """An unsaved LeadImage for a story showing `scene` (its renditions already made)."""
        made = self.made.get(scene) or self._make(scene)
        info = pictures.SCENES[scene]
        return LeadImage(
            file=made["source"],
            width=pictures.SIZE[0],
            height=pictures.SIZE[1],
            alt=info.alt,
            caption=info.caption,
            credit=CREDIT,
            renditions=made,
        )

    def _make(self, scene: int) -> dict:
        name = f"{self.folder}/{pictures.SCENES[scene].key}.jpg"
        buffer = io.BytesIO()
        pictures.draw(scene, self.seed).save(buffer, "JPEG", quality=90)
        if default_storage.exists(name):
            default_storage.delete(name)
        name = default_storage.save(name, ContentFile(buffer.getvalue()))
        self.made[scene] = services.store_renditions(name)
        self.drawn += 1
        if default_storage.exists(self.manifest_name):
            default_storage.delete(self.manifest_name)
        default_storage.save(self.manifest_name, ContentFile(json.dumps(self.made).encode()))
        return self.made[scene]

    def _load_manifest(self) -> dict[int, dict]:
        if not default_storage.exists(self.manifest_name):
            return {}
        with default_storage.open(self.manifest_name) as stream:
            made = {int(scene): entry for scene, entry in json.load(stream).items()}
        # Only entries whose every file is still there.
        return {
            scene: entry
            for scene, entry in made.items()
            if all(default_storage.exists(name) for name in _files(entry))
        }


def _files(made: dict) -> list[str]:
    names = [made["source"], made["share"][2]]
    names += [entry[2] for kind in ("avif", "webp", "jpeg") for entry in made.get(kind, [])]
    return names


def write_stories(stories, *, on_batch=None, pool: PicturePool | None = None) -> int:
    """Insert `stories` (an iterable of DemoStory) in batches; returns how many were written.
    With a `pool`, the stories the generator gave a picture get it; without (benchmarks of
    text), none has one."""
    written = 0
    batch: list[DemoStory] = []
    for story in stories:
        batch.append(story)
        if len(batch) >= BATCH:
            written += _write_batch(batch, pool)
            batch = []
            if on_batch:
                on_batch(written)
    if batch:
        written += _write_batch(batch, pool)
        if on_batch:
            on_batch(written)
    return written


def demo_sections() -> dict[str, int]:
    """The demo's sections (vocabulary.SECTIONS), created once through the write path;
    sections editors already made under those names are kept as they are."""
    existing = dict(Section.objects.values_list("key", "id"))
    found = {}
    for order, (name, description, _tags) in enumerate(vocabulary.SECTIONS, start=1):
        pk = existing.get(normalize(name))
        if pk is None:
            pk = services.save_section(Section(name=name, order=order * 10, description=description)).pk
        found[name] = pk
    return found


def _write_batch(batch: list[DemoStory], pool: PicturePool | None) -> int:
    sources = {name: services.get_or_create_source(name) for name in sorted({s.source for s in batch})}
    sections = demo_sections()
    articles = [
        Article(
            headline=story.headline,
            dek=story.dek,
            body="\n\n".join(story.paragraphs),
            source=sources[story.source],
            section_id=sections.get(story.section),
            status=Article.Status.PUBLISHED,
            published_at=story.published_at,
        )
        for story in batch
    ]
    # Links point inside the batch (the generator's read-also story is an earlier one).
    by_index = dict(zip((s.index for s in batch), articles, strict=True))
    by_headline = {a.headline: a for a in articles}
    drafts = []
    for story, article in zip(batch, articles, strict=True):
        links = []
        if story.read_also_index is not None and story.read_also_index in by_index:
            target = by_index[story.read_also_index]
            links.append(RelatedLink(kind=RelatedLink.Kind.READ_ALSO, title=target.headline, target=target))
        links += [
            RelatedLink(kind=RelatedLink.Kind.SIMILAR, title=title, target=by_headline.get(title))
            for title in story.similar_titles
        ]
        quotes = [
            Quote(speaker_name=q.speaker, speaker_role=q.role, text=q.text, kind=q.kind, position=q.position)
            for q in story.quotes
        ]
        image = pool.image(story.picture) if pool is not None and story.picture is not None else None
        drafts.append(
            services.Draft(
                article=article, tags=list(story.tags.items()), quotes=quotes, links=links, image=image
            )
        )
    return len(services.create_stories(drafts))


# The demo's live coverage: one story an editor is updating, so `make run` shows the
# live page, its «تغطية مباشرة» mark and the «تحديثات جديدة» poll.
LIVE_HEADLINE = "تغطية مباشرة: قمة المناخ تدخل يومها الأخير وسط مفاوضات حول التمويل"
LIVE_BODY = (
    "تتابع نيوزروم لحظة بلحظة اليوم الأخير من قمة المناخ، حيث يسعى المفاوضون إلى اتفاق "
    "على تمويل الدول الأكثر تضرراً قبل الجلسة الختامية.\n\n"
    "تُنشر التحديثات هنا فور ورودها، الأحدث أولاً."
)
LIVE_UPDATES = [  # (minutes ago, text, quote, speaker)
    (5, "رئاسة القمة توزع مسودة جديدة للبيان الختامي على الوفود.", "", ""),
    (22, "وفود الدول الجزرية تطلب مهلة إضافية لدراسة بند التمويل.",
     "لا يمكننا أن نوقّع على نص لا يضمن بقاءنا", "رئيس وفد الدول الجزرية"),
    (47, "المتظاهرون يتجمعون أمام مقر القمة مطالبين بالتزامات أوضح.", "", ""),
    (80, "الأمين العام للأمم المتحدة يصل إلى قاعة المفاوضات.",
     "الوقت ينفد، والعالم ينتظر منكم قراراً شجاعاً", "الأمين العام للأمم المتحدة"),
    (125, "انطلاق الجلسة الصباحية بعد تأخير دام ساعة.", "", ""),
]


LIVE_TAGS = [("قمة المناخ", 3), ("الأمم المتحدة", 1)]


def write_live_story(now, pool: PicturePool | None = None) -> Article:
    """One live-coverage story with timestamped updates (and, with a pool, its picture: the
    front page leads with it), through the one write path."""
    from datetime import timedelta

    from articles.models import LiveUpdate

    sections = demo_sections()
    story = Article(
        headline=LIVE_HEADLINE,
        body=LIVE_BODY,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(minutes=150),
        section_id=sections.get("العالم"),
        is_live=True,
    )
    services.save_story(story, tags=LIVE_TAGS)
    updates = [
        LiveUpdate(article=story, posted_at=now - timedelta(minutes=m), text=text, quote=quote, quote_by=by)
        for m, text, quote, by in LIVE_UPDATES
    ]

    def write_parts():
        LiveUpdate.objects.bulk_create(updates)
        if pool is not None:
            image = pool.image(pictures.scene_for([name for name, _ in LIVE_TAGS], 0))
            image.article = story
            image.save()  # its renditions are the pool's, already drawn

    services.save_story(story, write_parts=write_parts)
    return story
