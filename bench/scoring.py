"""Comparing extracted fields with truth, shared by the benchmark scripts."""
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from models.text import normalize
from pipeline.extract.fields.labels import load_field_labels

KEY_KINDS = {"name", "id_number", "date", "money"}  # names, ID numbers, dates, amounts


def canonical(value: object) -> str:
    """A comparable form: dates ISO, amounts to 0.01, full-width folded, spaces removed."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            return f"{Decimal(str(value)):.2f}"
        except InvalidOperation:
            return str(value)
    text = normalize(str(value))
    try:
        return f"{Decimal(text):.2f}" if any(c.isdigit() for c in text) and "." in text else text
    except InvalidOperation:
        return text


def field_matches(got: object, expected: object, accept: Sequence[object] = ()) -> bool:
    """True when the extracted value equals the truth or one of its accepted spellings."""
    if got is None:
        return False
    if isinstance(expected, int) and not isinstance(expected, bool) and isinstance(got, int):
        return got == expected
    return canonical(got) in {canonical(e) for e in (expected, *accept)}


def contract_fields(doc_type: str) -> tuple[str, ...]:
    """The contract §2 key fields of a doc type (extra truth such as insurance_paid is not scored)."""
    from models.document import KEY_FIELDS
    from models.enums import DocType

    return KEY_FIELDS[DocType(doc_type)]


def is_key_field(field: str) -> bool:
    """Names, ID numbers, dates and amounts: the fields the accuracy target counts."""
    return load_field_labels().kinds.get(field) in KEY_KINDS


class Tally:
    """Counts of right/total per key, printed as percentages."""

    def __init__(self) -> None:
        self.right: dict[str, int] = defaultdict(int)
        self.total: dict[str, int] = defaultdict(int)

    def add(self, key: str, ok: bool) -> None:
        self.total[key] += 1
        self.right[key] += int(ok)

    def rate(self, key: str) -> float:
        return self.right[key] / self.total[key] if self.total[key] else float("nan")

    def overall(self) -> float:
        total = sum(self.total.values())
        return sum(self.right.values()) / total if total else float("nan")
