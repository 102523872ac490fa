"""One interface over where claims are kept: a local folder or an S3 bucket with the contract's layout (§1).

Keys are relative to the store's root (folder or ``s3://bucket/prefix``) and '/'-separated. Objects under
``intake/`` are created once by upload (:meth:`ObjectStore.put_intake`) and can never be overwritten or
deleted through this interface; the pipeline writes only under ``decisions/``, ``derived/`` and ``reports/``.
"""
import hashlib
import mimetypes
from abc import ABC, abstractmethod
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from models.claim import ClaimReport, parse_claim_json
from models.errors import ClaimflowError, IntakeProtected, InvalidClaim, ObjectMissing

INTAKE = "intake/"
WRITABLE_PREFIXES = ("decisions/", "derived/", "reports/")
CLAIM_FILE = "claim.json"
CLAIM_JSON_MAX_BYTES = 1024 * 1024
CHUNK_SIZE = 256 * 1024


class ObjectKind(StrEnum):
    """What a listed entry is; only files are ever read (S3 holds nothing else)."""

    file = "a file"
    symlink = "a symbolic link"
    special = "a device, FIFO or socket"


@dataclass(frozen=True)
class ObjectInfo:
    """What a listing or stat says about one object."""

    key: str
    size: int
    etag: str | None
    last_modified: datetime | None  # S3 may leave it out
    kind: ObjectKind = ObjectKind.file


class NotRegularObject(ClaimflowError):
    """A listed entry that is not a regular file inside the store (a link, a device, a FIFO): never read."""

    def __init__(self, location: str, key: str, why: str) -> None:
        self.location, self.key, self.why = location, key, why
        super().__init__(f"{location}: '{printable(key)}' is not read: {why}")

    def __reduce__(self) -> tuple:
        return type(self), (self.location, self.key, self.why)


class ObjectTooLarge(ClaimflowError):
    """An object bigger than the caller's limit; refused before it is read in full."""

    def __init__(self, location: str, key: str, max_bytes: int) -> None:
        self.location, self.key, self.max_bytes = location, key, max_bytes
        super().__init__(f"{location}: object '{key}' is larger than the limit of {max_bytes} bytes")


def check_key(key: str) -> str:
    """Return ``key`` if it is a clean relative object key ('a/b.jpg'), else raise ValueError."""
    if not key or key.startswith("/") or key.endswith("/") or "\\" in key or "\x00" in key:
        raise ValueError(f"bad object key {key!r}: keys are relative, '/'-separated, without a trailing '/'")
    if any(part in ("", ".", "..") for part in key.split("/")):
        raise ValueError(f"bad object key {key!r}: empty, '.' and '..' path segments are not allowed")
    return key


def printable(name: str) -> str:
    """``name`` as text that can be shown and stored: bytes that were not UTF-8 appear as \\xNN escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be read as an object (a name that is not UTF-8, a backslash, a control character),
    or None when it is a clean key."""
    if printable(key) != key:
        return "its name is not UTF-8 text"
    if any(ord(c) < 32 or ord(c) == 127 for c in key):
        return "its name holds a control character"
    try:
        check_key(key)
    except ValueError:
        return "its name holds a backslash or an empty, '.' or '..' part"
    return None


def check_prefix(prefix: str) -> str:
    """Return ``prefix`` if it is '' or a clean key prefix ('intake/', 'derived/ab'), else raise ValueError."""
    if prefix:
        check_key(prefix.removesuffix("/"))
    return prefix


def is_intake(key: str) -> bool:
    """True for keys under intake/ (compared case-insensitively, for case-insensitive folders)."""
    return key.split("/", 1)[0].lower() == INTAKE.rstrip("/")


def intake_exists_error(location: str, key: str) -> IntakeProtected:
    """The refusal to create an intake/ object that is already there."""
    return IntakeProtected(f"{location}: '{key}' already exists; objects under intake/ are never overwritten")


def _check_claim_id(claim_id: str) -> str:
    if not claim_id or "/" in claim_id:
        raise ValueError(f"bad claim id {claim_id!r}: a claim id is one folder name under intake/")
    check_key(claim_id)
    return claim_id


def claim_file_key(claim_id: str) -> str:
    """The key of a claim's report: intake/<claim_id>/claim.json."""
    return f"{INTAKE}{_check_claim_id(claim_id)}/{CLAIM_FILE}"


