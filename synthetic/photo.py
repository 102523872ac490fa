"""Phone-photo simulation: a clean page placed on a surface, warped, lit, blurred, noised, maybe defective."""
import io
import math
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from synthetic.backgrounds import smooth_field, texture

DEFECTS = ("blur", "too_dark", "overexposed", "glare", "cut_off", "too_small")
Point = tuple[float, float]


@dataclass(frozen=True)
class Difficulty:
    """How rough the photographer is."""

    fill: tuple[float, float]        # page size as a fraction of the frame
    tilt: float                      # max in-plane rotation, degrees
    keystone: tuple[float, float]    # how much one page edge shrinks (camera not square to the page)
    rotations: tuple[float, float, float, float]  # weights of 0, 90, 180, 270 degrees
    long_side: tuple[int, int]       # photo long side in pixels
    blur: tuple[float, float]        # focus blur sigma at 2000 px
    noise: tuple[float, float]       # sensor noise sigma
    light: float                     # strength of uneven lighting
    recompress: float                # probability of an extra (chat app) JPEG round trip


DIFFICULTIES = {
    "easy": Difficulty((0.75, 0.92), 3, (0.0, 0.04), (1, 0, 0, 0), (1500, 2200), (0.3, 0.7), (1, 2.5), 0.15, 0.0),
    "normal": Difficulty((0.6, 0.9), 9, (0.0, 0.12), (0.8, 0.07, 0.06, 0.07), (1500, 2400), (0.4, 1.1), (1.5, 4), 0.3,
                         0.15),
    "hard": Difficulty((0.45, 0.85), 20, (0.05, 0.25), (0.55, 0.15, 0.15, 0.15), (1600, 3200), (0.7, 1.6), (3, 7),
                       0.5, 0.5),
}


@dataclass(frozen=True)
class PhotoMeta:
    """What the camera did: clockwise rotation of the page content (0/90/180/270) and where the page lies.

    quad holds the page's own top-left, top-right, bottom-right and bottom-left corners in photo pixels
    (they may lie outside the photo when the page is cut off or fills the frame).
    """

    rotation: int
    quad: tuple[Point, Point, Point, Point]
    defect: str | None
    difficulty: str


def photograph(page: Image.Image, rng: random.Random, difficulty: str = "normal", defect: str | None = None,
               full_frame: bool = False, corner_radius: float = 0.0) -> tuple[Image.Image, PhotoMeta]:
    """Photograph a page with a phone; defect (one of DEFECTS) makes a deliberately bad photo.

    full_frame: the page is itself a scene and fills the frame; corner_radius: rounded corners as a
    fraction of the page width (ID cards).
    """
    if defect is not None and defect not in DEFECTS:
        raise ValueError(f"unknown defect {defect!r}; expected one of {DEFECTS}")
    d = DIFFICULTIES[difficulty]
    nrng = np.random.default_rng(rng.getrandbits(64))
    src = _paper_wear(np.asarray(page.convert("RGB")), rng, nrng)
    ph, pw = src.shape[:2]
    fw, fh = _frame(pw, ph, rng, d)
    quad = _place(pw, ph, fw, fh, rng, d, full_frame, defect == "cut_off")
    ink = _ink_points(src, nrng) if defect in ("cut_off", "glare") else np.empty((0, 2), np.float32)
    if defect == "cut_off":
        quad = _cut_through_text(quad, ink, pw, ph, fw, fh, rng)
    h_mat = _homography(pw, ph, quad)
    out = cv2.warpPerspective(src, h_mat, (fw, fh), flags=cv2.INTER_LINEAR)
    if not full_frame:
        mask = _page_mask(pw, ph, quad, h_mat, fw, fh, corner_radius)
        bg = _drop_shadow(texture(fw, fh, nrng), mask, rng)
        out = cv2.blendLinear(bg, out, 1 - mask, mask)
        if rng.random() < 0.08 * (d.light / 0.3):
            out = _finger(out, quad, rng)
    out = _light(out, rng, nrng, d)
    sigma = rng.uniform(*d.blur) * max(fw, fh) / 2000
    if sigma > 0.25:
        out = cv2.GaussianBlur(out, (0, 0), sigma)
    if defect == "blur":
        out = _strong_blur(out, rng)
    elif defect == "too_dark":
        out = cv2.convertScaleAbs(out, alpha=rng.uniform(0.1, 0.22))
    elif defect == "overexposed":
        keep = rng.uniform(0.1, 0.25)
        out = cv2.convertScaleAbs(out, alpha=keep * rng.uniform(1.0, 1.3), beta=255 * (1 - keep))
    elif defect == "glare":
        out = _glare(out, quad, _in_frame(ink, h_mat, fw, fh), rng, nrng)
    out = _noise(out, rng.uniform(*d.noise) * (2.0 if defect == "too_dark" else 1.0), nrng)
    rotation = rng.choices((0, 90, 180, 270), weights=d.rotations)[0]
    out, quad = _rotate(out, quad, rotation)
    if defect == "too_small":
        out, quad = _shrink(out, quad, rng.randint(220, 360))
    result = Image.fromarray(out)
    if rng.random() < d.recompress:
        result = _jpeg_round_trip(result, rng.randint(55, 80))
    tl, tr, br, bl = ((round(x, 1), round(y, 1)) for x, y in quad)
    return result, PhotoMeta(rotation, (tl, tr, br, bl), defect, difficulty)


