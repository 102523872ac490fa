"""A field as found on a page: its value, how sure, the OCR line it came from and the checks that confirmed it."""
from dataclasses import dataclass, replace
from decimal import Decimal

from models.document import AmountCheck
from models.ocr import OcrLine
from pipeline.extract.fields.values import Value


@dataclass(frozen=True)


class Extracted:
    """A field's value as found, with its confidence, its line and the checks that confirmed it."""

    value: Value
    confidence: float
    line: OcrLine
    confirmed_by: tuple[AmountCheck, ...] = ()

    @property
    def amount(self) -> Decimal:
        """The value of a money field, which is always a Decimal."""
        assert isinstance(self.value, Decimal), f"not an amount: {self.value!r}"
        return self.value

    def confirmed(self, check: AmountCheck) -> "Extracted":
        """This reading, with ``check`` among the independent checks that confirmed it."""
        return replace(self, confirmed_by=tuple(dict.fromkeys((*self.confirmed_by, check))))
