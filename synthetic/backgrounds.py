"""Procedural surfaces a document is photographed on: wood, gingham cloth, fabric, terrazzo, desks."""
import cv2
import numpy as np

KINDS = ("wood", "gingham", "fabric", "terrazzo", "desk", "dark")


def smooth_field(h: int, w: int, nrng: np.random.Generator, cells: int = 6) -> np.ndarray:
    """Low-frequency noise in [-1, 1] of shape (h, w), float32."""
    grid = nrng.uniform(-1, 1, (cells, max(2, cells * w // max(1, h)))).astype(np.float32)
    return cv2.resize(grid, (w, h), interpolation=cv2.INTER_CUBIC)


def texture(w: int, h: int, nrng: np.random.Generator, kind: str | None = None) -> np.ndarray:
    """An RGB uint8 surface of size (h, w); kind is one of KINDS or random."""
    kind = kind or str(nrng.choice(KINDS, p=(0.3, 0.15, 0.15, 0.12, 0.18, 0.1)))
    sw, sh = max(8, w // 3), max(8, h // 3)
    img = {"wood": _wood, "gingham": _gingham, "fabric": _fabric, "terrazzo": _terrazzo, "desk": _desk,
           "dark": _dark}[kind](sw, sh, nrng)
    img = cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.clip(img, 0, 255).astype(np.uint8)


def _wood(w: int, h: int, nrng: np.random.Generator) -> np.ndarray:
    base = np.array(nrng.choice([(150, 100, 60), (110, 70, 40), (185, 140, 95), (90, 55, 35), (170, 120, 80)]),
                    np.float32)
    y = np.arange(h, dtype=np.float32)[:, None]
    warp = smooth_field(h, w, nrng, 4) * nrng.uniform(20, 60) + smooth_field(h, w, nrng, 12) * 6
    freq = nrng.uniform(0.08, 0.3)
    grain = (np.sin((y + warp) * freq) * 0.5 + 0.5) ** 3 + 0.5 * (np.sin((y + warp * 1.7) * freq * 2.3) * 0.5 + 0.5)
    streaks = cv2.resize(nrng.uniform(-1, 1, (h, max(2, w // 60))).astype(np.float32), (w, h))
    shade = 0.8 + 0.1 * grain + 0.08 * streaks
    img = shade[..., None] * base
    plank = int(nrng.uniform(0.2, 0.45) * h)
    offset = int(nrng.integers(0, plank))
    for py in range(offset, h, plank):
        img[max(0, py - 1):py + 2] *= 0.55
    return img


def _gingham(w: int, h: int, nrng: np.random.Generator) -> np.ndarray:
    color = np.array(nrng.choice([(40, 120, 80), (170, 60, 60), (60, 90, 160), (150, 110, 70)]), np.float32)
    period = int(nrng.uniform(0.04, 0.08) * max(w, h))
    xs = (np.arange(w) // (period // 2)) % 2
    ys = (np.arange(h) // (period // 2)) % 2
    level = (xs[None, :] + ys[:, None]).astype(np.float32) / 2
    white = np.array((238, 236, 230), np.float32)
    img = white + (color - white) * level[..., None]
    weave = nrng.normal(0, 6, (h, w, 1)).astype(np.float32)
    return img + weave


def _fabric(w: int, h: int, nrng: np.random.Generator) -> np.ndarray:
    color = np.array(nrng.choice([(200, 190, 170), (120, 130, 150), (170, 150, 160), (90, 100, 90), (220, 215, 205)]),
                     np.float32)
    folds = smooth_field(h, w, nrng, 5)
    img = color * (0.9 + 0.1 * folds)[..., None]
    return img + nrng.normal(0, 5, (h, w, 1)).astype(np.float32)


def _terrazzo(w: int, h: int, nrng: np.random.Generator) -> np.ndarray:
    base = np.array(nrng.choice([(200, 195, 180), (170, 170, 165), (215, 210, 200)]), np.float32)
    img: np.ndarray = np.ones((h, w, 3), np.float32) * base
    count = int(w * h / 250)
    ys, xs = nrng.integers(0, h, count), nrng.integers(0, w, count)
    img[ys, xs] = nrng.choice([(60, 55, 50), (240, 240, 235), (120, 110, 100)], count)
    img = cv2.GaussianBlur(img, (3, 3), 0)
    return img * (0.92 + 0.08 * smooth_field(h, w, nrng, 4))[..., None]


def _desk(w: int, h: int, nrng: np.random.Generator) -> np.ndarray:
    base = np.array(nrng.choice([(215, 215, 210), (230, 225, 215), (190, 195, 200), (205, 190, 170)]), np.float32)
    img = base * (0.93 + 0.07 * smooth_field(h, w, nrng, 3))[..., None]
    return img + nrng.normal(0, 3, (h, w, 1)).astype(np.float32)


def _dark(w: int, h: int, nrng: np.random.Generator) -> np.ndarray:
    base = np.array(nrng.choice([(45, 48, 52), (30, 30, 35), (60, 50, 45)]), np.float32)
    img = base * (0.85 + 0.15 * smooth_field(h, w, nrng, 3))[..., None]
    return img + nrng.normal(0, 3, (h, w, 1)).astype(np.float32)
