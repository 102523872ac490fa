"""Parsers from OCR text to typed values; each returns None when the text does not hold one."""
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from models.ids import is_valid_id
from models.money import to_money
from models.text import normalize

_DATE_PATTERNS = (
    re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?"),
    # the day as short as a clock time right after it allows (2024.3.3 10:17, its space normalised away)
    re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2}?)(?=(?:[01]?\d|2[0-3]):[0-5]\d|(?!\d))"),
    re.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),  # else two digits (2025-08-0820时)
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
)


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
# An airline's day, month and year (04OCT25), its letter O often read as a zero.
# Its year has two digits or four (25JAN2025); spaces are normalised away, so a time may follow (04OCT252200).
_AIRLINE_DATE = re.compile(r"(?<!\d)(?P<d>[0-3]\d)(?P<mon>[A-Z0]{3})(?P<y>(?:19|20)\d{2}|\d{2})")


def _airline_dates(norm: str) -> list[tuple[int, int, date]]:
    """Dates written as airlines write them (04OCT25), with where they start and end."""
    found = []
    for m in _AIRLINE_DATE.finditer(norm.upper()):
        month = m["mon"].replace("0", "O")
        if month in _MONTHS:
            try:
                year = int(m["y"]) if len(m["y"]) == 4 else 2000 + int(m["y"])
                found.append((m.start(), m.end(), date(year, _MONTHS.index(month) + 1, int(m["d"]))))
            except ValueError:
                continue
    return found


def _date_spans(norm: str) -> list[tuple[int, int, date]]:
    """Every real date in normalised text with where it starts and ends, in order."""
    found: list[tuple[int, int, date]] = _airline_dates(norm)
    taken: list[range] = [range(start, end) for start, end, _ in found]
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(norm):
            if any(m.start() in r for r in taken):
                continue
            try:
                found.append((m.start(), m.end(), date(int(m["y"]), int(m["m"]), int(m["d"]))))
                taken.append(range(m.start(), m.end()))
            except ValueError:
                continue
    return sorted(found)


def parse_dates(text: str) -> list[date]:
    """Every real date in the text, in order: 2026年3月5日, 2026-03-05, 2026.03.05, 2026/3/5, 20260305."""
    return [d for _, _, d in _date_spans(normalize(text))]


_RANGE_JOIN = re.compile(r"(?:-|~|至|到)")
_CLOCK = re.compile(r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?")  # a time of day right after a date
_MONTH_DAY = re.compile(r"(?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})(?!\d)")


def parse_date_range(text: str) -> tuple[date, date | None] | None:
    """A span of days written as one value (2025.06.26—2025.07.04, 2025年6月26日至7月4日): its first day and
    its last, which may leave out the year (then the first day's, or the next when it would run backwards).
    The last day is None when only one date is written; None when there is none."""
    norm = normalize(text)
    spans = _date_spans(norm)
    if not spans:
        return None
    _, end, first = spans[0]
    clock = _CLOCK.match(norm, end)  # 2024-09-11 15:23至2024-09-20 10:00
    join = _RANGE_JOIN.match(norm, clock.end() if clock else end)
    if join is None:
        return first, None
    after = norm[join.end():]
    if len(spans) > 1 and spans[1][0] == join.end():
        return first, spans[1][2]
    short = _MONTH_DAY.match(after)
    if short is None:
        return first, None
    for year in (first.year, first.year + 1):
        try:
            last = date(year, int(short["m"]), int(short["d"]))
        except ValueError:
            return first, None
        if last >= first:
            return first, last
    return first, None


def parse_date(text: str) -> date | None:
    """The first date in the text."""
    dates = parse_dates(text)
    return dates[0] if dates else None


_NUMERIC_DATE = re.compile(r"(?<!\d)(?P<y>[1-9]\d{3})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})(?!\d)")


def _valid_part(value: str, low: int, high: int) -> bool:
    return low <= int(value) <= high


def departure_dates(text: str, marks: tuple[str, ...]) -> list[date]:
    """The dates in ``text`` followed by a time of day and a word saying the vehicle leaves then (2025年01月26日
    20:05开, as rail tickets print the day of travel)."""
    norm = normalize(text)
    out = []
    for _, end, day in _date_spans(norm):
        clock = _CLOCK.match(norm, end)
        if clock and norm.startswith(marks, clock.end()):
            out.append(day)
    return out


def repair_date(text: str) -> date | None:
    """A date OCR misread by taking 0 for 8 (2825-87-18 for 2025-07-18), the usual confusion on dot-matrix and
    thin invoice fonts: only the parts that are impossible (year outside 1900-2099, month over 12, day over
    31) get their 8s turned into 0s. None when no such repair gives a real date."""
    for m in _NUMERIC_DATE.finditer(normalize(text)):
        parts = []
        for value, low, high in ((m["y"], 1900, 2099), (m["m"], 1, 12), (m["d"], 1, 31)):
            parts.append(value if _valid_part(value, low, high) else value.replace("8", "0"))
        if parts == [m["y"], m["m"], m["d"]] or not all(
                _valid_part(v, low, high) for v, (low, high) in zip(parts, ((1900, 2099), (1, 12), (1, 31)))):
            continue
        try:
            return date(*(int(v) for v in parts))
        except ValueError:
            continue
    return None


_DATE = re.compile(r"(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
                   r"|(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)")
_TIME = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?")  # taken out after the dates it may follow
# 5616,30 or 1396:46 (no clock time): a comma or colon before two last digits is a decimal point
_DECIMAL_MARK = re.compile(r"(\d)[,:](\d{2})(?![\d,:])")
_MONEY = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?![\d])")


