"""Build the self-hosted web fonts: Arabic + basic Latin subsets of Debian's Noto faces.

Run `make fonts` (needs fonttools and brotli from requirements-dev.txt). The resulting
.woff2 files are committed, so nothing here is needed at runtime.

Why these faces and weights: the reading face is Noto Naskh Arabic Regular (the body is
what readers spend their time on), headlines use Noto Kufi Arabic Bold. Bold body text
is synthesized by the browser: one file fewer keeps the first visit well under 100 KB.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE_DIR = Path("/usr/share/fonts/truetype/noto")
OUT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"

FACES = {
    "naskh-regular.woff2": "NotoNaskhArabic-Regular.ttf",
    "kufi-bold.woff2": "NotoKufiArabic-Bold.ttf",
}

# Arabic letters, marks, digits and punctuation (no Quranic annotation signs or
# rarely used extended letters), plus printable ASCII, NBSP, general punctuation
# and the bidi/zero-width controls needed for shaping.
UNICODES = [
    *range(0x0020, 0x007F),  # basic Latin
    0x00A0,
    0x00AB,
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


def build(source: Path, target: Path) -> int:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep init/medi/fina, ligatures, mark positioning
    options.name_IDs = [1, 2]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target)
    return target.stat().st_size


def main() -> int:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, source_name in FACES.items():
        source = SOURCE_DIR / source_name
        if not source.exists():
            print(f"missing {source}: install Debian's fonts-noto-core", file=sys.stderr)
            return 1
        size = build(source, OUT_DIR / name)
        print(f"{name}: {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
