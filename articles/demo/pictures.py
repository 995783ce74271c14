"""Pictures for demo stories, drawn here with Pillow (nothing downloaded): plain data and
pixels, no Django.

Eight scenes a news site shows every day — a city at dusk, dunes, a harbour, a stadium, a
market chart, a press conference, a city at night, a globe — each drawn from a seeded
random generator (the same seed, the same pixels), 1440×810, labelled «صورة توضيحية» so
nobody takes them for a photograph. A small pool is shared by all the stories of a run:
drawing and encoding one takes about a second, a story only points at it.
"""

import math
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, features

SIZE = (1440, 810)
FONT = Path(__file__).resolve().parents[2] / "static" / "fonts" / "kufi-bold.woff2"
LABEL = "صورة توضيحية"


@dataclass(frozen=True)
class Scene:
    key: str
    alt: str
    caption: str


SCENES = [
    Scene("dusk", "رسم لأفق مدينة عند الغروب، أبراج داكنة أمام سماء برتقالية", "أفق المدينة عند الغروب"),
    Scene("dunes", "رسم لكثبان رملية متتالية تحت شمس الظهيرة", "كثبان الصحراء"),
    Scene("harbour", "رسم لميناء فيه قوارب شراعية على بحر هادئ", "الميناء في الصباح"),
    Scene("stadium", "رسم لملعب كرة قدم أخضر تحت أضواء كاشفة", "الملعب قبل المباراة"),
    Scene("chart", "رسم لمؤشر بورصة صاعد فوق أعمدة بيانية", "مؤشرات السوق"),
    Scene("podium", "رسم لمنصة مؤتمر صحفي أمامها ميكروفونات", "قاعة المؤتمر الصحفي"),
    Scene("night", "رسم لأضواء مدينة ليلاً تبدو دوائر ملونة ضبابية", "المدينة ليلاً"),
    Scene("globe", "رسم لكرة أرضية بخطوط الطول والعرض على خلفية زرقاء", "العالم اليوم"),
]
# Which scene suits a story, by the words of its first tag; others get one by turn.
TOPICS = {
    "chart": ("الاقتصاد", "البورصة", "التضخم", "أسعار", "النفط", "الطاقة"),
    "stadium": ("كرة", "المنتخب", "دوري", "كأس", "الألعاب"),
    "podium": ("الأمم المتحدة", "الولايات المتحدة", "روسيا", "الصين", "كوريا", "أوروبا"),
    "dunes": ("الطقس", "التغير المناخي", "السياحة"),
    "harbour": ("الفيضانات",),
    "night": ("التكنولوجيا", "الذكاء الاصطناعي", "السينما", "الثقافة"),
    "globe": ("أخبار العالم",),  # the commonest tag: the last resort
}


def scene_for(tag_names, index: int) -> int:
    """The pool index of the scene for a story with these tags: the first topic (in
    TOPICS order) one of its tags has, else the story's turn."""
    names = list(tag_names)
    for key, words in TOPICS.items():
        for name in names:
            if any(word in name for word in words):
                return next(i for i, scene in enumerate(SCENES) if scene.key == key)
    return index % len(SCENES)


def draw(scene: int, seed: int) -> Image.Image:
    rng = random.Random(f"{seed}:{scene}")
    key = SCENES[scene].key
    image = _PAINTERS[key](rng)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    _label(image)
    return image


# ---------------------------------------------------------------- painters


