"""Pair labels with values using line geometry: the rest of the label's line, the line to its right, below."""
import re
from dataclasses import dataclass

from models.ocr import OcrLine
from models.text import normalize
from pipeline.extract.fields import parsers
from pipeline.extract.fields.labels import FieldLabels
from pipeline.extract.fields.rules import FieldGeometry
from pipeline.extract.fields.values import Value, is_header, parse_value, without_english_label


@dataclass(frozen=True)
class Candidate:
    """A value found for a field, with its confidence, the line it came from and how it was found."""

    value: Value
    confidence: float
    line: OcrLine
    rank: int  # lower is better: label priority, then position (same line < right < below)

    def order(self) -> tuple[int, float, float]:
        """Sort key: rank, then reading position on the page (top first, then left)."""
        return self.rank, self.line.y0, self.line.x0


def _longer_labels(label: str, everything: list[str]) -> list[str]:
    """The labels (of any field) that hold ``label`` inside them: where one is printed, ``label`` is not."""
    return [other for other in everything if len(other) > len(label) and label in other]


def _label_at(text: str, label: str, longer: list[str]) -> int:
    """Position of ``label`` in ``text`` where it is not part of a longer label (of any field); -1 if none."""
    start = 0
    while (pos := text.find(label, start)) >= 0:
        inside = False
        for other in longer:
            k = other.find(label)
            if pos - k >= 0 and text[pos - k:pos - k + len(other)] == other:
                inside = True
                break
        if not inside:
            return pos
        start = pos + 1
    return -1


def misread_label_at(text: str, label: str, every_label: set[str], min_length: int) -> int:
    """Position of ``label`` read with exactly one wrong character (labels of at least ``min_length``), where that
    reading is no label itself (出院时间 is not 入院时间 misread); -1 if none."""
    if len(label) < min_length:
        return -1
    for pos in range(len(text) - len(label) + 1):
        window = text[pos:pos + len(label)]
        if sum(a != b for a, b in zip(window, label)) == 1 and not any(
                other in text[max(0, pos - len(other) + 1):pos + len(label) + len(other) - 1]
                for other in every_label if len(other) >= len(label) - 1 and other != label):
            return pos
    return -1


_CONNECTOR = re.compile(r"^[:)、,_]*(?:为|是)?[:)、,_]*")  # 姓名_蔡松茂: a form's blank drawn as a line


def _value_after(text: str) -> str:
    """What follows a label up to its value: punctuation or a blank's line, a 为 or 是 (诊断为：…, 姓名是…) and an
    English label."""
    return without_english_label(_CONNECTOR.sub("", text, count=1))


def _split_decimals(whole: OcrLine, fraction: OcrLine) -> bool:
    """True when OCR cut an amount in two at its decimal point: ``fraction`` starts with it, right after ``whole``."""
    return normalize(fraction.text).startswith(".") and fraction.x0 - whole.x1 < whole.height


def row_to_the_right(line: OcrLine, lines: list[OcrLine], geometry: FieldGeometry) -> list[OcrLine]:
    """Lines to the right on the same row, nearest first (a line sitting lower or higher counts as farther)."""
    row = [ln for ln in lines if ln is not line and ln.x0 >= (line.x0 + line.x1) / 2 and ln.x1 > line.x1
           and _row_overlap(ln, line) >= geometry.same_row_overlap]
    return sorted(row, key=lambda ln: ln.x0 + (1 - _row_overlap(ln, line)) * line.height)


def right_of(line: OcrLine, lines: list[OcrLine], geometry: FieldGeometry) -> OcrLine | None:
    """The nearest line to the right on the same row."""
    row = row_to_the_right(line, lines, geometry)
    return row[0] if row else None


def _row_overlap(a: OcrLine, b: OcrLine) -> float:
    """Vertical intersection over union of two lines' extents."""
    inter = min(a.y1, b.y1) - max(a.y0, b.y0)
    union = max(a.y1, b.y1) - min(a.y0, b.y0)
    return max(0.0, inter) / union if union > 0 else 0.0


