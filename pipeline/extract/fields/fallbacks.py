"""Where a field no label gave is found instead: in prose, by its pattern, by its print size or position, by a
stand-in field; a registry of finders tried in order for the fields each serves."""
import re
from collections.abc import Callable
from dataclasses import dataclass

from models.enums import DocType
from models.ocr import OcrLine
from models.text import normalize
from pipeline.extract.fields import parsers
from pipeline.extract.fields.labels import FieldLabels
from pipeline.extract.fields.pairing import Candidate, find_labelled, right_of
from pipeline.extract.fields.values import is_plausible_name, parse_value

TICKETS = frozenset({DocType.rail_ticket, DocType.bus_ticket, DocType.taxi_receipt, DocType.ship_ticket,
                     DocType.air_ticket})


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


def arrow_route(lines: list[OcrLine], joins: str) -> tuple[Candidate, Candidate] | None:
    """A route on one line, two places joined by one of ``joins`` (a regex): 北京首都→揭阳潮汕."""
    for ln in lines:
        m = re.fullmatch(rf"([\u4e00-\u9fff]{{2,10}})(?:[A-Z]{{3}})?(?:{joins})"
                         r"([\u4e00-\u9fff]{2,10})(?:[A-Z]{3})?",
                         normalize(ln.text))
        if m:
            return Candidate(m[1], ln.confidence, ln, 60), Candidate(m[2], ln.confidence, ln, 60)
    return None


def _route_in_sentence(lines: list[OcrLine], labels: FieldLabels) -> tuple[Candidate, Candidate] | None:
    """A route whose both ends are named as stations, alone or inside a sentence (…20:05开，汕头站-饶平站，G5622次
    列车…): surer than any two words joined by a dash (网上购票系统-用户支付通知)."""
    ends = "|".join(map(re.escape, labels.station_endings))
    place = rf"([\u4e00-\u9fff]{{1,8}}?(?:{ends}))"
    regex = re.compile(rf"{place}(?:-|→|至|—|一){place}(?![\u4e00-\u9fff])")
    for ln in lines:
        for m in regex.finditer(normalize(ln.text)):
            first, second = parse_value("station", m[1], labels), parse_value("station", m[2], labels)
            if first and second:
                confidence = ln.confidence * labels.confidence.unlabelled
                return Candidate(first[0], confidence, ln, 60), Candidate(second[0], confidence, ln, 60)
    return None


