"""Extract every key field of a doc type from OCR lines, with a confidence per field."""
import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import combinations

from models.document import AmountCheck
from models.enums import DocType
from models.ocr import OcrLine
from models.text import normalize
from pipeline.extract.fields import parsers
from pipeline.extract.fields.labels import FieldLabels, load_field_labels
from pipeline.extract.fields.pairing import Candidate, find_in_ranges, find_labelled, misread_label_at, right_of
from pipeline.extract.fields.values import Value, is_plausible_name, parse_value

_TICKETS = {DocType.rail_ticket, DocType.bus_ticket, DocType.taxi_receipt, DocType.ship_ticket, DocType.air_ticket}


@dataclass(frozen=True)
class Extracted:
    value: Value
    confidence: float
    line: OcrLine
    confirmed_by: tuple[AmountCheck, ...] = ()

    @property
    def amount(self) -> Decimal:
        """The value of a money field, which is always a Decimal."""
        assert isinstance(self.value, Decimal), f"not an amount: {self.value!r}"
        return self.value

    def confirmed(self, check: AmountCheck) -> "Extracted":
        """This reading, with ``check`` among the independent checks that confirmed it."""
        return replace(self, confirmed_by=tuple(dict.fromkeys((*self.confirmed_by, check))))


def _reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Top to bottom in rows of the page's typical line height, left to right within a row."""
    if not lines:
        return []
    unit = max(1.0, sorted(ln.height for ln in lines)[len(lines) // 2])
    return sorted(lines, key=lambda ln: (round(ln.cy / unit), ln.x0))


def _first_parse(field: str, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """The first value of the field's kind in reading order, on a line carrying no distractor label (a rail
    ticket's 开票日期 is not its travel date)."""
    for ln in _reading_order(lines):
        if any(d in normalize(ln.text) for d in labels.distractors):
            continue
        parsed = parse_value(labels.kinds[field], ln.text, labels)
        if parsed:
            return Candidate(parsed[0], ln.confidence * parsed[1] * labels.confidence.unlabelled, ln, 99)
    return None


def _tallest_parse(field: str, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """Train and flight numbers are printed large: the tallest line that parses (alone or with its right
    neighbour, since OCR may split CZ | 6735)."""
    for ln in sorted(lines, key=lambda ln: ln.height, reverse=True):
        neighbour = right_of(ln, lines, labels.geometry)
        texts = [ln.text] + ([ln.text + neighbour.text] if neighbour is not None else [])
        for text in texts:
            parsed = parse_value(labels.kinds[field], text, labels)
            if parsed:
                return Candidate(parsed[0], ln.confidence * parsed[1] * labels.confidence.unlabelled, ln, 99)
    return None


def _valid_id_anywhere(lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """The first ID number with a valid checksum, also where a sentence wraps it onto the next line."""
    ordered = _reading_order(lines)
    for i, ln in enumerate(ordered):
        following = ordered[i + 1].text if i + 1 < len(ordered) else ""
        for text in (ln.text, ln.text + following):
            found = parsers.parse_id_number(text)
            if found and found[1]:
                return Candidate(found[0], ln.confidence * labels.confidence.unlabelled, ln, 99)
    return None


def _name_after_id(lines: list[OcrLine]) -> Candidate | None:
    """Tickets print the (masked) ID followed by the passenger's name: 4405141954****1410钟少鹏."""
    for ln in lines:
        m = re.search(r"\d{6,10}\*{2,8}\d{3}[0-9X]([\u4e00-\u9fff]{2,4})$", normalize(ln.text).upper())
        if m:
            return Candidate(m[1], ln.confidence, ln, 50)
    return None


def _arrow_route(lines: list[OcrLine], joins: str) -> tuple[Candidate, Candidate] | None:
    """A route on one line, two places joined by one of ``joins`` (a regex): 北京首都→揭阳潮汕."""
    for ln in lines:
        m = re.fullmatch(rf"([\u4e00-\u9fff]{{2,10}})(?:[A-Z]{{3}})?(?:{joins})"
                         r"([\u4e00-\u9fff]{2,10})(?:[A-Z]{3})?",
                         normalize(ln.text))
        if m:
            return Candidate(m[1], ln.confidence, ln, 60), Candidate(m[2], ln.confidence, ln, 60)
    return None


def _route_pair(lines: list[OcrLine]) -> tuple[Candidate, Candidate] | None:
    """Tickets print the route large: 普宁站 G7417 深圳北站 on one row, or 揭阳潮汕 SWA above 北京首都 PEK."""
    arrow = _arrow_route(lines, r"→|->|—>|至|-|(?<=[港站岛场])[一—]")
    if arrow:
        return arrow
    heights = sorted(ln.height for ln in lines)
    median = heights[len(heights) // 2] if heights else 0
    places = []
    for ln in lines:
        m = re.fullmatch(r"[→>-]?([\u4e00-\u9fff]{2,10})(?:[A-Z]{3})?[→>-]?", normalize(ln.text))
        if m:
            places.append((ln, m[1]))
    coded = [(ln, name) for ln, name in places if re.search(r"[A-Z]{3}$", normalize(ln.text))]
    if len(coded) >= 2:  # airport names with IATA codes, from above to
        first, second = sorted(coded, key=lambda p: p[0].y0)[:2]
    else:
        large = [(ln, name) for ln, name in places if ln.height >= 1.3 * median]
        pairs = [(a, b) for a in large for b in large if a[0] is not b[0] and a[0].x0 < b[0].x0
                 and abs(a[0].cy - b[0].cy) < max(a[0].height, b[0].height)]
        if not pairs:
            return None
        first, second = max(pairs, key=lambda ab: ab[0][0].height + ab[1][0].height)
    return (Candidate(first[1], first[0].confidence, first[0], 60),
            Candidate(second[1], second[0].confidence, second[0], 60))


def _name_before_gender(lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """Certificate prose names a person right before their sex: 兹有…居民洪财，男，91岁."""
    for ln in _reading_order(lines):
        for m in re.finditer(r"([\u4e00-\u9fff]{2,12})(?:[,(]?(?:性别:?)?[男女][,)]|\((?:公民)?身份)",
                             normalize(ln.text)):
            run = m[1]
            for prefix in sorted(labels.name_prefixes, key=len, reverse=True):
                if prefix in run:
                    run = run[run.rindex(prefix) + len(prefix):]
            if is_plausible_name(run, labels):
                return Candidate(run, ln.confidence * labels.confidence.unlabelled, ln, 98)
    return None


def _name_after_person_word(lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """Prose names its person after a word for them and before what happened: 患者李春惠因摔倒…, 死者洪财于…."""
    words = "|".join(map(re.escape, labels.person_words))
    follows = "|".join(map(re.escape, labels.name_followers))
    for ln in _reading_order(lines):
        for m in re.finditer(rf"(?:{words})([\u4e00-\u9fff]{{2,4}}?)(?:{follows})", normalize(ln.text)):
            if is_plausible_name(m[1], labels):
                return Candidate(m[1], ln.confidence * labels.confidence.unlabelled, ln, 98)
    return None


def _date_of_event(field: str, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """The date written nearest before a word that names the field's event (…于2025年06月25日办理户口注销).

    The sentence may wrap: the date ends one line and the event word comes anywhere in the next.
    """
    words = labels.event_words.get(field, ())
    ordered = _reading_order(lines)
    for i, ln in enumerate(ordered):
        following = normalize(ordered[i + 1].text) if i + 1 < len(ordered) else ""
        text = normalize(ln.text) + following
        hits = [m.start() for w in words for m in re.finditer(re.escape(w), text)]
        if not hits:
            continue
        dated = [(m.end(), d) for m in _DATE_SPANS.finditer(text) if (d := parsers.parse_date(m[0]))]
        before = [(hits_pos - end, d) for end, d in dated for hits_pos in hits if end <= hits_pos]
        if before:
            return Candidate(min(before)[1], ln.confidence * labels.confidence.unlabelled, ln, 98)
    return None


_DATE_SPANS = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日?|[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}(?!\d))")


def _cause_in_prose(lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """因颅脑损伤死亡 → 颅脑损伤."""
    for ln in _reading_order(lines):
        m = re.search(r"因([\u4e00-\u9fff;、，,]{2,24}?)(?:抢救无效)?(?:死亡|去世|身故)", normalize(ln.text))
        if m:
            return Candidate(m[1], ln.confidence * labels.confidence.unlabelled, ln, 98)
    return None


def _stand_in(doc_type: DocType, field: str, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """The value under the label of the field that stands in for ``field`` on this doc type (stand_ins)."""
    other = labels.stand_ins.get(doc_type, {}).get(field)
    best = min(find_labelled(other, lines, labels), key=Candidate.order, default=None) if other else None
    return Candidate(best.value, best.confidence * labels.confidence.unlabelled, best.line, 99) if best else None


def _fallback(doc_type: DocType, field: str, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    kind = labels.kinds[field]
    if (stand_in := _stand_in(doc_type, field, lines, labels)) is not None:
        return stand_in
    if kind == "name" and field == "name":
        return _name_before_gender(lines, labels) or _name_after_person_word(lines, labels)
    if kind == "date" and field in labels.event_words:
        found = _date_of_event(field, lines, labels)
        if found:
            return found
    if field == "cause_of_death":
        return _cause_in_prose(lines, labels)
    if kind == "id_number":
        return _valid_id_anywhere(lines, labels)
    if field == "passenger_name":
        return _name_after_id(lines)
    if field in ("from_station", "to_station"):
        pair = _route_pair(lines)
        return pair[0 if field == "from_station" else 1] if pair else None
    if kind in ("train_number", "flight_number"):
        return _tallest_parse(field, lines, labels)
    if kind in ("hospital", "plate", "grade"):
        return _first_parse(field, lines, labels)
    if kind == "invoice_number":
        return _marked_invoice_number(lines, labels)
    if kind == "date" and (doc_type in _TICKETS or doc_type in (DocType.accident_proof, DocType.medical_record)):
        return _first_parse(field, lines, labels)
    if kind == "money" and doc_type in _TICKETS:
        return _first_marked_money(lines, labels)
    return None


def _marked_invoice_number(lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """Invoices print their number after №, No or NO (OCR often reads № as N or N°, and a small o as e)."""
    for ln in _reading_order(lines):
        m = re.search(r"(?:№|N[OE°º]?\.?)[:]?(\d{8,20})", normalize(ln.text).upper())
        if m:
            return Candidate(m[1], ln.confidence * labels.confidence.unlabelled, ln, 99)
    return None


def _first_marked_money(lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """The first amount written with ¥ or 元."""
    for ln in _reading_order(lines):
        norm = normalize(ln.text)
        if "¥" in norm or "元" in norm:
            value = parsers.parse_money(norm)
            if value is not None:
                return Candidate(value, ln.confidence * labels.confidence.unlabelled, ln, 99)
    return None


def _uppercase(lines: list[OcrLine]) -> tuple[parsers.UpperAmount, OcrLine] | None:
    """The first 大写 amount on the page, as far as it was read, with its line."""
    for ln in lines:
        upper = parsers.parse_cn_money(ln.text)
        if upper is not None:
            return upper, ln
    return None


def _check_total_against_uppercase(found: Extracted | None, lines: list[OcrLine],
                                    labels: FieldLabels) -> Extracted | None:
    """The 小写 total must agree with the 大写 amount: exact agreement raises confidence; agreement with the parts
    of a 大写 that was read in part leaves the total as read. On a clash, a 小写 amount on the page that equals an
    exact 大写 one is taken instead, else the found total keeps a share of its confidence
    (``confidence.total_clashes_with_uppercase``)."""
    read = _uppercase(lines)
    if read is None:
        return found
    upper, ln = read
    if found is not None and upper.admits(found.amount):
        return replace(found, confidence=max(found.confidence, min(1.0, ln.confidence))).confirmed(
            AmountCheck.uppercase) if upper.exact else found
    exact = upper.value if upper.exact else None
    for other in lines:
        if exact is not None and other is not ln and parsers.parse_money(other.text) == exact:
            return Extracted(exact, min(other.confidence, ln.confidence), other).confirmed(AmountCheck.uppercase)
    clash = labels.confidence.total_clashes_with_uppercase
    return Extracted(found.value, found.confidence * clash, found.line) if found else None


def _name_in_prose(doc_type: DocType, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """The person a certificate is about, from its sentences (…致李春惠受伤)."""
    for pattern in labels.name_patterns.get(doc_type, ()):
        regex = re.compile(pattern.format(name="(?P<name>[\u4e00-\u9fff]{2,4}?)"))
        for ln in _reading_order(lines):
            m = regex.search(normalize(ln.text))
            if m and is_plausible_name(m["name"], labels):
                return Candidate(m["name"], ln.confidence, ln, -1)
    return None


def extract_fields(doc_type: DocType, lines: list[OcrLine], labels: FieldLabels | None = None) -> dict[str, Extracted]:
    """The key fields of ``doc_type`` found in ``lines``; a field that is not found is left out. Rows and columns
    are told on the lines turned level (a page photographed a little turned), the fields keep the lines given."""
    level = _levelled(lines)
    given = {id(turned): ln for turned, ln in zip(level, lines)}
    found = _extract(doc_type, level, labels or load_field_labels())
    return {name: replace(f, line=given.get(id(f.line), f.line)) for name, f in found.items()}


def _levelled(lines: list[OcrLine]) -> list[OcrLine]:
    """Each line turned by the page's text slope so its rows run level (the median slope of the top edges of
    lines at least four times as long as their left edges)."""
    slopes = sorted((b[1][1] - b[0][1]) / (b[1][0] - b[0][0]) for ln in lines
                    if (b := ln.box)[1][0] - b[0][0] > 4 * math.dist(b[0], b[3]))
    slope = slopes[len(slopes) // 2] if slopes else 0.0
    if not slope:
        return list(lines)
    cos, sin = 1 / math.hypot(1, slope), slope / math.hypot(1, slope)
    return [ln.model_copy(update={"box": tuple((x * cos + y * sin, y * cos - x * sin) for x, y in ln.box)})
            for ln in lines]


def _extract(doc_type: DocType, lines: list[OcrLine], labels: FieldLabels) -> dict[str, Extracted]:
    out: dict[str, Extracted] = {}
    for field in labels.doc_types.get(doc_type, ()):
        candidates = find_labelled(field, lines, labels)
        if field == "name":
            candidates += [c for c in [_name_in_prose(doc_type, lines, labels)] if c]
        if labels.kinds[field] == "date":
            candidates += find_in_ranges(field, lines, labels)
        best = min(candidates, key=Candidate.order, default=None)
        if best is None:
            best = _fallback(doc_type, field, lines, labels)
        found = Extracted(best.value, round(best.confidence, 3), best.line) if best else None
        if field in ("total_amount", "fare"):
            found = _check_total_against_uppercase(found, lines, labels)
        if found is not None:
            out[field] = found
    if doc_type == DocType.hospital_invoice and "total_amount" in out:
        _settle_invoice(out, _payment_parts(lines, labels), lines, labels)
    if doc_type in _TICKETS and "from_station" in labels.doc_types.get(doc_type, ()):
        _follow_the_arrow(out, lines, labels)
    return out


def _follow_the_arrow(out: dict[str, Extracted], lines: list[OcrLine], labels: FieldLabels) -> None:
    """A route printed with an arrow (北京首都→揭阳潮汕) says which way unlike any label beside a value can:
    where the stations paired with their labels are not that route, the route's places are taken."""
    route = _arrow_route(lines, r"→|->|—>")
    if route is None:
        return
    parsed = [parse_value(labels.kinds["from_station"], str(c.value), labels) for c in route]
    places = [p for p in parsed if p is not None]
    if len(places) < len(parsed):
        return
    read = (out.get("from_station"), out.get("to_station"))
    if [r.value if r else None for r in read] != [p[0] for p in places]:
        for field, place, candidate in zip(("from_station", "to_station"), places, route):
            out[field] = Extracted(place[0], round(candidate.confidence, 3), candidate.line)


def _settle_invoice(out: dict[str, Extracted], parts: dict[str, Extracted], lines: list[OcrLine],
                    labels: FieldLabels) -> None:
    """An invoice's total and insurance amount checked against each other and the patient's parts (and
    rebuilt or corrected from them); when both stand as read and add up with the parts, both are confirmed
    by the invoice's sum. A value rebuilt or corrected from the sum is never confirmed by it."""
    read_total, read_insurance = out["total_amount"], out.get("insurance_paid")
    out["total_amount"] = _check_total_against_parts(read_total, read_insurance, parts, lines)
    insurance = _check_insurance_against_parts(read_insurance, out["total_amount"], parts, labels)
    if insurance is None:
        return
    out["insurance_paid"] = insurance
    as_read = read_insurance is not None and insurance.value == read_insurance.value \
        and out["total_amount"].value == read_total.value
    if as_read and _adds_up(out["total_amount"].amount, insurance.amount, list(parts.values())):
        out["total_amount"] = out["total_amount"].confirmed(AmountCheck.invoice_sum)
        out["insurance_paid"] = insurance.confirmed(AmountCheck.invoice_sum)


def _adds_up(total: Decimal, insurance: Decimal, parts: list[Extracted]) -> bool:
    """合计 = 统筹 + some of the patient's parts as read (a page may print 个人支付 and its own breakdown)."""
    return any(total == insurance + sum((p.amount for p in chosen), Decimal(0))
               for size in range(len(parts) + 1) for chosen in combinations(parts, size))


def _payment_parts(lines: list[OcrLine], labels: FieldLabels) -> dict[str, Extracted]:
    """The amounts paid beside the insurance fund (个人账户支付, 个人现金支付, 其他支付…) by label (one character
    may be misread), each read after its label up to the next label on the line, or right of the line when the
    label ends it."""
    names = sorted({*labels.payment_parts, *labels.settlement_parts, *labels.settlement_optional_parts}, key=len,
                   reverse=True)
    parts: dict[str, Extracted] = {}
    for ln in lines:
        norm = normalize(ln.text)
        found = ((norm.find(p) if p in norm else misread_label_at(norm, p, set(names), labels.geometry), p)
                 for p in names)
        starts = sorted((at, p) for at, p in found if at >= 0)
        for i, (at, label) in enumerate(starts):
            if label in parts or any(a <= at < a + len(other) for a, other in starts[:i]):
                continue  # a label inside a longer one
            end = next((a for a, _ in starts[i + 1:] if a >= at + len(label)), len(norm))
            neighbour = right_of(ln, lines, labels.geometry) if end == len(norm) else None
            for text, source in ((norm[at + len(label):end], ln), (neighbour.text if neighbour else "", neighbour)):
                value = parsers.parse_money(text) if text else None
                if value is not None and source is not None:
                    parts[label] = Extracted(value, source.confidence, source)
                    break
    return parts


def _check_total_against_parts(total: Extracted, insurance: Extracted | None, parts: dict[str, Extracted],
                               lines: list[OcrLine]) -> Extracted:
    """A total the 大写 amount contradicts is rebuilt from what the invoice says was paid: 统筹支付 plus some of
    the patient's parts, when every such sum the 大写 amount agrees with is the same one (a faint 小写 and a 大写
    read only in part: 贰仟…元贰角整). It is no surer than the amounts it adds up."""
    read = _uppercase(lines)
    if insurance is None or read is None or read[0].admits(total.amount):
        return total
    upper, upper_line = read
    paid = list(parts.values())
    choices = [[p for i, p in enumerate(paid) if mask >> i & 1] for mask in range(1, 2 ** len(paid))]
    sums = [(insurance.amount + sum(p.amount for p in chosen), chosen) for chosen in choices]
    agreeing = [(value, chosen) for value, chosen in sums if upper.admits(value)]
    if len({value for value, _ in agreeing}) != 1:
        return total
    value, chosen = max(agreeing, key=lambda vc: min(p.confidence for p in vc[1]))
    confidence = min([insurance.confidence, upper_line.confidence] + [p.confidence for p in chosen])
    return Extracted(value, round(confidence, 3), total.line)


def _without_point(value: Decimal) -> int:
    """The amount as printed with its decimal point lost: 3912.30 → 391230."""
    return int(f"{value:.2f}".replace(".", ""))


def _insurance_from_settlement(total: Extracted, parts: dict[str, Extracted], labels: FieldLabels) -> Extracted | None:
    """合计 less the settlement parts (个人账户支付 and 个人现金支付, and 其他支付 when read), when both were read."""
    if not all(label in parts for label in labels.settlement_parts):
        return None
    settlement = [parts[label] for label in (*labels.settlement_parts, *labels.settlement_optional_parts)
                  if label in parts]
    rest = total.amount - sum(p.amount for p in settlement)
    confidence = min([total.confidence] + [p.confidence for p in settlement])
    return Extracted(rest, round(confidence, 3), total.line) if rest >= 0 else None


def _check_insurance_against_parts(insurance: Extracted | None, total: Extracted, parts: dict[str, Extracted],
                                   labels: FieldLabels) -> Extracted | None:
    """An invoice adds up: 合计 = 统筹支付 + what the patient paid. An insurance amount read without its fen
    (1790 for 1790.75, under a seal) or without its decimal point (391230 for 3912.30) is corrected, and
    confirmed, by the total less a patient part when they agree. One not read at all, or read less surely than
    the amounts it must add up with and not adding up (a seal over it), is the total less the settlement parts."""
    derived = _insurance_from_settlement(total, parts, labels)
    if insurance is None:
        return derived
    values = list(parts.values())
    for chosen in [[p] for p in values] + ([values] if len(values) > 1 else []):
        rest = total.amount - sum(p.amount for p in chosen)
        confidence = min([total.confidence, insurance.line.confidence] + [p.confidence for p in chosen])
        if rest == insurance.value:  # adding up confirms it as surely as the amounts it adds up with
            return Extracted(insurance.value, round(max(insurance.confidence, confidence), 3), insurance.line)
        if rest >= 0 and insurance.amount == int(insurance.amount) \
                and int(insurance.amount) in (int(rest), _without_point(rest)):
            return Extracted(rest, round(confidence, 3), insurance.line)
    if derived is not None and derived.confidence > insurance.confidence:
        return derived
    return insurance
