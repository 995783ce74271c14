"""Lead images: checking an upload and making its renditions, in plain Pillow.

`checks` says whether an uploaded file is an image we take (and why not, in Arabic);
`renditions` draws the sizes and formats a page offers (AVIF, WebP, JPEG; a 1200×630
share crop). Neither imports Django: the storage and the database are
articles/services.py's business (`make_renditions`), the markup articles/templatetags.
"""
