"""The embedded default object store: a local folder with the contract's layout.

Only regular files inside the folder are objects to read: a symbolic link, FIFO, device or socket is
listed (so a batch can say why it was not read) but never opened, and no path leads out of the folder.
"""
import errno
import os
import stat
import time
import uuid
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from models.errors import ObjectMissing, StorageUnavailable
from storage.object_store import (
    CHUNK_SIZE,
    WRITABLE_PREFIXES,
    NotRegularObject,
    ObjectInfo,
    ObjectKind,
    ObjectStore,
    ObjectTooLarge,
    check_prefix,
    intake_exists_error,
)

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
            if start.is_symlink():
                return []
            for dirpath, dirs, names in os.walk(start):  # never descends into a linked folder
                linked = [d for d in dirs if Path(dirpath, d).is_symlink()]
                for name in names + linked:
                    path = Path(dirpath, name)
                    key = path.relative_to(root).as_posix()
                    if _TMP_MARK not in name and key.startswith(prefix):
                        out.append(_info(key, path.lstat()))
        return sorted(out, key=lambda info: info.key)

    def remove_stale_temporaries(self, older_than_seconds: float) -> int:
        """Delete half-written files a killed run left under decisions/, derived/ and reports/ (never intake/)
        that are older than ``older_than_seconds``; return how many."""
        removed = 0
        cutoff = time.time() - older_than_seconds
        for prefix in WRITABLE_PREFIXES:
            folder = self._root() / prefix
            if folder.is_symlink() or not folder.is_dir():
                continue
            for dirpath, _dirs, names in os.walk(folder):
                for name in names:
                    path = Path(dirpath, name)
                    st = path.lstat()
                    if _TMP_MARK in name and stat.S_ISREG(st.st_mode) and st.st_mtime < cutoff:
                        path.unlink(missing_ok=True)
                        removed += 1
        return removed

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
            st = self._inside(key).lstat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as e:
            raise StorageUnavailable(f"{self.location}: cannot access '{key}': {e.strerror or e}") from None
        return _info(key, st) if stat.S_ISREG(st.st_mode) else None

    def _inside(self, key: str) -> Path:
        """The key's path, provided no folder on the way is a link out of (or within) the store's folder."""
        root = self._root()
        path = root / key
        if os.path.realpath(path.parent) != os.path.join(os.path.realpath(root), *Path(key).parent.parts):
            raise NotRegularObject(self.location, key, "a folder on its path is a symbolic link")
        return path

    def _chunks(self, key: str, max_bytes: int | None) -> Generator[bytes, None, None]:
        with self._os_errors(key):
            path = self._inside(key)
            try:  # O_NOFOLLOW: a link is refused, not followed; O_NONBLOCK: a FIFO cannot hang the open
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError as e:
                if e.errno == errno.ELOOP:
                    raise NotRegularObject(self.location, key, "it is a symbolic link") from None
                raise
            with open(fd, "rb") as f:
                st = os.fstat(f.fileno())
                if not stat.S_ISREG(st.st_mode):
                    raise NotRegularObject(self.location, key, f"it is {_kind(st.st_mode).value}, not a file")
                if max_bytes is not None and st.st_size > max_bytes:
                    raise ObjectTooLarge(self.location, key, max_bytes)
                os.set_blocking(f.fileno(), True)
                while chunk := f.read(CHUNK_SIZE):
                    yield chunk

    def _write(self, key: str, data: bytes, content_type: str) -> None:
        path = self._inside(key)
        with self._os_errors(key):
            tmp = self._write_tmp(path, data)
            os.replace(tmp, path)

    def _write_new(self, key: str, data: bytes, content_type: str) -> None:
        path = self._inside(key)
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
            self._inside(key).unlink(missing_ok=True)

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


def _kind(mode: int) -> ObjectKind:
    if stat.S_ISREG(mode):
        return ObjectKind.file
    if stat.S_ISLNK(mode):
        return ObjectKind.symlink
    return ObjectKind.special


def _info(key: str, st: os.stat_result) -> ObjectInfo:
    return ObjectInfo(key, st.st_size, None, datetime.fromtimestamp(st.st_mtime, UTC), _kind(st.st_mode))
