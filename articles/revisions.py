"""A story's revisions (django-reversion) read as an editor reads them: what changed.

Each revision holds the story and its quotes, links and tags as they were saved
together; `changes` compares two revisions line by line (headline, status, each
paragraph, each quote, tag and link) and keeps only what was removed or added.
"""

import difflib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Article, ArticleTag, Quote, RelatedLink, Tag


@dataclass(frozen=True)
class Change:
    added: bool  # False: removed
    text: str


def snapshot(revision) -> list[str]:
    """The revision as readable lines, in a stable order."""
    article, quotes, tags, links = None, [], [], []
    for version in revision.version_set.all():
        model = version.content_type.model_class()
        fields = version.field_dict
        if model is Article:
            article = fields
        elif model is Quote:
            quotes.append(fields)
        elif model is ArticleTag:
            tags.append(fields)
        elif model is RelatedLink:
            links.append(fields)
    if article is None:
        return []
    names = dict(Tag.objects.filter(pk__in=[t["tag_id"] for t in tags]).values_list("pk", "name"))
    status = dict(Article.Status.choices).get(article.get("status"), article.get("status"))
    lines = [
        _("العنوان: %s") % article.get("headline", ""),
        _("الحالة: %s") % status,
        _("وقت النشر: %s") % article.get("published_at", ""),
        _("المعرّف: %s") % article.get("slug", ""),
    ]
    if article.get("dek"):
        lines.append(_("الملخص: %s") % article["dek"])
    paragraphs = [p.strip() for p in (article.get("body") or "").split("\n\n") if p.strip()]
    lines += [_("فقرة: %s") % paragraph for paragraph in paragraphs]
    for quote in sorted(quotes, key=lambda q: (q.get("order", 0), q.get("id", 0))):
        lines.append(
            _("اقتباس: %(speaker)s — %(text)s")
            % {
                "speaker": quote.get("speaker_name") or _("بلا متحدث"),
                "text": quote.get("text", ""),
            }
        )
    for tag in sorted(tags, key=lambda t: names.get(t["tag_id"], "")):
        name = names.get(tag["tag_id"], f"#{tag['tag_id']}")
        lines.append(_("وسم: %(name)s ×%(weight)s") % {"name": name, "weight": tag.get("weight", 1)})
    for link in sorted(links, key=lambda link: (link.get("order", 0), link.get("id", 0))):
        lines.append(_("رابط: %s") % link.get("title", ""))
    return lines


def changes(older: list[str], newer: list[str]) -> list[Change]:
    return [
        Change(added=line.startswith("+"), text=line[2:])
        for line in difflib.ndiff(older, newer)
        if line[:1] in "+-"
    ]


def history_changes(versions) -> dict[int, list[Change]]:
    """Version id → what that save changed against the save before it (newest first in,
    any order out). The first revision lists everything it had."""
    ordered = sorted(versions, key=lambda v: (v.revision.date_created, v.pk))
    result, previous = {}, []
    for version in ordered:
        current = snapshot(version.revision)
        result[version.pk] = changes(previous, current)
        previous = current
    return result
