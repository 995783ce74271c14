"""Image files no lead image names any more: originals an editor replaced or removed,
renditions of those originals, a story's files after it was deleted.

Nothing deletes them at the moment of the edit: a page already in a reader's cache, in
Varnish's grace or in a feed reader still names the old renditions (their URLs are
immutable), and a restore may bring back rows that name them. So `manage.py prune_images`
deletes, through the storage API (local media or S3 alike), the files under the image
folders that no row names and that are older than a grace period (a day by default).
"""

from collections.abc import Iterator
from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone

# The folders lead images are stored in (models.lead_image_path, services.store_renditions).
FOLDERS = ("lead", "renditions")
GRACE = timedelta(days=1)


def names_in_use() -> set[str]:
    """Every file name a lead image row names: its original and each rendition."""
    from articles.models import LeadImage, rendition_names

    used: set[str] = set()
    for original, made in LeadImage.objects.values_list("file", "renditions").iterator(chunk_size=2000):
        used.add(original)
        used.update(rendition_names(made))
    return used


def stored_files(folder: str) -> Iterator[str]:
    """The names of the files under `folder` in storage, at any depth."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # nothing stored there yet
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_files(f"{folder}/{sub}")


def unused_files(grace: timedelta = GRACE) -> list[str]:
    """Stored image files no row names, last written more than `grace` ago."""
    used = names_in_use()
    cutoff = timezone.now() - grace
    return sorted(
        name
        for folder in FOLDERS
        for name in stored_files(folder)
        if name not in used and default_storage.get_modified_time(name) < cutoff
    )


def prune(grace: timedelta = GRACE) -> list[str]:
    """Delete the unused files (see unused_files); returns their names."""
    gone = unused_files(grace)
    for name in gone:
        default_storage.delete(name)
    return gone
