"""Hooks that keep derived data in step with edits.

Other modules (search index, page cache, related stories) register what must
happen when content changes through `content_changed`, so models stay unaware
of them.
"""

from django.dispatch import Signal

# Sent with `article_ids` (a list) after articles were created, edited or deleted
# in bulk or one by one (admin, importer, generator).
content_changed = Signal()
