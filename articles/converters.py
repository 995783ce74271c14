class UnicodeSlugConverter:
    """Any non-empty path segment; views compare it with the canonical slug and redirect.

    Django's `<slug:>` is ASCII-only, and an Arabic slug may reach us percent-encoded,
    in NFD, or with tashkeel — all of which should land on the story, not a 404.
    """

    regex = "[^/]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