def parse_money(text: str) -> Decimal | None:
    """The amount in a money text (¥1,234.56, 1234.56元, 小写:3468.00, 5616,30); the last number wins.

    Dates (also written 20240824) and clock times are removed first so that 2025-06-22 17:19:10 is not
    read as money.
    """
    norm = _TIME.sub(" ", _DATE.sub(" ", normalize(text)))
    norm = norm.replace("¥", "").replace("￥", "").replace("元", "").replace("、", ".")
    norm = _DECIMAL_MARK.sub(r"\1.\2", norm)
    matches = list(_MONEY.finditer(norm))
    if not matches:
        return None
    m = matches[-1]
    try:
        return to_money(Decimal(m[1].replace(",", "") + ("." + m[2] if m[2] else "")))
    except InvalidOperation:
        return None


_CN_DIGITS = {"零": 0, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
              "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}


def _cn_integer(text: str) -> int:
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        elif ch in "万萬":
            total += (section + digit) * 10000
            section, digit = 0, 0
        elif ch == "亿":
            total += (section + digit) * 100_000_000
            section, digit = 0, 0
    return total + section + digit


@dataclass(frozen=True)
class UpperAmount:
    """A 大写 amount as far as it was read: the yuan (None when misread, with the range a clean start such as
    贰仟 allows) and the 角/分 (None when misread)."""

    yuan: int | None
    fraction: Decimal | None
    yuan_range: tuple[int, int] | None = None

    @property
    def exact(self) -> bool:
        """Every part was read cleanly."""
        return self.yuan is not None and self.fraction is not None

    @property
    def value(self) -> Decimal | None:
        """The amount when read exactly, the yuan alone when only they were, else None."""
        if self.yuan is None:
            return None
        return to_money(Decimal(self.yuan) + (self.fraction or 0))

    def admits(self, amount: Decimal) -> bool:
        """True when ``amount`` agrees with every part that was read."""
        yuan = int(amount)
        if self.yuan is not None and yuan != self.yuan:
            return False
        if self.fraction is not None and amount - yuan != self.fraction:
            return False
        return self.yuan_range is None or self.yuan_range[0] <= yuan <= self.yuan_range[1]


_CN_VARIANTS = str.maketrans({"叄": "叁", "參": "叁", "貳": "贰", "陸": "陆", "萬": "万", "億": "亿", "圆": "元",
                              "圓": "元"})
_CN_DIGIT = "[壹贰叁肆伍陆柒捌玖]"
_CN_NUMERALS = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿"
_CN_LEADING = re.compile(rf"({_CN_DIGIT})([拾佰仟万])")
_CN_FRACTION = re.compile(rf"零?(?:({_CN_DIGIT})角)?零?(?:({_CN_DIGIT})分)?")
_CN_AMOUNT_CHARS = _CN_NUMERALS + "元角分整正"


def _cn_fraction(tail: str) -> Decimal | None:
    """The 角/分 after 元, None when misread: a lone digit at the end lost its 角 (元叁 → 0.30, 元零叁 → 0.03);
    another Chinese character where 角/分 belong is a misread (元拳)."""
    tail = tail.split("整")[0].split("正")[0]
    end = next((i for i, ch in enumerate(tail) if ch not in _CN_AMOUNT_CHARS), len(tail))
    if end < len(tail) and "\u4e00" <= tail[end] <= "\u9fff":
        return None
    tail = tail[:end]
    m = _CN_FRACTION.fullmatch(tail)
    if m:
        return Decimal(_CN_DIGITS.get(m[1] or "零", 0)) / 10 + Decimal(_CN_DIGITS.get(m[2] or "零", 0)) / 100
    lone = re.fullmatch(rf"(零?)({_CN_DIGIT})", tail)
    if lone:
        return Decimal(_CN_DIGITS[lone[2]]) / (100 if lone[1] else 10)
    return None


def _cn_yuan(run: str) -> tuple[int | None, tuple[int, int] | None]:
    """The yuan written before 元, or, when a character in it was misread, the range its clean start allows
    (贰仟童任… → 2000-2999)."""
    if all(ch in _CN_NUMERALS for ch in run):
        return _cn_integer(run), None
    m = _CN_LEADING.match(run)
    if not m:
        return None, None
    unit = _CN_UNITS.get(m[2], 10000)
    digit = _CN_DIGITS[m[1]]
    return None, (digit * unit, (digit + 1) * unit - 1)


def parse_cn_money(text: str) -> UpperAmount | None:
    """A 大写 amount such as 叁仟肆佰陆拾捌元整 or 壹佰元伍角贰分 (traditional forms such as 叄 and 萬 too), as far
    as it was read: yuan misread after a clean start still give their range when the 角/分 were read. None when
    no amount was read."""
    norm = normalize(text).translate(_CN_VARIANTS)
    after = 0
    for at in (i for i, ch in enumerate(norm) if ch == "元"):
        start = next((i for i in range(after, at) if norm[i] in _CN_NUMERALS), None)
        after = at + 1
        if start is None:
            continue  # 金额(元): a unit, not an amount
        yuan, yuan_range = _cn_yuan(norm[start:at])
        fraction = _cn_fraction(norm[at + 1:])
        if yuan is None and (yuan_range is None or fraction is None):
            return None
        return UpperAmount(yuan, fraction, yuan_range)
    m = None if "元" in norm else re.search(rf"(?:({_CN_DIGIT})角)(?:({_CN_DIGIT})分)?", norm)
    if not m:
        return None
    return UpperAmount(0, Decimal(_CN_DIGITS[m[1]]) / 10 + Decimal(_CN_DIGITS.get(m[2] or "零", 0)) / 100)


_ID = re.compile(r"(?<![0-9])(\d{17}[0-9X])(?![0-9])")
_MASKED_ID = re.compile(r"(?<![0-9])(\d{6,10}\*{4,8}\d{3}[0-9X])(?![0-9])")


def parse_id_number(text: str) -> tuple[str, bool] | None:
    """An 18-character ID in the text and whether its GB 11643 checksum holds; masked forms pass as-is."""
    norm = normalize(text).upper().replace("＊", "*")
    for m in _ID.finditer(norm):
        return m[1], is_valid_id(m[1])
    masked = _MASKED_ID.search(norm)
    if masked and len(masked[1]) == 18:
        return masked[1], True
    return None


_PLATE = re.compile(r"([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])"
                    r"([A-Z])[·.・\-]?([A-Z0-9]{5,6})")


# Receipt printers of some cities leave the province out (A-X2769, B-14T85): a letter, a separator, five
# letters and digits with at least one digit, kept as printed since the province is not known.
_PLATE_WITHOUT_PROVINCE = re.compile(r"(?<![A-Z0-9])[A-Z][-·.・](?=[A-Z]*\d)[A-Z0-9]{5}(?![A-Z0-9])")


def parse_plate(text: str) -> str | None:
    """A licence plate normalised to 粤D·T1234 form, or as printed when it has no province (A-X2769)."""
    norm = normalize(text).upper()
    if m := _PLATE.search(norm):
        return f"{m[1]}{m[2]}·{m[3]}"
    bare = _PLATE_WITHOUT_PROVINCE.search(norm)
    return bare[0] if bare else None


_TRAIN = re.compile(r"(?<![A-Z0-9])([GDCKTZYSL]\d{1,4})(?![0-9])")
_METRO_LINE = re.compile(r"(?<!\d)(\d{1,2}号线)")
_FLIGHT = re.compile(r"(?<![A-Z0-9])([A-Z]{2}|[A-Z]\d|\d[A-Z])(\d{3,4})(?![0-9])")


def parse_train_number(text: str) -> str | None:
    """A train number such as G7417, D2315, K9002, or a metro line such as 13号线."""
    m = _TRAIN.search(normalize(text).upper()) or _METRO_LINE.search(normalize(text))
    return m[1] if m else None


def parse_flight_number(text: str) -> str | None:
    """A flight number such as CZ3456 or 3U8888."""
    m = _FLIGHT.search(normalize(text).upper())
    return m[1] + m[2] if m else None


_GRADE = re.compile(r"(十|[一二三四五六七八九]|10|[1-9]|X|IX|VIII|VII|VI|IV|V|III|II|I)(?:\([^)]{1,3}\))?级")  # V(五)级
_GRADE_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}  # Ⅶ级 → VII级


def parse_grade(text: str) -> int | None:
    """A disability grade 1–10 from 十级 / 10级 / 伤残等级：九级 / VII级."""
    m = _GRADE.search(normalize(text))
    if not m:
        return None
    g = m[1]
    return _GRADE_CN[g] if g in _GRADE_CN else int(g)


_INVOICE_NO = re.compile(r"(?<![0-9])(\d{8,20})(?![0-9])")


def parse_invoice_number(text: str) -> str | None:
    """An invoice number: 8–20 digits (a leading № or N is dropped)."""
    m = _INVOICE_NO.search(normalize(text))
    return m[1] if m else None


def parse_text(text: str) -> str | None:
    """Free text (hospital, diagnosis, station): normalised, None when empty."""
    norm = normalize(text).strip(":;,.")
    return norm or None
