"""Field label synonyms and value kinds per doc type, loaded from extract/data/field_labels.yaml."""
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from models.document import FIELDS_BY_DOC_TYPE
from models.enums import DocType
from pipeline.extract.fields.rules import FieldConfidence, FieldGeometry
from pipeline.extract.settings import load_settings

Kind = Literal["name", "id_number", "hospital", "invoice_number", "date", "money", "text", "grade",
               "train_number", "flight_number", "station", "plate"]


class FieldLabels(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kinds: dict[str, Kind]
    labels: dict[str, tuple[str, ...]]
    distractors: tuple[str, ...]
    event_words: dict[str, tuple[str, ...]]
    surnames: tuple[str, ...]
    compound_surnames: tuple[str, ...]
    name_patterns: dict[DocType, tuple[str, ...]]
    prose_patterns: dict[str, tuple[str, ...]]
    name_prefixes: tuple[str, ...]
    person_words: tuple[str, ...]
    name_followers: tuple[str, ...]
    name_leaders: tuple[str, ...]
    departure_marks: tuple[str, ...]
    station_suffixes_dropped: tuple[str, ...]
    station_not_endings: tuple[str, ...]
    header_endings: tuple[str, ...]
    station_not_words: tuple[str, ...]
    station_endings: tuple[str, ...]
    amount_marks: tuple[str, ...]
    stop_words: tuple[str, ...]
    clause_words: tuple[str, ...]
    generic_hospitals: tuple[str, ...]
    hospital_kind_words: tuple[str, ...]
    hospital_suffixes: tuple[str, ...]
    stand_ins: dict[DocType, dict[str, str]]
    payment_parts: tuple[str, ...]
    settlement_parts: tuple[str, ...]
    bare_hospital_names: tuple[str, ...]
    settlement_optional_parts: tuple[str, ...]
    date_ranges: dict[str, tuple[str, str]]
    geometry: FieldGeometry  # from extraction.yaml, not field_labels.yaml
    confidence: FieldConfidence  # from extraction.yaml

    @model_validator(mode="after")
    def _consistent(self) -> "FieldLabels":
        for doc_type, fields in self.doc_types.items():
            for f in fields:
                if f not in self.kinds or f not in self.labels:
                    raise ValueError(f"{doc_type.value}.{f} (models.document) has no kind or labels here")
        for doc_type, pairs in self.stand_ins.items():
            for f, other in pairs.items():
                if other not in self.labels or self.kinds.get(other) != self.kinds.get(f):
                    raise ValueError(f"stand_ins.{doc_type.value}.{f}: {other!r} "
                                     "is not a labelled field of the same kind")
        for label, pair in self.date_ranges.items():
            if any(self.kinds.get(f) != "date" for f in pair):
                raise ValueError(f"date_ranges.{label}: {pair} are not both date fields")
        return self

    @property
    def doc_types(self) -> dict[DocType, tuple[str, ...]]:
        """The fields read per doc type: those of its model in models.document (the contract's key fields and
        the supporting evidence beside them), the one list of them."""
        return {doc_type: tuple(model.model_fields) for doc_type, model in FIELDS_BY_DOC_TYPE.items()}

    def all_labels(self) -> set[str]:
        """Every label of every field, the date-range labels and the distractor labels."""
        return {label for labels in self.labels.values() for label in labels} | set(self.distractors) \
            | set(self.date_ranges)

    def amount_labels(self) -> set[str]:
        """Every label an amount can follow on a line: the fields' labels and the payment parts."""
        return self.all_labels() | {*self.payment_parts, *self.settlement_parts, *self.settlement_optional_parts}


@lru_cache(maxsize=4)
def load_field_labels(path: str | None = None) -> FieldLabels:
    """Label synonyms (extract/data/field_labels.yaml by default), with the field geometry and confidence factors
    of the effective extraction settings."""
    source = path or str(files("pipeline.extract") / "data" / "field_labels.yaml")
    settings = load_settings()
    return FieldLabels.model_validate({**yaml.safe_load(Path(source).read_text(encoding="utf-8")),
                                       "geometry": settings.fields, "confidence": settings.confidence})
