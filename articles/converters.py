class UnicodeSlugConverter:
    """Any non-empty path segment; views compare it with the canonical slug and redirect.

    Django's `<slug:>` is ASCII-only, and an Arabic slug may reach us percent-encoded,
    in NFD, or with tashkeel — all of which should land on the story, not a 404.
    """

    # Control characters (NUL above all: PostgreSQL refuses it in a query) are never part
    # of a slug, so such a path is a 404 here rather than a database error in a view.
    regex = r"[^/\x00-\x1f\x7f]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
