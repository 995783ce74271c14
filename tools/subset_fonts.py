"""Build the self-hosted web fonts: Arabic subsets of Debian's Noto faces, and Latin companions.

Run `make fonts` (needs fonttools and brotli from requirements-dev.txt). The resulting
.woff2 files are committed, so nothing here is needed at runtime.

Why these faces and weights: the reading face is Noto Naskh Arabic Regular (the body is
what readers spend their time on), headlines use Noto Kufi Arabic Bold. Bold body text
is synthesized by the browser: one file fewer keeps the first visit well under 100 KB.

The Arabic faces have no Latin letters (and Kufi no « » or …): without a companion, «RSS ·
Atom» or a Latin name in a headline falls back to whatever serif the system has. Each
Arabic face gets a small Latin file from Noto Serif / Noto Sans Bold (same design family,
same units per em) that static/css/site.css declares under the same family name with a
`unicode-range`, so the browser fetches it only for pages with Latin letters in that face.
Keep LATIN_RANGES in step with the unicode-range lines in site.css.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE_DIR = Path("/usr/share/fonts/truetype/noto")
OUT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"


# Arabic letters, marks, digits and punctuation (no Quranic annotation signs or
# rarely used extended letters), plus printable ASCII, NBSP, general punctuation
# and the bidi/zero-width controls needed for shaping.
UNICODES = [
    *range(0x0020, 0x007F),  # basic Latin
    0x00A0,
    0x00AB,
    0x00B7,  # middle dot (RSS · Atom)
    0x00BB,  # « »
    0x00D7,
    *range(0x0600, 0x061C),
    *range(0x061D, 0x065F + 1),
    *range(0x0660, 0x06D4),  # Arabic-Indic digits, extended letters in common use (پ چ ژ ک گ ی)
    0x06F0,
    *range(0x06F0, 0x06FA),  # Persian digits
    *range(0x200B, 0x2010),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    0x2013,
    0x2014,
    0x2018,
    0x2019,
    0x201C,
    0x201D,
    0x2022,
    0x2026,
    *range(0xFD3E, 0xFD40),  # ornate parentheses
]


# What the Latin companions may cover: printable ASCII and the punctuation of UNICODES
# (accented Latin letters would double the files for the rare name that needs them).
# Each companion keeps only what its Arabic face lacks (see latin_gaps).
LATIN = [code for code in UNICODES if code < 0x0600 or 0x2010 <= code <= 0x2026]
COMPANIONS = {"naskh-latin.woff2": "naskh-regular.woff2", "kufi-latin.woff2": "kufi-bold.woff2"}

FACES = {
    "naskh-regular.woff2": "NotoNaskhArabic-Regular.ttf",
    "kufi-bold.woff2": "NotoKufiArabic-Bold.ttf",
    "naskh-latin.woff2": "NotoSerif-Regular.ttf",
    "kufi-latin.woff2": "NotoSans-Bold.ttf",
}


def build(source: Path, target: Path, unicodes) -> int:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep init/medi/fina, ligatures, mark positioning
    options.name_IDs = [1, 2]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)
    return target.stat().st_size


def latin_gaps(arabic_face: Path) -> list[int]:
    have = TTFont(arabic_face).getBestCmap()
    return [code for code in LATIN if code not in have]


def css_range(codes: list[int]) -> str:
    """'U+21-2F, U+41-5A, …' for a sorted list of code points."""
    runs, start = [], None
    for i, code in enumerate(codes):
        if start is None:
            start = code
        if i + 1 == len(codes) or codes[i + 1] != code + 1:
            runs.append(f"U+{start:X}" if start == code else f"U+{start:X}-{code:X}")
            start = None
    return ", ".join(runs)


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, source_name in FACES.items():
        source = SOURCE_DIR / source_name
        if not source.exists():
            print(f"missing {source}: install Debian's fonts-noto-core", file=sys.stderr)
            return 1
        if name in COMPANIONS:
            gaps = latin_gaps(OUT_DIR / COMPANIONS[name])
            size = build(source, OUT_DIR / name, gaps)
            print(f"{name}: {size:,} bytes; site.css unicode-range: {css_range(gaps)}")
        else:
            size = build(source, OUT_DIR / name, UNICODES)
            print(f"{name}: {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