def _gradient(top, bottom, size=SIZE) -> Image.Image:
    height = size[1]
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / (height - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return column.resize(size)


def _jitter(rng, colour, amount=18):
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


def _dusk(rng):
    w, h = SIZE
    image = _gradient(_jitter(rng, (247, 148, 72)), _jitter(rng, (64, 45, 92)))
    d = ImageDraw.Draw(image)
    sx, sy, r = rng.randint(300, 1100), rng.randint(330, 470), rng.randint(70, 110)
    d.ellipse((sx - r, sy - r, sx + r, sy + r), fill=(255, 214, 140))
    x = -20
    while x < w:
        bw, bh = rng.randint(50, 130), rng.randint(140, 470)
        shade = rng.randint(25, 45)
        d.rectangle((x, h - bh, x + bw, h), fill=(shade, shade - 5, shade + 15))
        for wy in range(h - bh + 18, h - 20, 26):
            for wx in range(x + 10, x + bw - 12, 20):
                if rng.random() < 0.3:
                    d.rectangle((wx, wy, wx + 8, wy + 12), fill=(250, 205, 120))
        x += bw + rng.randint(-10, 12)
    return image


def _dunes(rng):
    w, h = SIZE
    image = _gradient(_jitter(rng, (120, 186, 230)), _jitter(rng, (246, 226, 190)))
    d = ImageDraw.Draw(image)
    d.ellipse((1080, 90, 1220, 230), fill=(255, 247, 220))
    for layer in range(5):
        base = 430 + layer * 85
        phase, amp, freq = rng.random() * 6.28, rng.randint(25, 70), rng.uniform(0.003, 0.007)
        colour = (min(255, 222 - layer * 18 + rng.randint(-6, 6)), 168 - layer * 16, 102 - layer * 12)
        points = [(x, base + amp * math.sin(x * freq + phase)) for x in range(0, w + 40, 40)]
        d.polygon([*points, (w, h), (0, h)], fill=colour)
    return image


def _harbour(rng):
    w, h = SIZE
    image = _gradient(_jitter(rng, (170, 205, 228)), _jitter(rng, (236, 226, 210)), (w, h))
    d = ImageDraw.Draw(image)
    horizon = rng.randint(420, 480)
    sea = _gradient((58, 110, 150), (22, 56, 88), (w, h - horizon))
    image.paste(sea, (0, horizon))
    for y in range(horizon + 10, h, 22):
        x = rng.randint(-200, 0)
        while x < w:
            length = rng.randint(60, 220)
            d.line((x, y, x + length, y), fill=(120, 170, 200), width=2)
            x += length + rng.randint(40, 160)
    d.rectangle((0, horizon - 40, w, horizon), fill=(96, 110, 120))
    for _ in range(rng.randint(3, 6)):
        bx, by = rng.randint(80, w - 200), rng.randint(horizon + 40, h - 120)
        size = rng.randint(60, 130)
        d.polygon(
            [
                (bx, by),
                (bx + size * 1.6, by),
                (bx + size * 1.3, by + size * 0.35),
                (bx + size * 0.3, by + size * 0.35),
            ],
            fill=(245, 240, 230),
        )
        d.polygon(
            [(bx + size * 0.8, by - size * 1.6), (bx + size * 0.8, by - 6), (bx + size * 1.5, by - 6)],
            fill=(250, 250, 246),
        )
    return image


def _stadium(rng):
    w, h = SIZE
    image = _gradient((18, 24, 40), (40, 52, 70))
    d = ImageDraw.Draw(image)
    for row in range(6):
        y = 120 + row * 40
        for x in range(0, w, 14):
            if rng.random() < 0.7:
                d.ellipse((x, y, x + 7, y + 7), fill=_jitter(rng, (170, 150, 140), 70))
    pitch_top = 380
    d.polygon(
        [(260, pitch_top), (w - 260, pitch_top), (w + 200, h), (-200, h)],
        fill=_jitter(rng, (46, 140, 70), 10),
    )
    for stripe in range(8):
        t0, t1 = stripe / 8, (stripe + 0.5) / 8
        y0, y1 = pitch_top + (h - pitch_top) * t0, pitch_top + (h - pitch_top) * t1
        d.polygon(
            [(260 - 460 * t0, y0), (w - 260 + 460 * t0, y0), (w - 260 + 460 * t1, y1), (260 - 460 * t1, y1)],
            fill=(56, 156, 80),
        )
    d.line((w / 2, pitch_top, w / 2, h), fill=(235, 245, 235), width=4)
    d.ellipse((w / 2 - 150, 520, w / 2 + 150, 700), outline=(235, 245, 235), width=4)
    glow = Image.new("RGB", SIZE, (0, 0, 0))
    g = ImageDraw.Draw(glow)
    for x in (140, w - 140):
        g.ellipse((x - 90, 10, x + 90, 130), fill=(255, 250, 225))
    image = Image.composite(glow, image, glow.convert("L").filter(ImageFilter.GaussianBlur(40)))
    return image


def _chart(rng):
    w, h = SIZE
    image = _gradient((12, 38, 62), (8, 22, 38))
    d = ImageDraw.Draw(image)
    for y in range(140, h - 80, 90):
        d.line((80, y, w - 80, y), fill=(40, 72, 98), width=2)
    bars = 14
    value = rng.uniform(0.3, 0.5)
    points = []
    for i in range(bars):
        value = max(0.15, min(0.95, value + rng.uniform(-0.08, 0.14)))
        x0 = 110 + i * (w - 220) / bars
        top = h - 80 - value * (h - 260)
        d.rectangle((x0 + 10, top, x0 + (w - 220) / bars - 10, h - 80), fill=(22, 96, 120))
        points.append((x0 + (w - 220) / bars / 2, top - 40))
    d.line(points, fill=(120, 230, 200), width=8, joint="curve")
    for x, y in points[-1:]:
        d.ellipse((x - 16, y - 16, x + 16, y + 16), fill=(180, 255, 225))
    return image


def _podium(rng):
    w, h = SIZE
    backdrop = _jitter(rng, (24, 60, 92), 12)
    image = _gradient(backdrop, tuple(max(0, c - 20) for c in backdrop))
    d = ImageDraw.Draw(image)
    for x in range(-100, w, 240):
        d.polygon([(x, 0), (x + 120, 0), (x + 20, h), (x - 100, h)], fill=tuple(c + 8 for c in backdrop))
    # A banner of no country: the site's teal, sand and white.
    stripes = [_jitter(rng, c, 10) for c in ((11, 85, 96), (230, 200, 140), (245, 245, 240))]
    for i, colour in enumerate(stripes):
        d.rectangle((w - 260, 80 + i * 60, w - 120, 140 + i * 60), fill=colour)
    d.polygon([(560, 430), (880, 430), (840, h), (600, h)], fill=(118, 84, 56))
    d.rectangle((540, 410, 900, 440), fill=(140, 100, 66))
    for i in range(5):
        mx = 600 + i * 60
        d.line((mx, 420, 700 + i * 10, 300), fill=(30, 30, 30), width=6)
        d.ellipse((700 + i * 10 - 16, 280, 700 + i * 10 + 16, 316), fill=_jitter(rng, (60, 60, 66), 30))
    d.ellipse((660, 500, 780, 620), fill=(235, 225, 200))
    return image


def _night(rng):
    w, h = SIZE
    image = _gradient((10, 12, 30), (30, 20, 46))
    glow = Image.new("RGB", SIZE, (0, 0, 0))
    g = ImageDraw.Draw(glow)
    palette = [(255, 190, 90), (255, 110, 120), (120, 200, 255), (200, 150, 255), (255, 240, 200)]
    for _ in range(70):
        x, y, r = rng.randint(0, w), rng.randint(80, h), rng.randint(14, 70)
        g.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice(palette))
    glow = glow.filter(ImageFilter.GaussianBlur(14))
    return Image.blend(image, glow, 0.55)


