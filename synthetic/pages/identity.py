"""居民身份证 (ID card front): the card itself, a variant print, and a photocopy of both sides on A4."""
import random

from PIL import Image, ImageDraw, ImageOps

from models.enums import DocType
from synthetic.canvas import Canvas, rgb
from synthetic.marks import guilloche, portrait
from synthetic.pages.base import DocSpec, Values, a4, given, given_date
from synthetic.people import random_person

LABEL_BLUE = (60, 110, 160)


def _sample(rng: random.Random, values: Values) -> Values:
    person = random_person(rng, values.get("name"), values.get("id_number"))
    return {
        "name": person.name, "id_number": person.id_number, "sex": person.sex,
        "birth": given_date(values, "birth", lambda: person.birth),
        "address": given(values, "address", lambda: person.address),
    }


def _front(v: Values, rng: random.Random, width: int, variant: int) -> Canvas:
    """The front face of the card at the given width."""
    h = int(width * 0.63)
    tint = (rng.randint(226, 240), rng.randint(234, 244), rng.randint(242, 252)) if variant == 0 else (
        rng.randint(236, 246), rng.randint(238, 246), rng.randint(228, 240))
    c = Canvas(width, h, tint)
    guilloche(c, (0, 0, width, h), rng, rgb(max(0, t - 18) for t in tint), lines=22)
    u = width / 1400
    ls, vs = int(38 * u), int((50 if variant == 0 else 54) * u)
    x0, xv = int(110 * u), int(270 * u)
    lab = (lambda s: " ".join(s)) if variant == 0 else (lambda s: s)
    y = int(150 * u)
    c.text(x0, y, lab("姓名"), ls, fill=LABEL_BLUE)
    c.text(xv, y, v["name"], vs, face="sans" if variant == 0 else "serif")
    y += int(115 * u)
    c.text(x0, y, lab("性别"), ls, fill=LABEL_BLUE)
    c.text(xv, y, v["sex"], vs)
    c.text(xv + int(200 * u), y, lab("民族"), ls, fill=LABEL_BLUE)
    c.text(xv + int(340 * u), y, "汉", vs)
    y += int(115 * u)
    c.text(x0, y, lab("出生"), ls, fill=LABEL_BLUE)
    b = v["birth"]
    x = c.text(xv, y, str(b.year), vs, face="latin")
    x = c.text(x + 10 * u, y, "年", ls, fill=LABEL_BLUE)
    x = c.text(x + 14 * u, y, str(b.month), vs, face="latin")
    x = c.text(x + 10 * u, y, "月", ls, fill=LABEL_BLUE)
    x = c.text(x + 14 * u, y, str(b.day), vs, face="latin")
    c.text(x + 10 * u, y, "日", ls, fill=LABEL_BLUE)
    y += int(115 * u)
    c.text(x0, y, lab("住址"), ls, fill=LABEL_BLUE)
    for line in c.wrap(v["address"], int(vs * 0.92), 560 * u):
        c.text(xv, y, line, int(vs * 0.92))
        y += int(vs * 1.3)
    c.text(x0, int(h - 95 * u), "公民身份号码", ls, fill=LABEL_BLUE, tracking=6 * u)
    c.text(int(x0 + 390 * u), int(h - 95 * u), v["id_number"], int(58 * u), face="latin_mono", bold=True,
           tracking=4 * u)
    pw, ph = int(330 * u), int(410 * u)
    photo = portrait(pw, ph, rng, v["sex"])
    c.img.paste(photo, (int(width - pw - 110 * u), int(110 * u)))
    return c


def _back(rng: random.Random, width: int) -> Canvas:
    """The emblem side: issuing authority and validity."""
    h = int(width * 0.63)
    c = Canvas(width, h, (236, 240, 246))
    guilloche(c, (0, 0, width, h), rng, (214, 222, 232), lines=22)
    u = width / 1400
    c.draw.ellipse((110 * u, 80 * u, 330 * u, 300 * u), outline=(200, 50, 40), width=int(10 * u))
    c.text(220 * u, 205 * u, "★", int(90 * u), fill=(220, 170, 40), anchor="mm")
    c.text(width * 0.62, 190 * u, "中华人民共和国", int(56 * u), bold=True, anchor="ms", tracking=10 * u)
    c.text(width * 0.62, 330 * u, "居民身份证", int(96 * u), bold=True, anchor="ms", tracking=18 * u)
    start = rng.randint(2008, 2024)
    c.kv(260 * u, h - 190 * u, "签发机关", "汕头市公安局潮南分局", int(38 * u), sep="  ")
    c.kv(260 * u, h - 100 * u, "有效期限", f"{start}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}-长期",
         int(38 * u), sep="  ")
    return c


def _rounded(card: Canvas, radius_frac: float = 0.05) -> Image.Image:
    """The card image with its corners painted white (for pasting on a sheet)."""
    mask = Image.new("L", card.img.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, card.w - 1, card.h - 1), int(card.w * radius_frac), fill=255)
    white = Image.new("RGB", card.img.size, (250, 250, 250))
    return Image.composite(card.img, white, mask)


def card(rng: random.Random, v: Values) -> Image.Image:
    """The card front, spaced labels (姓 名)."""
    v["corner_radius"] = 0.05
    return _front(v, rng, rng.randint(1350, 1600), 0).img


def card_variant(rng: random.Random, v: Values) -> Image.Image:
    """The card front, tighter labels, serif name, warmer tint."""
    v["corner_radius"] = 0.05
    return _front(v, rng, rng.randint(1350, 1600), 1).img


def photocopy(rng: random.Random, v: Values) -> Image.Image:
    """Both faces copied onto an A4 sheet, in grey or colour, with the usual note."""
    sheet = a4(rng)
    cw = int(sheet.w * rng.uniform(0.6, 0.7))
    front, back = _rounded(_front(v, rng, cw, rng.randint(0, 1))), _rounded(_back(rng, cw))
    x = (sheet.w - cw) // 2
    y1 = int(sheet.h * rng.uniform(0.08, 0.14))
    y2 = y1 + front.height + int(sheet.h * 0.06)
    gray = rng.random() < 0.6
    for img, y in ((front, y1), (back, y2)):
        sheet.img.paste(ImageOps.grayscale(img).convert("RGB") if gray else img, (x, y))
    note = rng.choice(("此复印件仅供保险理赔使用", "与原件核对无误", "仅供老年人意外险理赔用"))
    sheet.text(sheet.w / 2, y2 + back.height + int(sheet.h * 0.08), note, int(sheet.w / 30), anchor="ms")
    return sheet.img


SPECS = {DocType.id_card: DocSpec(("name", "id_number"), _sample,
                                  {"card": card, "card_variant": card_variant, "photocopy": photocopy})}
