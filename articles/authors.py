"""Bylines and authors: the printed byline links to an Author when a name in it matches
one, compared by normalized key (spelling variants of a name are one author)."""

from .models import Author
from .text.normalize import normalize


def byline_names(byline: str) -> list[str]:
    """The reporters a byline credits: "صالح عسكول، أحمد الليثى" → two names."""
    return [name.strip() for name in (byline or "").replace("،", ",").split(",") if name.strip()]


def author_id_for(byline: str, author_keys: dict[str, int] | None = None) -> int | None:
    """The first credited name that is one of our authors (`author_keys`: key → id,
    passed by callers that match many bylines, such as the importer)."""
    names = [normalize(name) for name in byline_names(byline)]
    if not names:
        return None
    if author_keys is None:
        author_keys = dict(Author.objects.filter(key__in=names).values_list("key", "id"))
    return next((author_keys[key] for key in names if key in author_keys), None)
