"""Turn the text after a label into a typed value with a confidence factor (1.0 = every check held)."""
import re
from datetime import date
from decimal import Decimal

from models.text import normalize
from pipeline.extract.fields import parsers
from pipeline.extract.fields.labels import FieldLabels, Kind

Value = str | date | Decimal | int

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


# A label printed in English too (姓名 Name:, 出院诊断 Discharge Diagnosis:) goes on in letters after the Chinese
# words: a run of three or more letters ended by a colon or by anything but a letter or digit (not CZ3456).
_ENGLISH_LABEL = re.compile(r"[A-Za-z][A-Za-z.'/&]{2,}(?::|(?![A-Za-z0-9]))")


def without_english_label(text: str) -> str:
    """``text`` (normalised) without an English label at its start."""
    m = _ENGLISH_LABEL.match(text)
    return text[m.end():].lstrip(":)、,") if m else text


def _cut_at_stop_words(text: str, labels: FieldLabels) -> str:
    cut = len(text)
    for word in (*labels.stop_words, *labels.all_labels()):
        pos = text.find(word)
        if 0 < pos < cut:
            cut = pos
    return text[:cut]


def _name(text: str, labels: FieldLabels) -> tuple[str, float] | None:
    norm = normalize(text)
    m = _CJK_RUN.match(_cut_at_stop_words(norm, labels))
    if not m or not is_plausible_name(m[0], labels) or m[0] in labels.all_labels():
        return None
    after = norm[len(m[0]):]
    if any(after.startswith(label) for label in labels.all_labels()):
        return None  # 我村|村民洪汉城, 有效身份|证件号码: text cut short by a label is not a name
    if after.startswith(":"):
        return None  # 陈述：… a word ended by a colon is another label
    return m[0], 1.0


def is_plausible_name(text: str, labels: FieldLabels) -> bool:
    """A known surname and two or three characters, or four starting with a two-character surname (欧阳…)."""
    if len(text) == 4 or (len(text) == 3 and text[:2] in labels.compound_surnames):
        return text[:2] in labels.compound_surnames
    return 2 <= len(text) <= 3 and text[0] in labels.surnames


def _hospital(text: str, labels: FieldLabels) -> tuple[str, float] | None:
    norm = normalize(text)
    best = None
    for suffix in labels.hospital_suffixes:
        pos = norm.find(suffix)
        if pos > 0:
            end = pos + len(suffix)
            if best is None or end > best:
                best = end
    if best is None:
        return None
    head = norm[:best]
    m = re.search(r"[\u4e00-\u9fff][\u4e00-\u9fff()]*$", head.replace("(章)", "").replace("(盖章)", ""))
    if m and ")" in m[0].split("(")[0]:  # 盖章)汕头市…卫生院: the end of a label's bracket
        m = re.search(r"[\u4e00-\u9fff][\u4e00-\u9fff()]*$", m[0][m[0].index(")") + 1:])
    if m and m[0].startswith("章"):
        m = re.search(r"[\u4e00-\u9fff][\u4e00-\u9fff()]*$", m[0][1:])
    if not m or len(m[0]) < 4 or any(m[0].endswith(g) and len(m[0]) <= len(g) + 2 for g in labels.generic_hospitals):
        return None
    if m[0] in labels.bare_hospital_names:  # 人民医院 alone names no hospital (a seal's ring read in part)
        return None
    kind = max((x for x in labels.hospital_suffixes if m[0].endswith(x)), key=len, default="")
    if len(m[0]) - len(kind) < 2:  # 镇卫生院: a line cut before the hospital's place name names none
        return None
    if any(word in m[0] for word in labels.hospital_kind_words):  # 医疗机构类型：非营利性综合医院, label misread
        return None
    return m[0], 1.0


def _station(text: str, labels: FieldLabels) -> tuple[str, float] | None:
    value = _cut_at_stop_words(normalize(text), labels).strip(":-→>")
    value = re.sub(r"^[A-Za-z/]+:?", "", value)  # bilingual labels: 自FROM 揭阳潮汕 SWA
    m = re.match(r"[\u4e00-\u9fff]{2,12}", value)
    if not m or m[0] in labels.all_labels() or m[0].endswith(labels.station_not_endings) \
            or is_header(m[0], labels) or any(word in m[0] for word in labels.station_not_words):
        return None
    station = m[0]
    for suffix in labels.station_suffixes_dropped:
        if station.endswith(suffix) and len(station) > len(suffix) + 1:
            station = station[: -len(suffix)]
            break
    return station, 1.0


_MARKER = re.compile(r"(?:(?<=^)|(?<=[\u4e00-\u9fff);\s]))\(?(\d{1,2})[.、)]")


