"""Named failures, each with the exit code the CLI uses (listed in the README)."""
from pydantic import ValidationError


class ClaimflowError(Exception):
    """Base of every failure claimflow reports to a person."""

    exit_code = 1


class InvalidClaim(ClaimflowError):
    """A claim.json that cannot be parsed or breaks the contract."""

    exit_code = 3

    def __init__(self, claim: str, field: str, message: str) -> None:
        self.claim, self.field, self.message = claim, field, message
        super().__init__(f"claim {claim}: field '{field}': {message}")

    def __reduce__(self) -> tuple:
        return type(self), (self.claim, self.field, self.message)


class InvalidData(ClaimflowError):
    """A roster, hospital registry or policy file that breaks its schema."""

    exit_code = 4

    def __init__(self, source: str, where: str, message: str) -> None:
        self.source, self.where, self.message = source, where, message
        super().__init__(f"{source}: {where}: {message}")

    def __reduce__(self) -> tuple:
        return type(self), (self.source, self.where, self.message)


class UnreadablePhoto(ClaimflowError):
    """A photo that cannot be decoded (corrupt, truncated, empty, too large, unknown format)."""

    exit_code = 5

    def __init__(self, object_name: str, reason: str) -> None:
        self.object_name, self.reason = object_name, reason
        super().__init__(f"photo {object_name}: {reason}")

    def __reduce__(self) -> tuple:
        return type(self), (self.object_name, self.reason)


class StorageUnavailable(ClaimflowError):
    """The object store or database cannot be reached."""

    exit_code = 6


class ObjectMissing(ClaimflowError):
    """A bucket or object that should exist does not."""

    exit_code = 7


class IntakeProtected(ClaimflowError):
    """An attempt to overwrite or delete an uploaded object under intake/."""

    exit_code = 8


def first_problem(error: ValidationError, default_place: str) -> tuple[str, str]:
    """The first validation problem as (dotted field path, message) for a person to read.

    Cross-field checks raise ``"field.path: message"`` so that they, too, name their field.
    """
    first = error.errors()[0]
    msg = first["msg"].removeprefix("Value error, ")
    place = ".".join(str(p) for p in first["loc"]) or default_place
    if not first["loc"] and ": " in msg:
        place, msg = msg.split(": ", 1)
    if first["type"] == "missing":
        msg = "missing"
    if len(error.errors()) > 1:
        msg += f" (and {len(error.errors()) - 1} more problem(s))"
    return place, msg
