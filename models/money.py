"""Money as Decimal rounded to fen (2 places), the only money type in claimflow."""
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import AfterValidator, PlainSerializer

FEN = Decimal("0.01")


def to_money(value: Decimal | int | float | str) -> Decimal:
    """Convert to Decimal yuan with exactly 2 places (half-up)."""
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


Money = Annotated[Decimal, AfterValidator(to_money), PlainSerializer(lambda d: d, return_type=Decimal)]
