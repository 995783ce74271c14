"""Is an uploaded file a lead image we take? Decided from its header before any pixel
is decoded, so a decompression bomb (a few KB that decode to gigabytes) costs nothing.

`inspect()` returns the image's format and size or raises `Rejected` with an Arabic
message for the editor; it never lets Pillow's own errors through.
"""

import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

# What cameras, agencies and editors' tools produce; Pillow can read all of them.
FORMATS = {"JPEG", "PNG", "WEBP", "AVIF"}
# The share crop is 1200×630: a smaller image would be blown up on every social card.
MIN_WIDTH, MIN_HEIGHT = 1200, 630
# 40 megapixels (a 7,700×5,200 photograph) and no side beyond 12,000 px: past that it is
# a bomb or a scan, and decoding it would take the worker's memory.
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000


class Rejected(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class Inspected:
    format: str
    width: int
    height: int


def inspect(file) -> Inspected:
    """Check `file` (a binary file object, rewound afterwards) without decoding it."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own pixel limit and refuses at twice it; we decide first.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                kind, (width, height) = image.format, image.size
                _check_size(width, height)
                if kind not in FORMATS:
                    raise Rejected("صيغة الصورة غير مقبولة؛ ارفع صورة JPEG أو PNG أو WebP أو AVIF.", "format")
                # Reads the whole stream for structure (truncated or corrupt files fail
                # here), still without decoding the pixels.
                image.verify()
    except Image.DecompressionBombError:
        raise Rejected(_too_large(), "too_large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Rejected(
            "هذا الملف ليس صورة يمكن قراءتها (أو أنه تالف)؛ ارفع صورة JPEG أو PNG أو WebP.", "invalid"
        ) from None
    finally:
        file.seek(0)
    return Inspected(kind, width, height)


def _check_size(width: int, height: int) -> None:
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise Rejected(_too_large(width, height), "too_large")
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise Rejected(
            f"الصورة صغيرة ({width}×{height} بكسل)؛ أقل ما نقبله {MIN_WIDTH}×{MIN_HEIGHT} بكسل "
            "كي تبقى واضحة على الشاشات الكبيرة وفي بطاقات المشاركة.",
            "too_small",
        )


def _too_large(width: int | None = None, height: int | None = None) -> str:
    size = f" ({width}×{height} بكسل)" if width else ""
    return (
        f"أبعاد الصورة أكبر مما نقبل{size}؛ الحد {MAX_PIXELS // 1_000_000} مليون بكسل "
        f"ولا يزيد أي ضلع على {MAX_SIDE} بكسل. صغّرها ثم ارفعها."
    )
