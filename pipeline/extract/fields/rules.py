"""The numbers field reading goes by (extraction.yaml `fields:` and `confidence:`): where a value sits beside its
label, and how sure a field is by how it was found."""
from pydantic import BaseModel, ConfigDict, Field


class FieldGeometry(BaseModel):
    """Where a value sits beside its label."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    same_row_overlap: float = Field(gt=0, le=1)
    below_max_gap: float = Field(gt=0)
    misread_label_min_length: int = Field(ge=2)
    misread_name_label_min_length: int = Field(ge=2)
    date_pieces: int = Field(ge=3)


class FieldConfidence(BaseModel):
    """A field's confidence is its OCR line's times these, by how it was found (1.0 for a value beside its label
    as printed). The policy's ``field_confidence`` is the bar for fast-pay: a factor below it keeps every field
    found that way from fast-pay, whatever the OCR confidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    unlabelled: float = Field(gt=0, le=1)
    misread_label: float = Field(gt=0, le=1)
    amount_without_fen: float = Field(gt=0, le=1)
    repaired_date: float = Field(gt=0, le=1)
    bad_checksum_id: float = Field(gt=0, le=1)
    total_clashes_with_uppercase: float = Field(gt=0, le=1)
