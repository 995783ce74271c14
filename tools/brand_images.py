"""Draw the site's raster brand images with Pillow (run once; the PNGs are committed).

- static/images/logo.png: the publisher logo of the JSON-LD (search engines want a raster
  image, not the SVG favicon), 600×120.
- static/images/og-default.png: the 1200×630 share image for pages without a lead image.

Needs Pillow with libraqm (Arabic shaping) and Debian's fonts-noto-core.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

FONT = Path("/usr/share/fonts/truetype/noto/NotoKufiArabic-Bold.ttf")
OUT = Path(__file__).resolve().parent.parent / "static" / "images"
ACCENT = (11, 85, 96)
PAPER = (251, 250, 247)
NAME = "نيوزروم"
TAGLINE = "أخبار بهدوء"


def _text(draw, box_width, y, text, size, fill):
    font = ImageFont.truetype(str(FONT), size, layout_engine=ImageFont.Layout.RAQM)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font, direction="rtl", language="ar")
    draw.text(((box_width - (right - left)) / 2 - left, y - top), text, font=font, fill=fill, direction="rtl")
    return bottom - top


def logo():
    image = Image.new("RGB", (600, 120), PAPER)
    draw = ImageDraw.Draw(image)
    _text(draw, 600, 18, NAME, 64, ACCENT)
    image.save(OUT / "logo.png", optimize=True)


def og_default():
    image = Image.new("RGB", (1200, 630), ACCENT)
    draw = ImageDraw.Draw(image)
    height = _text(draw, 1200, 200, NAME, 150, PAPER)
    _text(draw, 1200, 200 + height + 70, TAGLINE, 56, (200, 226, 228))
    image.quantize(16).save(OUT / "og-default.png", optimize=True)


if __name__ == "__main__":
    assert features.check("raqm"), "Pillow without libraqm cannot shape Arabic"
    logo()
    og_default()
    for name in ("logo.png", "og-default.png"):
        print(name, (OUT / name).stat().st_size, "bytes")
