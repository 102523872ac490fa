"""Objects in an S3 bucket (MinIO, SeaweedFS, AWS) through the minio SDK, under an optional key prefix."""
import io
import os
import time
from collections.abc import Callable, Generator
from typing import TypeVar
from urllib.parse import urlsplit

import urllib3
from minio import Minio
from minio.error import InvalidResponseError, S3Error, ServerError
from minio.helpers import DictType
from urllib3.exceptions import ConnectTimeoutError, HTTPError, MaxRetryError

from models.errors import ClaimflowError, ObjectMissing, StorageUnavailable
from storage.object_store import CHUNK_SIZE, ObjectInfo, ObjectStore, ObjectTooLarge, check_prefix, intake_exists_error

T = TypeVar("T")

# An unreachable server is reported within TOTAL_BUDGET seconds: each attempt may take at most
# CONNECT_TIMEOUT + READ_TIMEOUT (a server that accepts but never answers), and a retry is only
# started while it can still finish inside the budget. Connection refused fails in ~1.5 s.
CONNECT_TIMEOUT = 1.0
READ_TIMEOUT = 2.0
TOTAL_BUDGET = 4.8
BACKOFF = (0.1, 0.2, 0.4, 0.8)

_AUTH_CODES = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AuthorizationHeaderMalformed"}
_RETRY_CODES = {"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout"}


class _KeyMissing(ObjectMissing):
    """The bucket exists but the object does not (exists() turns this into False)."""


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ClaimflowError(f"{name}={value!r}: expected true or false")


