"""Chinese resident ID numbers (GB 11643-1999): checksum, birth date, masking."""
import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS))
    return _CHECK_CHARS[total % 11]


def id_problem(id_number: str) -> str | None:
    """Say what is wrong with an 18-character ID number, or None when it is valid."""
    if not ID_PATTERN.match(id_number):
        return "must be 17 digits and a digit or X (18 characters)"
    if check_char(id_number[:17]) != id_number[17]:
        return "checksum digit does not match (GB 11643)"
    try:
        birth_date(id_number)
    except ValueError:
        return "birth date inside the number is not a real date"
    return None


def is_valid_id(id_number: str) -> bool:
    """True when the number has the right form, a real birth date and a correct checksum."""
    return id_problem(id_number) is None


def birth_date(id_number: str) -> date:
    """The birth date encoded in digits 7–14."""
    s = id_number[6:14]
    return date(int(s[:4]), int(s[4:6]), int(s[6:8]))


def mask_id(id_number: str) -> str:
    """Mask an ID number for logs and low-privilege views: first 6 and last 4 stay."""
    if len(id_number) < 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def mask_phone(phone: str) -> str:
    """Mask a phone number for records: the first 3 and last 4 digits stay (138****8000)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:] if len(digits) > 7 else "*" * len(digits)


def masked_matches(candidate: str, full: str) -> bool:
    """Compare a possibly masked ID (``4405241952****1226``) with a full one on its visible characters."""
    if len(candidate) != len(full):
        return False
    return all(c in "*＊" or c.upper() == f.upper() for c, f in zip(candidate, full))


def _checked_id(value: str) -> str:
    value = value.strip().upper()
    problem = id_problem(value)
    if problem:
        raise ValueError(problem)
    return value


IdNumber = Annotated[str, AfterValidator(_checked_id)]
"""An 18-character resident ID number with a valid GB 11643 checksum (upper-case X)."""
