"""How one photo's extraction is shown to a person (Rich table) or a program (JSON)."""
import json
from typing import Any

from rich.table import Table

from models.canonical_json import canonical_dumps
from models.ids import mask_id
from pipeline.extract.stage import ExtractionResult


def extraction_json(result: ExtractionResult) -> dict[str, Any]:
    """The document, the reason it could not be read (if any) and stage timings in milliseconds."""

    doc = result.document
    fields = {name: {"value": fv.value, "confidence": round(fv.confidence, 3)}
              for name, fv in doc.fields.present().items()}
    return {
        "object": doc.object,
        "doc_type": doc.doc_type.value,
        "confidence": round(doc.confidence, 3),
        "quality": {"usable": doc.quality.usable, "issues": [i.value for i in doc.quality.issues]},
        "error": result.error,
        "fields": json.loads(canonical_dumps(fields)),
        "timings_ms": {stage: round(seconds * 1000, 1) for stage, seconds in result.timings.items()},
    }


def extraction_table(result: ExtractionResult, mask_ids: bool = False) -> Table:
    """A small table: doc type and quality in the title, one row per field."""
    doc = result.document
    quality = "usable" if doc.quality.usable else "UNUSABLE: " + ", ".join(i.value for i in doc.quality.issues)
    title = f"{doc.object}\n{doc.doc_type.value} ({doc.confidence:.2f}) · {quality}"
    if result.error:
        title += f" · {result.error}"
    table = Table("field", "value", "confidence", title=title)
    for name, fv in doc.fields.present().items():
        value = str(fv.value)
        if mask_ids and name == "id_number":
            value = mask_id(value)
        table.add_row(name, value, f"{fv.confidence:.2f}")
    timing = " · ".join(f"{k} {v * 1000:.0f} ms" for k, v in result.timings.items())
    table.caption = timing
    return table