class S3ObjectStore(ObjectStore):
    """An S3 bucket; keys are relative to ``prefix`` inside it, under which the intake/ layout lives."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint: str, access_key: str, secret_key: str,
                 secure: bool = False, region: str | None = None) -> None:
        parts = urlsplit(endpoint if "://" in endpoint else f"//{endpoint}")
        if parts.scheme not in ("", "http", "https") or not parts.netloc or parts.path.strip("/"):
            raise ClaimflowError(f"bad S3 endpoint {endpoint!r}: expected host:port or http(s)://host:port")
        if parts.scheme:
            secure = parts.scheme == "https"
        self.bucket = bucket
        self.prefix = check_prefix(prefix.strip("/"))
        self.endpoint = parts.netloc
        self.location = f"s3://{bucket}/{self.prefix}".rstrip("/") + f" at {self.endpoint}"
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT, read=READ_TIMEOUT),
            retries=0,  # no urllib3 retries: _call retries within a time budget
            maxsize=8,
        )
        self._client = Minio(self.endpoint, access_key=access_key, secret_key=secret_key, secure=secure,
                             region=region or None, http_client=http)
        self._bucket_checked = False

    @classmethod
    def from_env(cls, bucket: str, prefix: str = "") -> "S3ObjectStore":
        """Connect with CLAIMFLOW_S3_ENDPOINT, _ACCESS_KEY, _SECRET_KEY, _SECURE (default false), _REGION."""
        missing = [f"CLAIMFLOW_S3_{n}" for n in ("ENDPOINT", "ACCESS_KEY", "SECRET_KEY")
                   if not os.environ.get(f"CLAIMFLOW_S3_{n}")]
        if missing:
            raise StorageUnavailable(f"s3://{bucket}: {', '.join(missing)} not set "
                                     "(scripts/s3-server start prints them for a local server)")
        return cls(bucket, prefix, endpoint=os.environ["CLAIMFLOW_S3_ENDPOINT"],
                   access_key=os.environ["CLAIMFLOW_S3_ACCESS_KEY"],
                   secret_key=os.environ["CLAIMFLOW_S3_SECRET_KEY"],
                   secure=_env_flag("CLAIMFLOW_S3_SECURE", False),
                   region=os.environ.get("CLAIMFLOW_S3_REGION") or None)

    def _full(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def _call(self, what: str, key: str, fn: Callable[[], T], *, resend_ok: bool = True) -> T:
        """Run one S3 request with bounded retries, mapping failures to claimflow's errors.

        ``resend_ok=False`` retries only when the connection could not be opened (the request was never sent).
        """
        start = time.monotonic()
        attempt = 0
        while True:
            try:
                if not self._bucket_checked:
                    if not self._client.bucket_exists(self.bucket):
                        raise ObjectMissing(f"bucket '{self.bucket}' does not exist on {self.endpoint}")
                    self._bucket_checked = True
                return fn()
            except S3Error as e:
                if e.code not in _RETRY_CODES or not resend_ok:
                    raise self._error(e, what, key) from None
                cause: Exception = e
            except (HTTPError, ServerError) as e:
                cause = e.reason if isinstance(e, MaxRetryError) and e.reason else e
                if not resend_ok and not isinstance(cause, ConnectTimeoutError):  # includes NewConnectionError
                    raise StorageUnavailable(f"{self.location}: {what} '{key}' failed: {cause}") from None
            except InvalidResponseError as e:
                raise StorageUnavailable(f"{self.location}: {what} '{key}': not an S3 answer: {e}") from None
            delay = BACKOFF[min(attempt, len(BACKOFF) - 1)]
            attempt += 1
            if time.monotonic() - start + delay + CONNECT_TIMEOUT + READ_TIMEOUT > TOTAL_BUDGET:
                raise StorageUnavailable(f"{self.location}: server not reachable or not answering "
                                         f"({what} '{key}', {attempt} attempt(s)): {cause}")
            time.sleep(delay)

    def _error(self, e: S3Error, what: str, key: str) -> ClaimflowError:
        if e.code == "NoSuchBucket":
            self._bucket_checked = False
            return ObjectMissing(f"bucket '{self.bucket}' does not exist on {self.endpoint}")
        if e.code in ("NoSuchKey", "ResourceNotFound"):
            return _KeyMissing(f"{self.location}: no object '{key}'")
        if e.code == "PreconditionFailed":
            return intake_exists_error(self.location, key)
        if e.code in _AUTH_CODES:
            return StorageUnavailable(f"{self.location}: access refused ({e.code}) for {what} '{key}': "
                                      "check CLAIMFLOW_S3_ACCESS_KEY and CLAIMFLOW_S3_SECRET_KEY")
        return StorageUnavailable(f"{self.location}: {what} '{key}' failed: {e.code}: {e.message}")

    def list_objects(self, prefix: str = "") -> list[ObjectInfo]:
        """Every object whose key starts with ``prefix`` (recursive), sorted by key."""
        full = self._full(check_prefix(prefix)) if prefix else (f"{self.prefix}/" if self.prefix else "")
        found = self._call("list", prefix or "/", lambda: list(
            self._client.list_objects(self.bucket, prefix=full, recursive=True)))
        cut = len(self.prefix) + 1 if self.prefix else 0
        return sorted((ObjectInfo(o.object_name[cut:], o.size or 0, o.etag or None, o.last_modified)
                       for o in found if not o.is_dir and not o.object_name.endswith("/")),
                      key=lambda info: info.key)

    def _stat_or_none(self, key: str) -> ObjectInfo | None:
        try:
            o = self._call("stat", key, lambda: self._client.stat_object(self.bucket, self._full(key)))
        except _KeyMissing:
            return None
        return ObjectInfo(key, o.size or 0, o.etag or None, o.last_modified)

    def _chunks(self, key: str, max_bytes: int | None) -> Generator[bytes, None, None]:
        resp = self._call("read", key, lambda: self._client.get_object(self.bucket, self._full(key)))
        try:
            length = resp.headers.get("content-length")
            if max_bytes is not None and length is not None and int(length) > max_bytes:
                raise ObjectTooLarge(self.location, key, max_bytes)
            try:
                yield from resp.stream(CHUNK_SIZE)
            except HTTPError as e:
                raise StorageUnavailable(f"{self.location}: connection lost while reading '{key}': {e}") from None
        finally:
            resp.close()
            resp.release_conn()

    def _write(self, key: str, data: bytes, content_type: str) -> None:
        self._call("write", key, lambda: self._client.put_object(
            self.bucket, self._full(key), io.BytesIO(data), len(data), content_type=content_type))

    def _write_new(self, key: str, data: bytes, content_type: str) -> None:
        # `If-None-Match: *` makes the create atomic: SeaweedFS (tested with 4.48), MinIO and AWS answer 412
        # PreconditionFailed when the key exists, so a concurrent upload cannot overwrite the object between
        # put_intake's stat and this PUT. minio-py 7.2's public put_object would turn that header into user
        # metadata (x-amz-meta-if-none-match), hence its single-request _put_object (minio is pinned <8).
        headers: DictType = {"If-None-Match": "*", "Content-Type": content_type}
        self._call("create", key, lambda: self._client._put_object(self.bucket, self._full(key), data, headers),
                   resend_ok=False)

    def _delete(self, key: str) -> None:
        self._call("delete", key, lambda: self._client.remove_object(self.bucket, self._full(key)))
