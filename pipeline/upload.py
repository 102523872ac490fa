"""Bulk upload of claim folders into an object store's intake/, skipping what is already there."""
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from storage.object_store import ObjectStore


class UploadOutcome(StrEnum):
    uploaded = "uploaded"
    skipped_same = "skipped (already there, same content)"
    conflict = "refused (already there with different content; intake/ is never overwritten)"


@dataclass(frozen=True)
class UploadResult:
    key: str
    outcome: UploadOutcome


def claim_files(folder: Path) -> Iterator[tuple[Path, str]]:
    """Yield (local file, object key) for each file in each claim folder under ``folder``.

    ``folder`` is either a source with an ``intake/`` folder, or a folder of claim folders.
    """
    root = folder / "intake" if (folder / "intake").is_dir() else folder
    for claim_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(p for p in claim_dir.iterdir() if p.is_file()):
            yield path, f"intake/{claim_dir.name}/{path.name}"


def upload_file(store: ObjectStore, path: Path, key: str) -> UploadResult:
    """Upload one file unless the same content is already there; never overwrite."""
    data = path.read_bytes()
    if store.exists(key):
        same = store.sha256(key) == hashlib.sha256(data).hexdigest()
        return UploadResult(key, UploadOutcome.skipped_same if same else UploadOutcome.conflict)
    store.put_intake(key, data)
    return UploadResult(key, UploadOutcome.uploaded)


def upload_folder(store: ObjectStore, folder: Path,
                  on_file: Callable[[UploadResult], None] = lambda r: None) -> list[UploadResult]:
    """Upload every claim folder; ``on_file`` is called after each file (for progress bars)."""
    results = []
    for path, key in claim_files(folder):
        result = upload_file(store, path, key)
        on_file(result)
        results.append(result)
    return results
