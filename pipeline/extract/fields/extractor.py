"""Extract every key field of a doc type from OCR lines, with a confidence per field: labelled values first
(pairing), then the fallbacks, then the invoice's arithmetic and a ticket's printed route."""
import math
from dataclasses import replace

from models.enums import DocType
from models.ocr import OcrLine
from pipeline.extract.fields.extracted import Extracted
from pipeline.extract.fields.fallbacks import TICKETS, arrow_route, departures, fallback, name_in_prose
from pipeline.extract.fields.invoice import check_total_against_uppercase, payment_parts, settle_invoice
from pipeline.extract.fields.labels import FieldLabels, load_field_labels
from pipeline.extract.fields.pairing import Candidate, find_in_ranges, find_labelled
from pipeline.extract.fields.values import parse_value


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
        if field in ("name", "passenger_name"):
            candidates += [c for c in [name_in_prose(doc_type, lines, labels)] if c]
        if labels.kinds[field] == "date":
            candidates += find_in_ranges(field, lines, labels)
        if field == "travel_date":
            candidates += departures(lines, labels)
        best = min(candidates, key=Candidate.order, default=None)
        if best is None:
            best = fallback(doc_type, field, lines, labels)
        found = Extracted(best.value, round(best.confidence, 3), best.line) if best else None
        if field in ("total_amount", "fare"):
            found = check_total_against_uppercase(found, lines, labels)
        if found is not None:
            out[field] = found
    if doc_type == DocType.hospital_invoice and "total_amount" in out:
        settle_invoice(out, payment_parts(lines, labels), lines, labels)
    if doc_type in TICKETS and "from_station" in labels.doc_types.get(doc_type, ()):
        _follow_the_arrow(out, lines, labels)
    return out


def _follow_the_arrow(out: dict[str, Extracted], lines: list[OcrLine], labels: FieldLabels) -> None:
    """A route printed with an arrow (北京首都→揭阳潮汕) says which way unlike any label beside a value can:
    where the stations paired with their labels are not that route, the route's places are taken."""
    route = arrow_route(lines, r"→|->|—>")
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
