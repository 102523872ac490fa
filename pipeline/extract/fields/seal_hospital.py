"""An invoice's hospital from the text of its red seal's ring.

The ring is hard to read: curved, stamped over print, faded. Rather than trusting the recogniser's spelling,
every registry name (and alias) is scored against what the recogniser saw (``best_path_gap``): a known
hospital is found in the ring when its name is nearly as likely as the best reading and clearly likelier than
any other hospital's, even where the best reading confuses 潮 with 湖. A ring that names no registry
hospital gives its best reading where that reads as a hospital's name and was read surely (a ring read
poorly gives none rather than a garbled name), a little less surely.
"""
import math

from pipeline.extract.fields.extracted import Extracted
from pipeline.extract.fields.labels import FieldLabels
from pipeline.extract.fields.values import parse_value
from pipeline.extract.readings import LineReader, best_path_gap
from pipeline.extract.seal import SealReading, SealSettings


def _registry_match(reading: SealReading, names: dict[str, str], reader: LineReader,
                    settings: SealSettings) -> Extracted | None:
    """The registry hospital the ring names, when one stands out, with confidence exp(gap)."""
    best: dict[str, float] = {}
    for name, hospital in names.items():
        labels = reader.labels(name)
        if labels:
            best[hospital] = max(best.get(hospital, float("-inf")), best_path_gap(reading.probs, labels))
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < settings.registry_min_gap:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < settings.registry_margin:
        return None
    return Extracted(ranked[0][0], round(math.exp(ranked[0][1]), 3), reading.line)


def seal_hospital(readings: list[SealReading], names: dict[str, str], reader: LineReader, labels: FieldLabels,
                  settings: SealSettings) -> Extracted | None:
    """The best hospital the seal readings give, or None; ``names`` maps every registry name and alias to the
    hospital's name."""
    found: list[Extracted] = []
    for reading in readings:
        match = _registry_match(reading, names, reader, settings)
        if match is not None:
            found.append(match)
            continue
        parsed = parse_value("hospital", reading.line.text, labels)
        if parsed and reading.line.confidence >= settings.unmatched_min_confidence:
            found.append(Extracted(parsed[0], reading.line.confidence * parsed[1] * settings.unmatched_factor,
                                   reading.line))
    return max(found, key=lambda e: e.confidence, default=None)
