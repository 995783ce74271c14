"""Admin search across spelling variants (PRODUCT §4: ignores hamza/diacritic differences).

Editors search drafts too, which the reader index does not hold, so every word is
matched in the stored headline and dek through a variant-tolerant regular expression
(from the one rulebook); published stories the index finds by stem are added.
"""

from django.db.models import Q

from articles.text.normalize import tokenize, variant_regex

from . import search_ids
from .query import trim

MAX_WORDS = 8


def admin_search_filter(search_term: str, fields=("headline", "dek")) -> Q | None:
    words = list(dict.fromkeys(tokenize(trim(search_term))))[:MAX_WORDS]
    if not words:
        return None
    every_word = Q()
    for word in words:
        pattern = variant_regex(word)
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__iregex": pattern})
        every_word &= any_field
    # Trailing space: the last word is complete, not a prefix being typed.
    return every_word | Q(pk__in=search_ids(trim(search_term) + " "))
