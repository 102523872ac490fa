"""Things printed or stamped on documents besides text: seals, QR codes, barcodes, signatures, patterns."""
import math
import random

import numpy as np
import qrcode
from PIL import Image, ImageDraw

from synthetic.canvas import BLUE_INK, Canvas
from synthetic.fonts import font

SEAL_RED = (205, 38, 45)


def seal(page: Image.Image, cx: float, cy: float, r: float, rng: random.Random, top: str, bottom: str = "",
         ry: float | None = None, star: bool = True, color: tuple[int, int, int] = SEAL_RED,
         face: str = "sans") -> None:
    """Stamp a round (or oval, with ry) seal: curved text on top, star in the middle, a line below."""
    ry = ry or r
    size = int(2 * max(r, ry) + 24)
    layer = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(layer)
    c = size / 2
    ring = max(3, int(min(r, ry) * 0.055))
    d.ellipse((c - r, c - ry, c + r, c + ry), outline=255, width=ring)
    fs = int(min(r, ry) * (0.3 if len(top) <= 12 else 0.24))
    rx_t, ry_t = r - ring - fs * 0.75, ry - ring - fs * 0.75
    span = min(260.0 if ry == r else 190.0, len(top) * math.degrees(fs * 1.05 / ((rx_t + ry_t) / 2)))
    for i, ch in enumerate(top):
        t = math.radians(-90 - span / 2 + span * (i + 0.5) / len(top))
        px, py = c + rx_t * math.cos(t), c + ry_t * math.sin(t)
        normal = math.degrees(math.atan2(rx_t * math.sin(t), ry_t * math.cos(t)))
        glyph = Image.new("L", (fs * 2, fs * 2), 0)
        ImageDraw.Draw(glyph).text((fs, fs), ch, font=font(face, fs, True), fill=255, anchor="mm")
        glyph = glyph.rotate(-(normal + 90), resample=Image.Resampling.BILINEAR)
        layer.paste(255, (int(px - fs), int(py - fs)), glyph)
    if star:
        sr = min(r, ry) * (0.26 if bottom else 0.3)
        pts = [(c + sr * (1 if k % 2 == 0 else 0.4) * math.cos(math.radians(-90 + 36 * k)),
                c + sr * (1 if k % 2 == 0 else 0.4) * math.sin(math.radians(-90 + 36 * k))) for k in range(10)]
        d.polygon(pts, fill=255)
    if bottom:
        bs = int(fs * (0.8 if star else 1.0))
        by = c + ry * (0.5 if star else 0.1)
        bs = min(bs, int(1.5 * r / max(1, len(bottom))))
        d.text((c, by), bottom, font=font(face, bs, True), fill=255, anchor="mm")
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BILINEAR)
    ink(page, layer, int(cx - size / 2), int(cy - size / 2), color, rng, rng.uniform(0.65, 0.92))


def ink(page: Image.Image, coverage: Image.Image, x: int, y: int, color: tuple[int, int, int],
         rng: random.Random, strength: float) -> None:
    """Multiply ink of a colour into the page where coverage is set, with blotchy uneven density."""
    w, h = coverage.size
    x0, y0, x1, y1 = max(0, x), max(0, y), min(page.width, x + w), min(page.height, y + h)
    if x0 >= x1 or y0 >= y1:
        return
    cov = np.asarray(coverage, np.float32)[y0 - y:y1 - y, x0 - x:x1 - x] / 255.0
    nrng = np.random.default_rng(rng.getrandbits(32))
    blotch = np.asarray(Image.fromarray(nrng.uniform(0.45, 1.0, (8, 8)).astype(np.float32)).resize(
        (x1 - x0, y1 - y0), Image.Resampling.BILINEAR))
    alpha = (cov * blotch * strength)[..., None]
    region = np.asarray(page.crop((x0, y0, x1, y1)), np.float32)
    tint = np.array(color, np.float32) / 255.0
    out = region * (1 - alpha * (1 - tint))
    page.paste(Image.fromarray(out.clip(0, 255).astype(np.uint8)), (x0, y0))