def _route_pair(lines: list[OcrLine], labels: FieldLabels) -> tuple[Candidate, Candidate] | None:
    """Tickets print the route large: 普宁站 G7417 深圳北站 on one row, or 揭阳潮汕 SWA above 北京首都 PEK. Only
    lines written across that read as a place count (not a copy's name printed down the stub: 乘车联)."""
    arrow = _route_in_sentence(lines, labels) or arrow_route(lines, r"→|->|—>|至|-|(?<=[港站岛场])[一—]")
    if arrow:
        return arrow
    heights = sorted(ln.height for ln in lines)
    median = heights[len(heights) // 2] if heights else 0
    places = []
    for ln in lines:
        m = re.fullmatch(r"[→>-]?([\u4e00-\u9fff]{2,10})(?:[A-Z]{3})?[→>-]?", normalize(ln.text))
        if m and ln.x1 - ln.x0 >= ln.height and parse_value("station", m[1], labels) is not None:
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


_PROSE_VALUE = "(?P<value>[\u4e00-\u9fff0-9;、,]{2,30}?)"


def _text_in_prose(field: str, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """A free-text field carried by a sentence (prose_patterns): 因颅脑损伤死亡 → 颅脑损伤, 诊断为右股骨颈骨折，…"""
    for pattern in labels.prose_patterns.get(field, ()):
        regex = re.compile(pattern.format(value=_PROSE_VALUE))
        for ln in _reading_order(lines):
            m = regex.search(normalize(ln.text))
            if m and (parsed := parse_value(labels.kinds[field], m["value"], labels)):
                return Candidate(parsed[0], ln.confidence * labels.confidence.unlabelled, ln, 98)
    return None


def _stand_in(doc_type: DocType, field: str, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """The value under the label of the field that stands in for ``field`` on this doc type (stand_ins)."""
    other = labels.stand_ins.get(doc_type, {}).get(field)
    best = min(find_labelled(other, lines, labels), key=Candidate.order, default=None) if other else None
    return Candidate(best.value, best.confidence * labels.confidence.unlabelled, best.line, 99) if best else None


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


def name_in_prose(doc_type: DocType, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """The person a certificate is about, from its sentences (…致李春惠受伤)."""
    for pattern in labels.name_patterns.get(doc_type, ()):
        regex = re.compile(pattern.format(name="(?P<name>[\u4e00-\u9fff]{2,4}?)"))
        for ln in _reading_order(lines):
            text = normalize(ln.text)
            for start in range(len(text)):  # 造成方树发受伤: 成方树发 is no name, 方树发 is
                m = regex.match(text, start)
                if m and is_plausible_name(m["name"], labels) and _starts_a_name(text, m.start("name"), labels):
                    return Candidate(m["name"], ln.confidence, ln, -1)
    return None


def _starts_a_name(text: str, start: int, labels: FieldLabels) -> bool:
    """True when a name may start at ``start``: at the start of the text or of a clause, or after a word that leads
    to a person (造成|方树发受伤), not inside words (在菜园|劳作时跌倒)."""
    return start == 0 or not re.match(r"[\u4e00-\u9fff]", text[start - 1]) \
        or text[:start].endswith((*labels.name_leaders, *labels.person_words, *labels.name_prefixes))


def departures(lines: list[OcrLine], labels: FieldLabels) -> list[Candidate]:
    """Days of travel printed as a departure (2025年01月26日 20:05开): surer than any label's date on a ticket,
    which also carries the day it was bought or issued."""
    return [Candidate(day, ln.confidence, ln, -1) for ln in _reading_order(lines)
            for day in parsers.departure_dates(ln.text, labels.departure_marks)][:1]


Finder = Callable[[DocType, str, list[OcrLine], FieldLabels], Candidate | None]


@dataclass(frozen=True)


class Fallback:
    """A way to find a field no label gave (``find``), for the fields it serves (``serves``)."""

    serves: Callable[[DocType, str, FieldLabels], bool]
    find: Finder


def _station(doc_type: DocType, field: str, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    pair = _route_pair(lines, labels)
    if pair:
        return pair[0 if field == "from_station" else 1]
    return _issuing_station(lines, labels) if field == "from_station" else None


def _issuing_station(lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """A bus station sells its tickets under its own name printed large (深圳福田汽车站): the tallest line that is
    a station's name alone, and not the destination's, is where the journey starts, when no route is printed."""
    destinations = {id(c.line) for c in find_labelled("to_station", lines, labels)}
    stations = [ln for ln in lines if ln.x1 - ln.x0 >= ln.height and id(ln) not in destinations
                and normalize(ln.text).endswith(labels.station_endings)
                and parse_value("station", ln.text, labels) == (normalize(ln.text), 1.0)]
    tallest = max(stations, key=lambda ln: ln.height, default=None)
    if tallest is None:
        return None
    return Candidate(normalize(tallest.text), tallest.confidence * labels.confidence.unlabelled, tallest, 61)


FALLBACKS: tuple[Fallback, ...] = (
    Fallback(lambda t, f, labels: True, _stand_in),
    Fallback(lambda t, f, labels: f == "name", lambda t, f, lines, labels: _name_before_gender(lines, labels)),
    Fallback(lambda t, f, labels: f == "name", lambda t, f, lines, labels: _name_after_person_word(lines, labels)),
    Fallback(lambda t, f, labels: labels.kinds[f] == "date" and f in labels.event_words,
             lambda t, f, lines, labels: _date_of_event(f, lines, labels)),
    Fallback(lambda t, f, labels: f in labels.prose_patterns,
             lambda t, f, lines, labels: _text_in_prose(f, lines, labels)),
    Fallback(lambda t, f, labels: labels.kinds[f] == "id_number",
             lambda t, f, lines, labels: _valid_id_anywhere(lines, labels)),
    Fallback(lambda t, f, labels: f == "passenger_name", lambda t, f, lines, labels: _name_after_id(lines)),
    Fallback(lambda t, f, labels: f in ("from_station", "to_station"), _station),
    Fallback(lambda t, f, labels: labels.kinds[f] in ("train_number", "flight_number"),
             lambda t, f, lines, labels: _tallest_parse(f, lines, labels)),
    Fallback(lambda t, f, labels: labels.kinds[f] in ("hospital", "plate", "grade"),
             lambda t, f, lines, labels: _first_parse(f, lines, labels)),
    Fallback(lambda t, f, labels: labels.kinds[f] == "invoice_number",
             lambda t, f, lines, labels: _marked_invoice_number(lines, labels)),
    Fallback(lambda t, f, labels: labels.kinds[f] == "date"
             and (t in TICKETS or t in (DocType.accident_proof, DocType.medical_record)),
             lambda t, f, lines, labels: _first_parse(f, lines, labels)),
    Fallback(lambda t, f, labels: labels.kinds[f] == "money" and t in TICKETS,
             lambda t, f, lines, labels: _first_marked_money(lines, labels)),
)


def fallback(doc_type: DocType, field: str, lines: list[OcrLine], labels: FieldLabels) -> Candidate | None:
    """The value of the first finder in FALLBACKS that serves the field and finds one."""
    for way in FALLBACKS:
        if way.serves(doc_type, field, labels) and (found := way.find(doc_type, field, lines, labels)) is not None:
            return found
    return None
