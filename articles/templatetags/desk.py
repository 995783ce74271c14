"""Template tags of the editors' desk (admin pages only)."""

from dataclasses import dataclass

from django import template

from ..models import Article

register = template.Library()

QUEUE_SHOWN = 10


@dataclass
class Queue:
    count: int
    stories: list


@register.simple_tag(takes_context=True)
def review_queue(context):
    """The stories waiting for an editor, oldest first, for those who may see stories."""
    request = context.get("request")
    if request is None or not request.user.has_perm("articles.view_article"):
        return None
    waiting = Article.objects.in_review().order_by("created_at", "pk")
    return Queue(count=waiting.count(), stories=list(waiting.only("id", "headline")[:QUEUE_SHOWN]))