def _globe(rng):
    w, h = SIZE
    image = _gradient(_jitter(rng, (28, 84, 140)), (10, 30, 60))
    d = ImageDraw.Draw(image)
    cx, cy, r = w // 2 + rng.randint(-200, 200), h // 2 + 40, 300
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(40, 120, 170))
    for _ in range(6):
        lx, ly = cx + rng.randint(-200, 160), cy + rng.randint(-200, 160)
        d.ellipse((lx, ly, lx + rng.randint(60, 170), ly + rng.randint(40, 120)), fill=(96, 170, 110))
    for k in range(1, 6):
        rx = r * math.cos(k * math.pi / 12)
        d.ellipse((cx - rx, cy - r, cx + rx, cy + r), outline=(170, 215, 235), width=2)
    for k in range(-2, 3):
        y = cy + k * r / 3
        half = math.sqrt(max(0, r * r - (y - cy) ** 2))
        d.line((cx - half, y, cx + half, y), fill=(170, 215, 235), width=2)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(200, 235, 250), width=4)
    return image


_PAINTERS = {
    "dusk": _dusk,
    "dunes": _dunes,
    "harbour": _harbour,
    "stadium": _stadium,
    "chart": _chart,
    "podium": _podium,
    "night": _night,
    "globe": _globe,
}


def _label(image: Image.Image) -> None:
    """«صورة توضيحية» in the corner where Arabic starts (right), on a dark tab."""
    if not (FONT.exists() and features.check("raqm")):
        return  # shaped Arabic needs libraqm; an unlabelled drawing is still a drawing
    font = ImageFont.truetype(str(FONT), 30, layout_engine=ImageFont.Layout.RAQM)
    d = ImageDraw.Draw(image, "RGBA")
    left, top, right, bottom = d.textbbox((0, 0), LABEL, font=font, direction="rtl", language="ar")
    pad, margin = 14, 28
    x1, y1 = SIZE[0] - margin, SIZE[1] - margin
    x0, y0 = x1 - (right - left) - 2 * pad, y1 - (bottom - top) - 2 * pad
    d.rounded_rectangle((x0, y0, x1, y1), radius=8, fill=(0, 0, 0, 150))
    d.text(
        (x0 + pad - left, y0 + pad - top),
        LABEL,
        font=font,
        fill=(255, 255, 255),
        direction="rtl",
        language="ar",
    )