def qr_image(payload: str, px: int) -> Image.Image:
    """A black-on-white QR code of about px pixels (whole pixels per module, quiet zone of 2)."""
    q = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    q.add_data(payload)
    q.make(fit=True)
    matrix = np.array(q.get_matrix(), dtype=bool)
    module = max(2, px // matrix.shape[0])
    pixels = np.where(matrix, 0, 255).astype(np.uint8).repeat(module, 0).repeat(module, 1)
    return Image.fromarray(pixels).convert("RGB")


def paste_qr(canvas: Canvas, x: int, y: int, payload: str, px: int) -> int:
    """Paste a QR code with its top-left at (x, y); returns its side in pixels."""
    img = qr_image(payload, px)
    canvas.img.paste(img, (x, y))
    canvas.img.info["qr"] = payload  # kept with the page (PIL carries info through crops), for the truth
    return img.width


def barcode(canvas: Canvas, x: float, y: float, w: float, h: float, rng: random.Random) -> None:
    """A linear barcode-looking block of bars."""
    cx = x
    while cx < x + w:
        bar = rng.choice((2, 2, 3, 4, 6))
        canvas.rect(cx, y, min(cx + bar, x + w), y + h, width=0, outline=None, fill=(20, 20, 20))
        cx += bar + rng.choice((2, 3, 4, 6))


def signature(canvas: Canvas, x: float, y: float, h: float, name: str, rng: random.Random,
              color: tuple[int, int, int] = BLUE_INK) -> None:
    """A hand-signed name: slanted, unevenly placed glyphs and a flourish, in ink; (x, y) is the top left."""
    size = int(h * 0.8)
    f = font(rng.choice(("serif", "sans")), size, bold=rng.random() < 0.5)
    width = int(size * (len(name) + 1.5))
    layer = Image.new("L", (width, int(h * 1.6)), 0)
    d = ImageDraw.Draw(layer)
    cx = size * 0.2
    for ch in name:
        d.text((cx, h * 0.8 + rng.uniform(-0.12, 0.12) * h), ch, font=f, fill=255, anchor="lm")
        cx += size * rng.uniform(0.72, 0.9)
    d.line([(size * 0.1, h * 1.25), (cx * 0.6, h * rng.uniform(1.1, 1.4)), (cx + size * 0.3, h * 0.9)],
           fill=255, width=max(2, size // 14), joint="curve")
    shear = rng.uniform(0.2, 0.45)
    layer = layer.transform(layer.size, Image.Transform.AFFINE, (1, shear, -shear * h * 0.8, 0, 1, 0),
                            Image.Resampling.BILINEAR)
    layer = layer.rotate(rng.uniform(-6, 6), resample=Image.Resampling.BILINEAR)
    ink(canvas.img, layer, int(x), int(y - h * 0.3), color, rng, 0.95)


def guilloche(canvas: Canvas, box: tuple[float, float, float, float], rng: random.Random,
              color: tuple[int, int, int], lines: int = 14) -> None:
    """Fine wavy security lines across a box, as on tickets and invoices."""
    x1, y1, x2, y2 = box
    amp, freq = rng.uniform(6, 16), rng.uniform(0.008, 0.02)
    for i in range(lines):
        base = y1 + (y2 - y1) * (i + 0.5) / lines
        phase = rng.uniform(0, math.tau)
        pts = [(x, base + amp * math.sin(x * freq + phase) + amp * 0.4 * math.sin(x * freq * 2.7))
               for x in range(int(x1), int(x2), 12)]
        canvas.draw.line(pts, fill=color, width=1)


def watermark(canvas: Canvas, text: str, color: tuple[int, int, int], size: int, step_x: int, step_y: int) -> None:
    """Repeat faint text over the whole page in a staggered grid."""
    for row, y in enumerate(range(size, canvas.h, step_y)):
        for x in range(-(row % 2) * step_x // 2, canvas.w, step_x):
            canvas.text(x, y, text, size, fill=color)


def portrait(w: int, h: int, rng: random.Random, sex: str) -> Image.Image:
    """A simple drawn head-and-shoulders of an elderly person on a light background."""
    img = Image.new("RGB", (w, h), (rng.randint(225, 245), rng.randint(235, 250), 252))
    d = ImageDraw.Draw(img)
    skin = (rng.randint(190, 225), rng.randint(150, 180), rng.randint(120, 150))
    cloth = rng.choice(((40, 45, 70), (70, 70, 75), (110, 40, 40), (30, 60, 50), (200, 200, 205)))
    hair = rng.choice(((225, 225, 225), (180, 180, 180), (60, 60, 60), (120, 120, 120)))
    cx = w / 2
    d.ellipse((cx - w * 0.48, h * 0.72, cx + w * 0.48, h * 1.3), fill=cloth)
    d.rectangle((cx - w * 0.1, h * 0.6, cx + w * 0.1, h * 0.78), fill=skin)
    d.ellipse((cx - w * 0.3, h * 0.14, cx + w * 0.3, h * 0.7), fill=skin)
    top = h * (0.1 if sex == "男" else 0.08)
    d.chord((cx - w * 0.33, top, cx + w * 0.33, h * (0.5 if sex == "男" else 0.62)), 180, 360, fill=hair)
    for ex in (-0.12, 0.12):
        d.ellipse((cx + w * ex - 6, h * 0.4 - 4, cx + w * ex + 6, h * 0.4 + 4), fill=(40, 35, 30))
    d.arc((cx - w * 0.1, h * 0.5, cx + w * 0.1, h * 0.6), 20, 160, fill=(120, 60, 60), width=3)
    return img
