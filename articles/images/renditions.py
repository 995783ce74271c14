"""The renditions of a lead image, drawn once when it is saved.

Every width in `WIDTHS` (up to the original's) in AVIF (when this Pillow has it), WebP
and JPEG, the same aspect as the original, plus a 1200×630 JPEG crop for social cards
(og:image). AVIF and WebP are what browsers fetch; each of those is re-encoded at lower
quality until it fits its byte budget, so a phone's pick stays within
`PHONE_BUDGET` whatever the photograph.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageOps, features

from .checks import MAX_PIXELS

# 320–480: list thumbnails (1×–3×); 720: a phone's column at 2× and desktop at 1×;
# 1080: a phone at 3×; 1440: desktop at 2×.
WIDTHS = (320, 480, 720, 1080, 1440)
SHARE_SIZE = (1200, 630)
# Bytes a rendition up to PHONE_WIDTH may weigh (the lead image a phone downloads), and
# the larger ones.
PHONE_WIDTH = 1080
PHONE_BUDGET = 60 * 1024
LARGE_BUDGET = 110 * 1024
# Tried in turn until the file fits its budget (the last one is kept regardless).
QUALITIES = {"avif": (55, 45, 36, 28, 20), "webp": (74, 62, 50, 40, 30)}
JPEG_QUALITY = 78
# Most preferred first: the order of <source> elements.
MODERN = ("avif", "webp")
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}


@dataclass(frozen=True)
class Rendition:
    kind: str  # "avif" | "webp" | "jpeg" | "share"
    width: int
    height: int
    data: bytes

    @property
    def extension(self) -> str:
        return "jpg" if self.kind in ("jpeg", "share") else self.kind

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:10]


def formats() -> tuple[str, ...]:
    """The modern formats this Pillow can write: AVIF only where it was built with it."""
    return tuple(kind for kind in MODERN if features.check(kind))


def render(file) -> list[Rendition]:
    """All renditions of the image in `file` (already accepted by checks.inspect)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(file) as opened:
            if opened.width * opened.height > MAX_PIXELS:  # never decode a bomb, even here
                raise ValueError("image larger than checks.MAX_PIXELS")
            image = ImageOps.exif_transpose(opened)
            image = _flatten(image)
    out = []
    widths = sorted({min(width, image.width) for width in WIDTHS})
    kinds = formats()
    for width in widths:
        height = round(image.height * width / image.width)
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        for kind in kinds:
            budget = PHONE_BUDGET if width <= PHONE_WIDTH else LARGE_BUDGET
            out.append(Rendition(kind, width, height, _fit(resized, kind, budget)))
        out.append(Rendition("jpeg", width, height, _jpeg(resized)))
    share = ImageOps.fit(image, SHARE_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    out.append(Rendition("share", *SHARE_SIZE, _jpeg(share)))
    return out


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparency and palettes have no place in a photograph's JPEG."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _fit(image: Image.Image, kind: str, budget: int) -> bytes:
    data = b""
    for quality in QUALITIES[kind]:
        data = _encode(image, kind, quality)
        if len(data) <= budget:
            return data
    # Still too heavy at the lowest quality: the picture is mostly grain (high ISO, a
    # scan). Smoothing it a little costs less to the eye than the bytes it saves.
    for radius in (1, 2, 3):
        data = _encode(image.filter(ImageFilter.GaussianBlur(radius)), kind, QUALITIES[kind][-1])
        if len(data) <= budget:
            break
    return data


def _encode(image: Image.Image, kind: str, quality: int) -> bytes:
    buffer = io.BytesIO()
    if kind == "avif":
        image.save(buffer, "AVIF", quality=quality, speed=8)
    else:
        image.save(buffer, "WEBP", quality=quality, method=4)
    return buffer.getvalue()


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