def below(line: OcrLine, lines: list[OcrLine], geometry: FieldGeometry) -> OcrLine | None:
    """The nearest line below that overlaps horizontally; a line standing off the label's column counts as
    lower by up to a line's height (in a table, 42.00 under 金额[元] rather than 14.7 a little higher beside it)."""
    column = [ln for ln in lines if ln is not line and ln.y0 >= line.cy
              and min(ln.x1, line.x1 + 2 * line.height) - max(ln.x0, line.x0 - line.height) > 0
              and ln.y0 - line.y1 < geometry.below_max_gap * line.height]
    return min(column, key=lambda ln: ln.y0 + (1 - _column_overlap(ln, line)) * line.height, default=None)


def _column_overlap(a: OcrLine, b: OcrLine) -> float:
    """The share of the narrower line's width that lies within the other's."""
    inter = min(a.x1, b.x1) - max(a.x0, b.x0)
    return max(0.0, inter) / max(1.0, min(a.x1 - a.x0, b.x1 - b.x0))


def _below_headings(line: OcrLine, lines: list[OcrLine], labels: FieldLabels) -> OcrLine | None:
    """The nearest line below ``line``, past a row of column headings (出院诊断 over 诊断名称 over the value)."""
    under = below(line, lines, labels.geometry)
    if under is not None and is_header(normalize(under.text), labels):
        return below(under, lines, labels.geometry)
    return under


def _amount_in_prose(kind: str, rest: str, labels: FieldLabels) -> bool:
    """True when words stand between a money label and the amount after it (票价含港口建设费7.00元): the amount
    is another's, named in those words, not the label's own."""
    if kind != "money":
        return False
    digit = re.search(r"\d", rest)
    words = rest[:digit.start()] if digit else rest
    for mark in labels.amount_marks:
        words = words.replace(mark, "")
    return re.search(r"[\u4e00-\u9fff]", words) is not None


def _inside_a_sentence(text: str, pos: int, label: str) -> bool:
    """True when the label at ``pos`` is a word of a sentence in a line of sentences: it runs on from a word before
    it (提前到达乘车站，…原件进站乘车。) or is one character that does not start the line (…、自动售票机领取)."""
    if pos == 0 or re.search("[,.]", text) is None:
        return False
    return len(label) == 1 or re.match(r"[\u4e00-\u9fff]", text[pos - 1]) is not None


def _neighbours(kind: str, rest: str, label_line: OcrLine, lines: list[OcrLine],
                labels: FieldLabels) -> list[tuple[str, OcrLine, int]]:
    """The texts a label's value may be, each with its line and place: the rest of the label's line (0), the
    next lines to its right (1), the line below, past column headings (2)."""
    neighbours = [(rest, label_line, 0)] if rest else []
    under = _below_headings(label_line, lines, labels)
    if rest and kind == "date" and under is not None and rest[-1] in "0123456789年月":
        neighbours.insert(0, (rest + normalize(under.text), label_line, 0))  # a date wrapped onto the next line
    row = row_to_the_right(label_line, lines, labels.geometry)
    right = row[:2]
    if kind == "money" and len(right) == 2 and _split_decimals(*right):
        neighbours.append((right[0].text + right[1].text, right[0], 1))  # 8786 | .88 read as two lines
    neighbours += [(without_english_label(normalize(other.text)), other, 1) for other in right]
    pieces = row[:labels.geometry.date_pieces]  # a date printed in boxes, read in pieces: 2024 | 年08 | 月05 | 日12 …
    if kind == "date" and not rest and len(pieces) > 2:
        neighbours.append(("".join(normalize(piece.text) for piece in pieces), pieces[0], 1))
    if under is not None:
        neighbours.append((without_english_label(normalize(under.text)), under, 2))
    return neighbours