def numbered_items(text: str) -> str:
    """A numbered list (1.X 2.Y, 1、X, (1)X) as X;Y. Markers count only in order (1, 2, 3 …) and after a Chinese
    character, bracket, separator or the start, so 胸12椎体 holds none and in 骨折2.2型糖尿病 the first 2. is a
    marker (item 2 when one item stands before it, its 1. lost) and 2型 the item's own text."""
    marks = list(_MARKER.finditer(text))
    best: list[re.Match[str]] = []
    for i, first in enumerate(marks):
        chain = [first]
        for m in marks[i + 1:]:
            if int(m[1]) == int(chain[-1][1]) + 1 and m.start() >= chain[-1].end():
                chain.append(m)
        before = [p for p in re.split(r"[;\s]+", text[:first.start()]) if p]
        if int(first[1]) == len(before) + 1 and len(chain) > len(best):
            best = chain
    if not best:
        return text
    cuts = [0, *[p for m in best for p in (m.start(), m.end())], len(text)]
    items = [text[cuts[k]:cuts[k + 1]].strip(" ;") for k in range(0, len(cuts), 2)]
    return ";".join(item for item in items if item)


def _end_of_clause(text: str, labels: FieldLabels) -> str:
    """Free text up to the end of its sentence (a full stop not after a digit) or a comma before a word that
    starts another clause (clause_words: 诊断为：右股骨颈骨折，建议休息 → 右股骨颈骨折)."""
    words = "|".join(map(re.escape, labels.clause_words))
    m = re.search(rf"(?<!\d)\.|,(?=(?:{words}))", text)
    return text[:m.start()] if m else text


# A bracketed letter, Chinese numeral or short qualifier before free text: (a)失血性休克, (一)…, (西医)右股骨骨折.
_LEADING_MARK = re.compile(r"^(?:\((?:[A-Za-z]|[一二三四五六七八九十]{1,2}|[\u4e00-\u9fff]{2,3})\)[:]?)+")


def is_header(text: str, labels: FieldLabels) -> bool:
    """True when ``text`` (normalised) is a table's column heading, not a value (诊断名称, 乘车联)."""
    return text.endswith(labels.header_endings)


def _text(text: str, labels: FieldLabels) -> tuple[str, float] | None:
    """Free text up to the next label or the end of its clause, without a leading item mark or qualifier; a
    numbered list (1.X2.Y) becomes X;Y. A column heading is no value."""
    norm = without_english_label(_LEADING_MARK.sub("", normalize(text)))
    if norm in labels.all_labels():
        return None  # 主要诊断 under 诊断类别: a label, not its value
    listed = numbered_items(_end_of_clause(_cut_at_stop_words(norm, labels), labels)).strip(";")
    value = parsers.parse_text(listed)
    if not value or len(value) < 2 or is_header(value, labels):
        return None
    return value, 1.0


def _first_clause(text: str) -> str:
    """Text up to a comma or semicolon before a word (票价306.0元,检票口12A → 票价306.0元), when an amount stands
    before it; a comma between digits (1,234.56) is no clause's end."""
    m = re.search(r"[,;](?=\D)", text)
    return text[:m.start()] if m and re.search(r"\d", text[:m.start()]) else text


def _money(text: str, labels: FieldLabels) -> tuple[Value, float] | None:
    """The amount right after the label, before any next label on the line (医保统筹支付:4203.34 个人现金支付:…).

    Amounts printed without fen (2647 for 2647.21 under a seal) are less certain.
    """
    value = parsers.parse_money(_first_clause(_cut_at_stop_words(normalize(text), labels)))
    if value is None:
        return None
    whole = re.search(r"\d[.,、]\d{1,2}(?!\d)", normalize(text)) is None
    return value, (labels.confidence.amount_without_fen if whole else 1.0)


def _date(text: str, labels: FieldLabels) -> tuple[Value, float] | None:
    """A date as printed, else one repaired from an OCR 8-for-0 misreading (less certain)."""
    if (value := parsers.parse_date(text)) is not None:
        return value, 1.0
    repaired = parsers.repair_date(text)
    return (repaired, labels.confidence.repaired_date) if repaired is not None else None


def _id_number(text: str, labels: FieldLabels) -> tuple[str, float] | None:
    found = parsers.parse_id_number(text)
    if not found:
        return None
    value, valid = found
    return value, (1.0 if valid else labels.confidence.bad_checksum_id)


def parse_value(kind: Kind, text: str, labels: FieldLabels) -> tuple[Value, float] | None:
    """Parse ``text`` as ``kind``; None when it does not hold such a value."""
    if kind == "name":
        return _name(text, labels)
    if kind == "hospital":
        return _hospital(text, labels)
    if kind == "station":
        return _station(text, labels)
    if kind == "text":
        return _text(text, labels)
    if kind == "id_number":
        return _id_number(text, labels)
    if kind == "money":
        return _money(text, labels)
    if kind == "date":
        return _date(text, labels)
    simple = {
        "grade": parsers.parse_grade,
        "invoice_number": parsers.parse_invoice_number, "train_number": parsers.parse_train_number,
        "flight_number": parsers.parse_flight_number, "plate": parsers.parse_plate,
    }[kind]
    value = simple(text)
    return (value, 1.0) if value is not None else None
