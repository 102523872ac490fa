"""The embedded default object store: a local folder with the contract's layout."""
import os
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from models.errors import ObjectMissing, StorageUnavailable
from storage.object_store import (CHUNK_SIZE, ObjectInfo, ObjectStore, ObjectTooLarge, check_prefix,
                                  intake_exists_error)

# Half-written files are named like this (then renamed or linked into place) and never listed.
_TMP_MARK = ".claimflow-tmp-"


class LocalObjectStore(ObjectStore):
    """Objects are files under ``root``; a key is the file's path relative to it."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.location = str(self.root)

    def list_objects(self, prefix: str = "") -> list[ObjectInfo]:
        """Every file whose relative path starts with ``prefix``, sorted by key."""
        check_prefix(prefix)
        root = self._root()
        start = root / prefix.rpartition("/")[0]
        out = []
        with self._os_errors(prefix or "/"):
            for dirpath, _dirs, names in os.walk(start):
                for name in names:
                    path = Path(dirpath, name)
                    key = path.relative_to(root).as_posix()
                    if _TMP_MARK not in name and key.startswith(prefix) and path.is_file():
                        out.append(_info(key, path.stat()))
        return sorted(out, key=lambda info: info.key)

    def accepts_writes(self) -> bool:
        """A folder whose owner-write bit is off is read-only to claimflow, even when run as root."""
        return bool(self._root().stat().st_mode & stat.S_IWUSR)

    def _root(self) -> Path:
        if not self.root.is_dir():
            raise ObjectMissing(f"folder {self.root} does not exist")
        return self.root

    @contextmanager
    def _os_errors(self, key: str) -> Iterator[None]:
        try:
            yield
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise ObjectMissing(f"{self.location}: no object '{key}'") from None
        except OSError as e:
            raise StorageUnavailable(f"{self.location}: cannot access '{key}': {e.strerror or e}") from None

    def _stat_or_none(self, key: str) -> ObjectInfo | None:
        try:
            st = (self._root() / key).stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as e:
            raise StorageUnavailable(f"{self.location}: cannot access '{key}': {e.strerror or e}") from None
        return _info(key, st) if stat.S_ISREG(st.st_mode) else None

    def _chunks(self, key: str, max_bytes: int | None) -> Iterator[bytes]:
        with self._os_errors(key):
            with open(self._root() / key, "rb") as f:
                if max_bytes is not None and os.fstat(f.fileno()).st_size > max_bytes:
                    raise ObjectTooLarge(self.location, key, max_bytes)
                while chunk := f.read(CHUNK_SIZE):
                    yield chunk

    def _write(self, key: str, data: bytes, content_type: str) -> None:
        path = self._root() / key
        with self._os_errors(key):
            tmp = self._write_tmp(path, data)
            os.replace(tmp, path)

    def _write_new(self, key: str, data: bytes, content_type: str) -> None:
        path = self._root() / key
        with self._os_errors(key):
            tmp = self._write_tmp(path, data)
            try:
                os.link(tmp, path)  # atomic create-if-absent, with the full content already in place
            except FileExistsError:
                raise intake_exists_error(self.location, key) from None
            finally:
                tmp.unlink()

    def _delete(self, key: str) -> None:
        with self._os_errors(key):
            (self._root() / key).unlink(missing_ok=True)

    @staticmethod
    def _write_tmp(path: Path, data: bytes) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}{_TMP_MARK}{uuid.uuid4().hex}")
        try:
            with open(tmp, "xb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return tmp


def _info(key: str, st: os.stat_result) -> ObjectInfo:
    return ObjectInfo(key, st.st_size, None, datetime.fromtimestamp(st.st_mtime, timezone.utc))
