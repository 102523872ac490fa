"""Which failures belong to one claim and which to the batch, and what a person may be told of them.

A claim's own problem (its folder, its claim.json, a bug one of its photos finds) becomes that claim's error
line. A store or database that cannot be reached, is read-only or full stops the batch: carrying on would
turn every remaining claim into a false error line. Error text names the failure's kind and never carries
SQL, parameters or an ID number.
"""
import traceback
from concurrent.futures.process import BrokenProcessPool

import urllib3
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from models.errors import ClaimflowError, StorageUnavailable
from storage.database.repository import mask_ids


def is_infrastructure(error: BaseException) -> bool:
    """True for failures of the store, the claim database or the OCR processes rather than of one claim.

    A database error about one row's data (too long for its column, a broken constraint) stays the claim's.
    """
    if isinstance(error, (DataError, IntegrityError)):
        return False
    return isinstance(error, (StorageUnavailable, SQLAlchemyError, urllib3.exceptions.HTTPError, ConnectionError,
                              TimeoutError, BrokenProcessPool))


def infrastructure_error(error: BaseException) -> StorageUnavailable:
    """``error`` as the StorageUnavailable that stops the batch (exit 6), its text without SQL or personal data."""
    if isinstance(error, StorageUnavailable):
        return StorageUnavailable(mask_ids(str(error)))
    if isinstance(error, SQLAlchemyError):
        cause = getattr(error, "orig", None) or error
        first = _first_line(cause)
        if isinstance(cause, SQLAlchemyError):  # no driver error: SQLAlchemy's own text may quote the statement
            first = first.split("[SQL:")[0].strip()
        return StorageUnavailable(f"claim database: {type(cause).__name__}: {mask_ids(first)}")
    if isinstance(error, BrokenProcessPool):
        return StorageUnavailable("the OCR worker processes died (out of memory?); nothing more was decided")
    return StorageUnavailable(f"object store: {type(error).__name__}: {mask_ids(_first_line(error))}")


def stop_on_infrastructure(error: BaseException) -> None:
    """Raise the StorageUnavailable that stops the batch when ``error`` is the store's, the database's or the
    OCR processes'; return otherwise (the caller keeps or re-raises a claim's own error)."""
    if is_infrastructure(error):
        raise infrastructure_error(error) from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


def safe_message(error: BaseException) -> str:
    """What a claim's error line says: claimflow's own message (masked), or only the kind of an unexpected
    failure (its text may hold personal data; the log has the traceback)."""
    if isinstance(error, ClaimflowError):
        return mask_ids(str(error))
    return f"internal error ({type(error).__name__}) while processing this claim; the batch's log has the details"


def where_it_failed(error: BaseException) -> str:
    """The last frames of ``error``'s traceback, without its message (which may hold personal data)."""
    return "".join(traceback.format_tb(error.__traceback__)[-3:])