def _gain(img: np.ndarray, field: np.ndarray) -> np.ndarray:
    """Multiply an RGB uint8 image by a small (h, w, 3) gain field in [0, 2), resized to the image."""
    h, w = img.shape[:2]
    g = cv2.resize(np.clip(field * 127.5, 0, 255).astype(np.uint8), (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.multiply(img, g, scale=1 / 127.5)


def _paper_wear(src: np.ndarray, rng: random.Random, nrng: np.random.Generator) -> np.ndarray:
    """Uneven paper tone and sometimes a fold, applied in page coordinates."""
    if rng.random() > 0.5:
        return src
    ph, pw = src.shape[:2]
    sh, sw = max(2, ph // 8), max(2, pw // 8)
    shade = 1 + 0.04 * smooth_field(sh, sw, nrng, 3)
    if rng.random() < 0.6:
        vertical = rng.random() < 0.5
        pos = int((sw if vertical else sh) * rng.uniform(0.3, 0.7))
        if vertical:
            shade[:, pos:] *= rng.uniform(0.93, 0.98)
            shade[:, pos] *= rng.uniform(0.85, 0.92)
        else:
            shade[pos:, :] *= rng.uniform(0.93, 0.98)
            shade[pos, :] *= rng.uniform(0.85, 0.92)
    return _gain(src, np.repeat(shade[..., None], 3, axis=2))


def _frame(pw: int, ph: int, rng: random.Random, d: Difficulty) -> tuple[int, int]:
    """Photo size: phone aspect ratios, oriented like the page most of the time."""
    long_side = rng.randint(*d.long_side)
    short = int(long_side * rng.choice((0.75, 0.75, 0.75, 0.5625, 1.0)))
    portrait = (ph > pw) != (rng.random() < 0.12)
    return (short, long_side) if portrait else (long_side, short)


def _place(pw: int, ph: int, fw: int, fh: int, rng: random.Random, d: Difficulty, full_frame: bool,
           cut_off: bool) -> list[Point]:
    """The page's corners in the photo: scaled, shifted, tilted and keystoned."""
    if full_frame:
        scale = max(fw / pw, fh / ph) * rng.uniform(1.02, 1.1)
        tilt, keystone = rng.uniform(-3, 3), rng.uniform(0, 0.05)
    else:
        scale = rng.uniform(*d.fill) * min(fw / pw, fh / ph)
        tilt, keystone = rng.uniform(-d.tilt, d.tilt), rng.uniform(*d.keystone)
        if cut_off:
            scale *= rng.uniform(1.0, 1.2)
    sw, sh = pw * scale, ph * scale
    cx = fw / 2 + rng.uniform(-1, 1) * max(0.0, (fw - sw) / 2) * 0.8
    cy = fh / 2 + rng.uniform(-1, 1) * max(0.0, (fh - sh) / 2) * 0.8
    corners = [[-sw / 2, -sh / 2], [sw / 2, -sh / 2], [sw / 2, sh / 2], [-sw / 2, sh / 2]]
    edge = rng.randrange(4)  # which edge is farther from the camera (top, right, bottom, left)
    for i in (edge, (edge + 1) % 4):
        corners[i][0] *= 1 - keystone if edge in (0, 2) else 1
        corners[i][1] *= 1 - keystone if edge in (1, 3) else 1
    a = math.radians(tilt)
    jitter = 0.012 * min(sw, sh)
    quad = [(cx + x * math.cos(a) - y * math.sin(a) + rng.uniform(-jitter, jitter),
             cy + x * math.sin(a) + y * math.cos(a) + rng.uniform(-jitter, jitter)) for x, y in corners]
    if cut_off:
        return quad
    return quad if full_frame else _keep_inside(quad, fw, fh)


def _keep_inside(quad: list[Point], fw: int, fh: int, margin: float = 0.015) -> list[Point]:
    """Shrink and shift the page just enough that all of it is in the frame."""
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    f = min(1.0, fw * (1 - 2 * margin) / (max(xs) - min(xs)), fh * (1 - 2 * margin) / (max(ys) - min(ys)))
    quad = [(cx + (x - cx) * f, cy + (y - cy) * f) for x, y in quad]
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    dx = max(0.0, fw * margin - min(xs)) - max(0.0, max(xs) - fw * (1 - margin))
    dy = max(0.0, fh * margin - min(ys)) - max(0.0, max(ys) - fh * (1 - margin))
    return [(x + dx, y + dy) for x, y in quad]


def _homography(pw: int, ph: int, quad: list[Point]) -> np.ndarray:
    """The perspective transform taking the page's own pixels to photo pixels."""
    corners = np.array([(0, 0), (pw, 0), (pw, ph), (0, ph)], dtype=np.float32)
    return cv2.getPerspectiveTransform(corners, np.array(quad, dtype=np.float32))


def _ink_points(src: np.ndarray, nrng: np.random.Generator, count: int = 3000) -> np.ndarray:
    """Up to ``count`` dark (printed text) pixels of the page, as (N, 2) page coordinates."""
    ys, xs = np.nonzero(src.max(axis=2) < 110)
    pick = nrng.choice(len(xs), min(count, len(xs)), replace=False)
    return np.stack([xs[pick], ys[pick]], axis=1).astype(np.float32)


def _in_frame(points: np.ndarray, h_mat: np.ndarray, fw: int, fh: int) -> np.ndarray:
    """Page points mapped into the photo, keeping those that land inside the frame."""
    if not len(points):
        return points
    mapped = cv2.perspectiveTransform(points.reshape(-1, 1, 2), h_mat).reshape(-1, 2)
    return mapped[(mapped[:, 0] >= 0) & (mapped[:, 0] < fw) & (mapped[:, 1] >= 0) & (mapped[:, 1] < fh)]


def _cut_through_text(quad: list[Point], ink: np.ndarray, pw: int, ph: int, fw: int, fh: int,
                      rng: random.Random, tries: int = 8) -> list[Point]:
    """Push the page out of the frame so that the cut loses text (10-90 % of the ink), not just blank margin.

    A cut through a blank margin leaves a perfectly usable photo; a deliberately bad one must lose writing.
    """
    shifted = quad
    for _ in range(tries):
        shifted = _push_out(quad, fw, fh, rng)
        if not len(ink):
            break
        lost = 1 - len(_in_frame(ink, _homography(pw, ph, shifted), fw, fh)) / len(ink)
        if 0.1 <= lost <= 0.9:
            break
    return shifted


def _push_out(quad: list[Point], fw: int, fh: int, rng: random.Random) -> list[Point]:
    """Shift the page so that a good part of it (25-45 %) falls outside one or two adjacent frame edges."""
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    bw, bh = max(xs) - min(xs), max(ys) - min(ys)
    first = rng.randrange(4)
    edges = {first} if rng.random() < 0.6 else {first, (first + 1) % 4}
    dx = dy = 0.0
    for e in edges:
        frac = rng.uniform(0.25, 0.45)
        if e == 0:
            dy = -frac * bh - min(ys)
        elif e == 1:
            dx = fw + frac * bw - max(xs)
        elif e == 2:
            dy = fh + frac * bh - max(ys)
        else:
            dx = -frac * bw - min(xs)
    return [(x + dx, y + dy) for x, y in quad]


def _page_mask(pw: int, ph: int, quad: list[Point], h_mat: np.ndarray, fw: int, fh: int,
               corner_radius: float) -> np.ndarray:
    """Where the page covers the photo, as float32 in [0, 1] with soft edges."""
    if corner_radius > 0:
        flat = np.zeros((ph, pw), np.uint8)
        r = int(corner_radius * pw)
        cv2.rectangle(flat, (r, 0), (pw - r, ph), 255, -1)
        cv2.rectangle(flat, (0, r), (pw, ph - r), 255, -1)
        for cx, cy in ((r, r), (pw - r, r), (r, ph - r), (pw - r, ph - r)):
            cv2.circle(flat, (cx, cy), r, 255, -1, cv2.LINE_AA)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
        mask = cv2.warpPerspective(flat, h_mat, (fw, fh), flags=cv2.INTER_LINEAR)
    else:
        mask = np.zeros((fh, fw), np.uint8)
        cv2.fillConvexPoly(mask, np.round(np.array(quad) * 16).astype(np.int32), 255, cv2.LINE_AA, shift=4)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
    return mask.astype(np.float32) / 255.0


def _drop_shadow(bg: np.ndarray, mask: np.ndarray, rng: random.Random) -> np.ndarray:
    """Darken the surface under and beside the page, as the page lifts slightly off it."""
    fh, fw = mask.shape
    small = cv2.resize(mask, (fw // 8, fh // 8), interpolation=cv2.INTER_AREA)
    shift = np.array([[1, 0, rng.uniform(-1, 1) * fw / 200], [0, 1, rng.uniform(0.2, 1) * fh / 200]], dtype=np.float32)
    small = cv2.GaussianBlur(cv2.warpAffine(small, shift, (fw // 8, fh // 8)), (0, 0), rng.uniform(1.5, 4))
    factor = 1 - rng.uniform(0.3, 0.6) * small
    return _gain(bg, np.repeat(factor[..., None], 3, axis=2))


def _finger(out: np.ndarray, quad: list[Point], rng: random.Random) -> np.ndarray:
    """A finger reaching in from outside the page to hold one of its edges down, with its soft shadow."""
    fh, fw = out.shape[:2]
    i = rng.randrange(4)
    (x1, y1), (x2, y2) = quad[i], quad[(i + 1) % 4]
    t = rng.uniform(0.2, 0.8)
    px, py = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t
    cx, cy = np.mean([q[0] for q in quad]), np.mean([q[1] for q in quad])
    nx, ny = px - cx, py - cy
    norm = math.hypot(nx, ny) or 1.0
    nx, ny = nx / norm + rng.uniform(-0.3, 0.3), ny / norm + rng.uniform(-0.3, 0.3)
    sides = [math.hypot(quad[j][0] - quad[j - 1][0], quad[j][1] - quad[j - 1][1]) for j in range(4)]
    k, width = 4, max(8.0, min(sides) * rng.uniform(0.1, 0.16))
    depth = width * rng.uniform(0.3, 0.7)
    tip = (px - nx * depth, py - ny * depth)
    base = (px + nx * max(fw, fh), py + ny * max(fw, fh))
    small = np.zeros((fh // k, fw // k), np.float32)
    cv2.line(small, (int(tip[0] / k), int(tip[1] / k)), (int(base[0] / k), int(base[1] / k)), 1.0,  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
             max(2, int(width / k)), cv2.LINE_AA)
    soft = cv2.GaussianBlur(small, (0, 0), max(1.0, width / k / 5))
    offset = np.array([[1, 0, width / k / 4], [0, 1, width / k / 3]], dtype=np.float32)
    shadow = cv2.GaussianBlur(cv2.warpAffine(small, offset, small.shape[::-1]), (0, 0), width / k / 2)
    alpha = cv2.resize(np.clip(soft * 1.6, 0, 1), (fw, fh))
    shade = cv2.resize(0.55 + 0.45 * soft, (fw, fh))
    dark = cv2.resize(1 - 0.45 * shadow, (fw, fh))
    skin = np.array([rng.uniform(200, 235), rng.uniform(150, 180), rng.uniform(120, 150)], np.float32)
    finger = np.clip(shade[..., None] * skin, 0, 255).astype(np.uint8)
    shaded = cv2.multiply(out, cv2.merge([np.clip(dark * 127.5, 0, 255).astype(np.uint8)] * 3), scale=1 / 127.5)
    return cv2.blendLinear(shaded, finger, 1 - alpha, alpha)


def _light(out: np.ndarray, rng: random.Random, nrng: np.random.Generator, d: Difficulty) -> np.ndarray:
    """Uneven lighting: exposure, a gradient, vignetting, sometimes a soft shadow, and a colour cast."""
    fh, fw = out.shape[:2]
    sh, sw = max(8, fh // 16), max(8, fw // 16)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    xx, yy = xx / sw - 0.5, yy / sh - 0.5
    a = rng.uniform(0, math.tau)
    field = rng.uniform(0.88, 1.05) + d.light * rng.uniform(0.2, 1) * (xx * math.cos(a) + yy * math.sin(a))
    field -= rng.uniform(0.1, 0.3) * (xx ** 2 + yy ** 2)
    field += 0.05 * smooth_field(sh, sw, nrng, 3)
    if rng.random() < d.light:
        b = rng.uniform(0, math.tau)
        edge = xx * math.cos(b) + yy * math.sin(b) - rng.uniform(-0.2, 0.3)
        field *= 1 - rng.uniform(0.2, 0.4) * np.clip(edge * 6 + 0.5, 0, 1)
    cast = np.array(rng.choice(((1.0, 1.0, 1.0), (1.04, 1.0, 0.93), (0.95, 0.99, 1.05), (1.02, 1.0, 0.97))),
                    np.float32)
    return _gain(out, field[..., None] * cast)


def _strong_blur(out: np.ndarray, rng: random.Random) -> np.ndarray:
    """Blur that makes text unreadable: heavy defocus or camera shake, computed at quarter size."""
    fh, fw = out.shape[:2]
    small = cv2.resize(out, (fw // 4, fh // 4), interpolation=cv2.INTER_AREA)
    size = max(fw, fh) / 4
    if rng.random() < 0.5:
        small = cv2.GaussianBlur(small, (0, 0), size * rng.uniform(0.004, 0.008))
    else:
        length = max(5, int(size * rng.uniform(0.02, 0.04)))
        kernel: np.ndarray = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
        kernel = cv2.warpAffine(kernel, rot, (length, length))
        small = cv2.filter2D(small, -1, kernel / kernel.sum())
    return cv2.resize(small, (fw, fh), interpolation=cv2.INTER_LINEAR)


def _glare(out: np.ndarray, quad: list[Point], ink: np.ndarray, rng: random.Random,
           nrng: np.random.Generator) -> np.ndarray:
    """A specular reflection over the writing (``ink``: text pixels in photo coordinates), else over the middle
    of the page (a reflection on blank paper hides nothing): a core clipped to white, as a phone sensor clips
    it, with a short falloff into the lit paper around it."""
    fh, fw = out.shape[:2]
    if len(ink):
        cx, cy = ink[rng.randrange(len(ink))]
    else:
        cx = np.mean([p[0] for p in quad]) + rng.uniform(-0.15, 0.15) * fw
        cy = np.mean([p[1] for p in quad]) + rng.uniform(-0.15, 0.15) * fh
    size = min(max(p[0] for p in quad) - min(p[0] for p in quad), max(p[1] for p in quad) - min(p[1] for p in quad))
    rx, ry = size * rng.uniform(0.2, 0.34), size * rng.uniform(0.14, 0.25)
    sh, sw = fh // 8, fw // 8
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32) * 8
    a = rng.uniform(0, math.pi)
    u = ((xx - cx) * math.cos(a) + (yy - cy) * math.sin(a)) / rx
    v = (-(xx - cx) * math.sin(a) + (yy - cy) * math.cos(a)) / ry
    blob = np.clip(2.5 * np.exp(-(u ** 2 + v ** 2) * 3) * (0.9 + 0.1 * smooth_field(sh, sw, nrng, 4)), 0, 1)
    blob = cv2.resize(blob.astype(np.float32), (fw, fh), interpolation=cv2.INTER_LINEAR)
    return cv2.blendLinear(out, np.full_like(out, 255), 1 - blob, blob)


def _noise(out: np.ndarray, sigma: float, nrng: np.random.Generator) -> np.ndarray:
    """Sensor (luma) noise, generated at half size with OpenCV's generator seeded from nrng."""
    fh, fw = out.shape[:2]
    small = np.zeros((fh // 2 + 1, fw // 2 + 1), np.int16)
    cv2.setRNGSeed(int(nrng.integers(2 ** 31)))
    cv2.randn(small, 0, sigma)  # type: ignore[call-overload]  # OpenCV's stubs take mean and deviation only as sequences
    noise = cv2.resize(small, (fw, fh), interpolation=cv2.INTER_NEAREST)
    return cv2.add(out, cv2.merge((noise, noise, noise)), dtype=cv2.CV_8U)


def _rotate(img: np.ndarray, quad: list[Point], rotation: int) -> tuple[np.ndarray, list[Point]]:
    """Turn the photo so that the page content appears rotated clockwise by `rotation` degrees."""
    h, w = img.shape[:2]
    if rotation == 90:
        return np.ascontiguousarray(np.rot90(img, -1)), [(h - y, x) for x, y in quad]
    if rotation == 180:
        return np.ascontiguousarray(img[::-1, ::-1]), [(w - x, h - y) for x, y in quad]
    if rotation == 270:
        return np.ascontiguousarray(np.rot90(img, 1)), [(y, w - x) for x, y in quad]
    return img, quad


def _shrink(img: np.ndarray, quad: list[Point], long_side: int) -> tuple[np.ndarray, list[Point]]:
    h, w = img.shape[:2]
    f = long_side / max(h, w)
    small = cv2.resize(img, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    return small, [(x * f, y * f) for x, y in quad]


def _jpeg_round_trip(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