class ObjectStore(ABC):
    """A folder-like object store holding ``intake/``, ``decisions/``, ``derived/`` and ``reports/``."""

    #: Where this store is, for messages ("/data/claims" or "s3://claims/batch1 at 127.0.0.1:8333").
    location: str

    def accepts_writes(self) -> bool:
        """False for a source that is only to be read (a local folder marked read-only); S3 sources accept."""
        return True

    def remove_stale_temporaries(self, older_than_seconds: float) -> int:
        """Delete half-written objects a killed run left behind; S3 writes are atomic, so there are none."""
        return 0

    # -- what each implementation provides ---------------------------------------------------------

    @abstractmethod
    def list_objects(self, prefix: str = "") -> list[ObjectInfo]:
        """Every object whose key starts with ``prefix`` (recursive), sorted by key."""

    @abstractmethod
    def _stat_or_none(self, key: str) -> ObjectInfo | None:
        """The object's info, or None when there is no such object (a missing bucket/folder raises)."""

    @abstractmethod
    def _chunks(self, key: str, max_bytes: int | None) -> Generator[bytes, None, None]:
        """Yield the object's content in chunks; raise ObjectTooLarge early when its size is known to exceed."""

    @abstractmethod
    def _write(self, key: str, data: bytes, content_type: str) -> None:
        """Create or replace an object (callers have checked the key is writable)."""

    @abstractmethod
    def _write_new(self, key: str, data: bytes, content_type: str) -> None:
        """Create an object atomically, raising IntakeProtected if it already exists."""

    @abstractmethod
    def _delete(self, key: str) -> None:
        """Delete an object; deleting a missing object is not an error."""

    # -- the operations the pipeline uses ----------------------------------------------------------

    def list_claims(self) -> list[str]:
        """Claim ids: the folders directly under intake/ that hold a claim.json, sorted."""
        ids = set()
        for info in self.list_objects(INTAKE):
            parts = info.key.split("/")
            if len(parts) == 3 and parts[2] == CLAIM_FILE:
                ids.add(parts[1])
        return sorted(ids)

    def claim_photos(self, claim_id: str) -> list[str]:
        """Keys of every object under intake/<claim_id>/ except its claim.json, sorted (any extension)."""
        return [info.key for info in self.claim_objects(claim_id)]

    def claim_objects(self, claim_id: str) -> list[ObjectInfo]:
        """What the listing says of every entry under intake/<claim_id>/ except its claim.json, sorted by key
        (links and special files included, so a caller can say why it does not read them)."""
        folder = f"{INTAKE}{_check_claim_id(claim_id)}/"
        return [info for info in self.list_objects(folder) if info.key != folder + CLAIM_FILE]

    def read_claim(self, claim_id: str) -> ClaimReport:
        """Read and parse intake/<claim_id>/claim.json; a bad file raises InvalidClaim naming claim and field."""
        key = claim_file_key(claim_id)
        try:
            raw = self.get_bytes(key, CLAIM_JSON_MAX_BYTES)
        except ObjectTooLarge:
            raise InvalidClaim(claim_id, "(file)", f"claim.json is larger than {CLAIM_JSON_MAX_BYTES} bytes") from None
        except NotRegularObject as e:
            raise InvalidClaim(claim_id, "(file)", f"claim.json is not read: {e.why}") from None
        return parse_claim_json(raw, claim_id)

    def get_bytes(self, key: str, max_bytes: int) -> bytes:
        """The object's content; raises ObjectTooLarge as soon as it is known to exceed ``max_bytes``."""
        buf = bytearray()
        with closing(self._chunks(check_key(key), max_bytes)) as chunks:
            for chunk in chunks:
                buf += chunk
                if len(buf) > max_bytes:
                    raise ObjectTooLarge(self.location, key, max_bytes)
        return bytes(buf)

    def sha256(self, key: str) -> str:
        """Hex SHA-256 of the object's content, read as a stream."""
        digest = hashlib.sha256()
        with closing(self._chunks(check_key(key), None)) as chunks:
            for chunk in chunks:
                digest.update(chunk)
        return digest.hexdigest()

    def stat(self, key: str) -> ObjectInfo:
        """The object's size, etag and time; ObjectMissing if there is no such object."""
        info = self._stat_or_none(check_key(key))
        if info is None:
            raise ObjectMissing(f"{self.location}: no object '{key}'")
        return info

    def exists(self, key: str) -> bool:
        """True if the object exists (a missing bucket or folder still raises ObjectMissing)."""
        return self._stat_or_none(check_key(key)) is not None

    def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Create or replace an object under decisions/, derived/ or reports/ (never intake/)."""
        self._writable(key, "write")
        self._write(key, data, content_type)

    def put_intake(self, key: str, data: bytes, content_type: str | None = None) -> None:
        """Create intake/<claim_id>/<name> (upload only); IntakeProtected if it already exists."""
        check_key(key)
        if not is_intake(key) or key.count("/") < 2:
            raise ValueError(f"put_intake writes intake/<claim_id>/<name>, not {key!r}")
        if self._stat_or_none(key) is not None:
            raise intake_exists_error(self.location, key)
        self._write_new(key, data, content_type or mimetypes.guess_type(key)[0] or "application/octet-stream")

    def delete(self, key: str) -> None:
        """Delete an object under decisions/, derived/ or reports/; objects under intake/ are never deleted."""
        self._writable(key, "delete")
        self._delete(key)

    def _writable(self, key: str, action: str) -> None:
        check_key(key)
        if is_intake(key):
            raise IntakeProtected(f"{self.location}: refusing to {action} '{key}': objects under intake/ "
                                  "are only created by upload, never overwritten or deleted")
        if not key.startswith(WRITABLE_PREFIXES):
            raise ValueError(f"refusing to {action} {key!r}: claimflow writes only under "
                             f"{', '.join(WRITABLE_PREFIXES)}")


def open_store(source: str) -> ObjectStore:
    """Open a local folder, or ``s3://bucket/prefix`` with endpoint and keys from CLAIMFLOW_S3_* variables."""
    # Imported here so that a local run never needs the S3 client, and the implementations can import this module.
    if source.startswith("s3://"):
        from storage.s3_store import S3ObjectStore

        bucket, _, prefix = source.removeprefix("s3://").partition("/")
        if not bucket:
            raise ClaimflowError(f"bad source {source!r}: expected s3://bucket or s3://bucket/prefix")
        return S3ObjectStore.from_env(bucket, prefix)
    if "://" in source:
        raise ClaimflowError(f"bad source {source!r}: use a folder path or s3://bucket/prefix")
    from storage.local_store import LocalObjectStore

    return LocalObjectStore(Path(source))