def find_labelled(field: str, lines: list[OcrLine], labels: FieldLabels) -> list[Candidate]:
    """Every parseable value next to one of ``field``'s labels."""
    kind = labels.kinds[field]
    synonyms = labels.labels[field]
    every_label = labels.all_labels()
    amount_labels = labels.amount_labels()
    everything = sorted(every_label, key=len, reverse=True)
    g = labels.geometry  # a name's value is checked as a name, so its shorter labels may be misread too (交教人)
    misread_min = g.misread_name_label_min_length if kind == "name" else g.misread_label_min_length
    out: list[Candidate] = []
    for priority, label in enumerate(synonyms):
        longer = _longer_labels(label, everything)
        for ln in lines:
            norm = normalize(ln.text)
            pos, factor, penalty = _label_at(norm, label, longer), 1.0, 0
            if pos < 0:
                pos, factor, penalty = misread_label_at(norm, label, every_label, misread_min), \
                    labels.confidence.misread_label, 3 * len(synonyms)
            if pos < 0 or (kind == "station" and _inside_a_sentence(norm, pos, label)):
                continue
            rest = _value_after(norm[pos + len(label):])
            if is_header(rest, labels):
                continue  # 诊断类别, 诊断名称: the label starts a column heading, its value is no value of ours
            if kind == "money":  # 统筹支付4203.34 其他支付:0.00 …: the amount ends where the next label starts
                rest = rest[:min((i for other in amount_labels if (i := rest.find(other)) > 0), default=len(rest))]
            if rest and _amount_in_prose(kind, rest, labels):  # 票价含港口建设费7.00元: another amount's, ranked last
                neighbours = [(rest, ln, 3)]
            else:
                neighbours = _neighbours(kind, rest, ln, lines, labels)
            parses = [(parsed, source, place, text) for text, source, place in neighbours
                      if (parsed := parse_value(kind, text, labels))]
            if parses:  # the label's own line first; else the nearest value, unless a farther one passes every
                # check (69.00元 beside a bare 45)
                own = [p for p in parses if p[2] == 0]
                (value, certainty), source, place, text = own[0] if own else max(parses, key=lambda p: p[0][1] >= 1.0)
                if kind == "text" and (listed := _list_continued(text, source, lines, labels.geometry)) != text:
                    value, certainty = parse_value(kind, listed, labels) or (value, certainty)
                out.append(Candidate(value, source.confidence * certainty * factor, source,
                                     priority * 3 + place + penalty))
    return out


_FIRST_ITEM = re.compile(r"^\(?1[.、)]")


def _list_continued(text: str, source: OcrLine, lines: list[OcrLine], geometry: FieldGeometry) -> str:
    """A numbered list that starts after a label (出院诊断：1.右股骨颈骨折) with its next items on the lines below
    (2.高血压病 …), each line starting with the next number; ``text`` alone when it holds no first item."""
    if not _FIRST_ITEM.match(text):
        return text
    number, line = 2, source
    while (under := below(line, lines, geometry)) is not None and \
            re.match(rf"^\(?{number}[.、)]", norm := normalize(under.text)):
        text, number, line = text + norm, number + 1, under
    return text


def find_in_ranges(field: str, lines: list[OcrLine], labels: FieldLabels) -> list[Candidate]:
    """``field``'s day where a label of a span of days (住院日期) is followed by one, on its own line, the next
    lines to its right or the line below: 2025.06.26—2025.07.04 gives both ends, a single date only the first.
    Ranked after the field's own labels."""
    everything = sorted(labels.all_labels(), key=len, reverse=True)
    after_own = 3 * len(labels.labels[field])
    out: list[Candidate] = []
    for label, pair in labels.date_ranges.items():
        if field not in pair:
            continue
        end = pair.index(field) == 1
        longer = _longer_labels(label, everything)
        for ln in lines:
            norm = normalize(ln.text)
            pos = _label_at(norm, label, longer)
            if pos < 0:
                continue
            rest = _value_after(norm[pos + len(label):])
            right = row_to_the_right(ln, lines, labels.geometry)[:2]
            under = below(ln, lines, labels.geometry)
            texts = [(rest, ln, 0)] if rest else []
            texts += [(rest + "".join(normalize(r.text) for r in right[:k]), right[k - 1], 1) for k in (1, 2)
                      if len(right) >= k]
            texts += [(normalize(under.text), under, 2)] if under is not None else []
            for text, source, place in texts:
                span = parsers.parse_date_range(text)
                day = (span[1] if end else span[0]) if span else None
                if day is not None:
                    out.append(Candidate(day, source.confidence, source, after_own + place))
                    break
    return out
