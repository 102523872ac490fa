"""Deterministic JSON: keys in insertion order, Decimal money as a number with 2 decimals, dates ISO."""
import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any


def canonical_dumps(value: Any) -> str:
    """Serialise to compact JSON that is byte-for-byte stable for equal input."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, Enum):
        return json.dumps(value.value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return json.dumps(value.isoformat())
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k), ensure_ascii=False)}:{canonical_dumps(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical_dumps(v) for v in value) + "]"
    raise TypeError(f"cannot serialise {type(value).__name__} to canonical JSON")
