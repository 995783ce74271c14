"""The self-hosted faces cover what pages print: Arabic, Latin names, « » and … (issue 12:
«RSS · Atom» fell back to a Times-like face). Read from the committed woff2 files and the
@font-face rules of site.css, as the browser combines them."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSS = (ROOT / "static" / "css" / "site.css").read_text()
SAMPLE = "RSS · Atom — «اقتباس» … Kim Jong-un (iPhone 16) “quoted” 'x' ؟ 2026 سكاي نيوز عربية"


def _ranges(descriptor: str):
    ranges = []
    for part in descriptor.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        ranges.append((int(low, 16), int(high or low, 16)))
    return ranges


def faces():
    """{(family, weight): [(cmap, ranges or None), …]}"""
    from fontTools.ttLib import TTFont

    found = {}
    for block in re.findall(r"@font-face\s*{([^}]*)}", CSS):
        family = re.search(r'font-family:\s*"([^"]+)"', block).group(1)
        weight = re.search(r"font-weight:\s*(\d+)", block).group(1)
        src = re.search(r'url\("\.\./fonts/([^"]+)"\)', block).group(1)
        unicode_range = re.search(r"unicode-range:\s*([^;]+);", block)
        cmap = TTFont(ROOT / "static" / "fonts" / src).getBestCmap()
        found.setdefault((family, weight), []).append(
            (cmap, _ranges(unicode_range.group(1)) if unicode_range else None)
        )
    return found


@pytest.mark.parametrize("face", [("Newsroom Naskh", "400"), ("Newsroom Kufi", "700")])
def test_each_face_covers_arabic_latin_and_punctuation(face):
    pytest.importorskip("fontTools")
    files = faces()[face]
    assert len(files) == 2, "an Arabic file and its Latin companion"

    def covered(char):
        code = ord(char)
        return any(
            code in cmap and (ranges is None or any(low <= code <= high for low, high in ranges))
            for cmap, ranges in files
        )

    missing = sorted({c for c in SAMPLE if not covered(c)})
    assert missing == [], f"{face}: {missing}"


def test_both_faces_of_the_first_screen_are_preloaded():
    base = (ROOT / "templates" / "base.html").read_text()
    for name in ("naskh-regular.woff2", "kufi-bold.woff2"):
        assert re.search(rf'<link rel="preload" href="{{% static \'fonts/{name}\' %}}" as="font"', base), name
