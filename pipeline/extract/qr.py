"""QR codes on e-invoices and e-tickets: decoded with zxing-cpp and read into the fields they carry.

A QR code is an independent reading of the fields it carries (error-corrected, so it reads right or not at
all): a field OCR read the same way gets surer and an amount gets confirmed (AmountCheck.qr); a field it
contradicts loses confidence, so a misread amount cannot pass; a field OCR missed is taken from the code.
Payload formats are data (data/qr_formats.yaml).
"""
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.document import AmountCheck
from models.enums import DocType


class QrSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    doc_types: tuple[DocType, ...]
    agree_confidence: float = Field(ge=0, le=1)
    disagree_factor: float = Field(ge=0, le=1)
    fill_confidence: float = Field(ge=0, le=1)


class QrFormat(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    when: str
    match: str | None = None
    search: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_way(self) -> "QrFormat":
        if (self.match is None) == (not self.search):
            raise ValueError(f"QR format {self.name}: give either match or search")
        return self


class QrFormats(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    formats: tuple[QrFormat, ...]
    amount_field: dict[DocType, str]
    date_field: dict[DocType, str]


@lru_cache(maxsize=2)
def load_qr_formats(path: str | None = None) -> QrFormats:
    """The payload formats (cached per path)."""
    source = path or str(files("pipeline.extract") / "data" / "qr_formats.yaml")
    return QrFormats.model_validate(yaml.safe_load(Path(source).read_text(encoding="utf-8")))


def decode_qr(*images: np.ndarray) -> list[str]:
    """The QR payloads found on the first of ``images`` that holds any (the flattened page, then the photo)."""
    import zxingcpp

    for image in images:
        found = [b.text for b in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)  # type: ignore[arg-type]  # zxing-cpp turns one format into BarcodeFormats itself; its stub wants BarcodeFormats
                 if b.text]
        if found:
            return found
    return []


def _typed(name: str, raw: str) -> Any:
    if name in ("amount", "total_amount", "fare"):
        try:
            return Decimal(raw).quantize(Decimal("0.01"))
        except InvalidOperation:
            return None
    if name in ("date", "invoice_date", "travel_date"):
        for pattern in ("%Y%m%d", "%Y-%m-%d"):
            try:
                return datetime.strptime(raw, pattern).date()
            except ValueError:
                continue
        return None
    return raw


def parse_payload(payload: str, doc_type: DocType, formats: QrFormats | None = None) -> dict[str, Any]:
    """The fields of ``doc_type`` a QR payload carries (by the first format that knows it), typed."""
    formats = formats or load_qr_formats()
    for fmt in formats.formats:
        if not re.search(fmt.when, payload):
            continue
        if fmt.match is not None:
            m = re.search(fmt.match, payload)
            raw = {k: v for k, v in m.groupdict().items() if v} if m else {}
        else:
            raw = {k: m[1] for k, rx in fmt.search.items() if (m := re.search(rx, payload))}
        rename = {"amount": formats.amount_field.get(doc_type), "date": formats.date_field.get(doc_type)}
        out = {}
        for name, value in raw.items():
            field = rename.get(name, name) if name in rename else name
            typed = _typed(name, value)
            if field and typed is not None:
                out[field] = typed
        return out
    return {}


def qr_fields(payloads: list[str], doc_type: DocType, known: set[str]) -> dict[str, Any]:
    """The fields of the doc type (names in ``known``) the payloads carry; the first payload's value wins."""
    out: dict[str, Any] = {}
    for payload in payloads:
        for name, value in parse_payload(payload, doc_type).items():
            if name in known:
                out.setdefault(name, value)
    return out


def apply_qr(fields: dict[str, dict[str, Any]], carried: dict[str, Any], settings: QrSettings) -> dict[str, dict]:
    """``fields`` (name → value, confidence, …) with what the QR code carries: agreeing fields surer and amounts
    confirmed, contradicted ones less sure, missing ones filled in."""
    out = {name: dict(f) for name, f in fields.items()}
    for name, value in carried.items():
        field = out.get(name)
        is_amount = isinstance(value, Decimal)
        if field is None:
            out[name] = {"value": value, "confidence": settings.fill_confidence, "box": None,
                         "confirmed_by": [AmountCheck.qr] if is_amount else []}
        elif _same(field["value"], value):
            field["confidence"] = max(field["confidence"], settings.agree_confidence)
            if is_amount:
                field["confirmed_by"] = list(dict.fromkeys([*field.get("confirmed_by", []), AmountCheck.qr]))
        else:
            field["confidence"] = field["confidence"] * settings.disagree_factor
            field["confirmed_by"] = []  # what it agreed with before, the code says is wrong
    return out


def _same(read: Any, carried: Any) -> bool:
    if isinstance(carried, (Decimal, date)):
        return read == carried
    return str(read).upper().lstrip("0") == str(carried).upper().lstrip("0")
