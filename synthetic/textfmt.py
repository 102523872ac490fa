"""Formatting of dates, money and digits the way Chinese documents print them."""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")
_CN_NUM = "〇一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789.-:/", "０１２３４５６７８９．－：／")


def fmt_date(d: date, style: str) -> str:
    """A date as printed: iso 2026-03-05, cn 2026年3月5日, cn0 2026年03月05日, dot 2026.03.05,
    slash 2026/03/05, compact 20260305 or cn_upper 二〇二六年三月五日."""
    if style == "iso":
        return d.isoformat()
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "cn0":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "dot":
        return f"{d.year}.{d.month:02d}.{d.day:02d}"
    if style == "slash":
        return f"{d.year}/{d.month:02d}/{d.day:02d}"
    if style == "compact":
        return f"{d.year}{d.month:02d}{d.day:02d}"
    if style == "cn_upper":
        year = "".join(_CN_NUM[int(c)] for c in str(d.year))
        return f"{year}年{_cn_small(d.month)}月{_cn_small(d.day)}日"
    raise ValueError(f"unknown date style {style!r}")


def _cn_small(n: int) -> str:
    """1..31 in plain Chinese numerals (十二, 二十一)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN_NUM[tens] + "十")
    return head + (_CN_NUM[ones] if ones else "")


def cn_grade(grade: int) -> str:
    """A disability grade in Chinese numerals: 10 -> 十, 3 -> 三."""
    return _cn_small(grade)


def fmt_money(amount: float, style: str) -> str:
    """Money as printed: 'yen' ¥12.50, 'yuan' 12.50元, 'plain' 12.50, 'comma' ¥1,234.50, 'cny' CNY 12.50."""
    plain = f"{amount:.2f}"
    if style == "yen":
        return f"¥{plain}"
    if style == "yuan":
        return f"{plain}元"
    if style == "plain":
        return plain
    if style == "comma":
        return f"¥{amount:,.2f}"
    if style == "cny":
        return f"CNY {plain}"
    raise ValueError(f"unknown money style {style!r}")


def money_upper(amount: float) -> str:
    """The uppercase (大写) form of an amount in yuan: 1234.56 -> 壹仟贰佰叁拾肆元伍角陆分."""
    cents = int((Decimal(str(amount)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if cents < 0:
        raise ValueError("negative amount")
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    whole = _integer_upper(yuan)
    if jiao == 0 and fen == 0:
        return (whole or "零") + "元整"
    out = whole + "元" if yuan else ""
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    return out


def _integer_upper(n: int) -> str:
    """Uppercase digits with units for a whole number of yuan ('' for 0)."""
    groups = []
    while n:
        n, g = divmod(n, 10000)
        groups.append(g)
    out, gap = "", False
    for i in reversed(range(len(groups))):
        g = groups[i]
        if g == 0:
            gap = bool(out)
            continue
        if out and (gap or g < 1000):
            out += "零"
        out += _group_upper(g) + _GROUP_UNITS[i]
        gap = False
    return out


def _group_upper(g: int) -> str:
    """Uppercase form of 1..9999 with 拾佰仟 and inner zeros."""
    out, zero = "", False
    for pos in (3, 2, 1, 0):
        d = g // 10**pos % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[d] + _SMALL_UNITS[pos]
    return out


def fullwidth(s: str) -> str:
    """Digits and date punctuation turned into their full-width forms (２０２６－０３－０５)."""
    return s.translate(_FULLWIDTH)
