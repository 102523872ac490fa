"""Photos to Documents: the extraction stage in a small process pool, cached in the claim database.

Each photo is identified by its content (SHA-256). Beside its Document, what the later stages and reviewers
need from the OCR is kept in the store: the page hash, the page's text and its OCR lines (text, confidence,
box in photo pixels) in ``derived/ocr/<pipeline version>/<sha256>.json``, and the flattened page (grey JPEG)
in ``derived/page/<pipeline version>/<sha256>.jpg``. A photo already extracted by this pipeline version
(Document in ``processed_photos``, derived JSON in the store) is not read again, so a re-run skips OCR.
"""
import hashlib
import json
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

from models.document import Document, Quality
from models.enums import DocType, QualityIssue
from storage.database.repository import cache_document, get_cached_document
from storage.database.session import session_scope
from storage.object_store import ObjectStore, ObjectTooLarge


@dataclass(frozen=True)
class Photo:
    """One photo of a claim as the rules and the duplicate check see it: its Document, content hash, page
    hash (None for a photo that cannot be decoded) and the text OCR read on it, one line per line."""

    document: Document
    sha256: str
    phash: str | None = None
    text: str = ""


@dataclass(frozen=True)
class _Read:
    document: Document
    phash: str | None
    text: str
    lines: list[dict[str, object]]
    page_jpeg: bytes | None


DERIVED_MAX_BYTES = 4 * 1024 * 1024
PAGE_JPEG_QUALITY = 80

_worker = None


def _init_worker(single_thread: bool = True) -> None:
    """Load this process's Extractor: OCR on one thread in a pool worker (the workers share the cores), on the
    configured threads when the stage runs in the calling process (one photo at a time, as an upload is)."""
    global _worker
    from pipeline.extract.settings import load_settings
    from pipeline.extract.stage import Extractor

    settings = load_settings()
    if single_thread:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        settings = settings.model_copy(update={"ocr": settings.ocr.model_copy(update={"threads": 1})})
    _worker = Extractor(settings)


def _extract(key: str, data: bytes) -> _Read:
    """Run the extraction stage on one photo, hash its page and keep its text."""
    import cv2

    from pipeline.extract.loading import load_photo
    from pipeline.process.phash import page_view, view_hashes

    if _worker is None:
        _init_worker(single_thread=False)
    result = _worker.extract(data, key)
    if result.error is not None:
        return _Read(result.document, None, "", [], None)
    photo = load_photo(data, key, _worker.settings.photos)
    grey, boxes = page_view(photo, result.lines, _worker.settings.page)
    ok, page = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, PAGE_JPEG_QUALITY])
    text = "\n".join(line.text for line in result.lines)
    lines = [line.model_dump(mode="json") for line in result.lines]
    return _Read(result.document, view_hashes(grey, boxes)[0], text, lines, page.tobytes() if ok else None)


def _too_large(key: str) -> Document:
    return Document(object=key, doc_type=DocType.other, confidence=0.0,
                    quality=Quality(usable=False, issues=[QualityIssue.unreadable_file]))


def derived_key(pipeline_version: str, sha256: str) -> str:
    """Where a photo's page hash, text and OCR lines are kept in the store."""
    return f"derived/ocr/{pipeline_version}/{sha256}.json"


def page_key(pipeline_version: str, sha256: str) -> str:
    """Where a photo's flattened page (grey JPEG) is kept in the store."""
    return f"derived/page/{pipeline_version}/{sha256}.jpg"


class PhotoReader:
    """Reads a claim's photos: from the cache when it has them, else through the extraction stage.

    With ``workers`` > 0 the stage runs in that many processes (started on the first photo that needs OCR);
    with 0 it runs in this process. OCR runs outside any database transaction. One reader may serve several
    threads at once (the pool is shared). Use as a context manager so the pool is shut down.
    """

    def __init__(self, store: ObjectStore, db_url: str, pipeline_version: str, max_bytes: int,
                 workers: int = 2) -> None:
        self.store, self.db_url, self.version, self.max_bytes = store, db_url, pipeline_version, max_bytes
        self.workers = workers
        self._pool: Executor | None = None
        self._lock = threading.Lock()
        self.extracted = 0
        self.cached = 0

    def __enter__(self) -> "PhotoReader":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def read(self, keys: list[str]) -> list[Photo]:
        """The photos under ``keys``, in that order; fresh extractions are added to the cache."""
        found: dict[str, Photo] = {}
        todo: list[tuple[str, bytes, str]] = []
        with session_scope(self.db_url) as session:
            for key in keys:
                try:
                    data = self.store.get_bytes(key, self.max_bytes)
                except ObjectTooLarge:
                    found[key] = Photo(_too_large(key), self.store.sha256(key))
                    continue
                sha = hashlib.sha256(data).hexdigest()
                cached = get_cached_document(session, sha, self.version)
                derived = self._derived(sha) if cached is not None else None
                if cached is not None and derived is not None:
                    found[key] = Photo(cached.model_copy(update={"object": key}), sha, **derived)
                    with self._lock:
                        self.cached += 1
                else:
                    todo.append((key, data, sha))
        fresh = self._run([(key, data) for key, data, _ in todo])
        with session_scope(self.db_url) as session:
            for (key, _, sha), read in zip(todo, fresh):
                cache_document(session, sha, self.version, read.document)
                kept = json.dumps({"phash": read.phash, "text": read.text, "lines": read.lines}, ensure_ascii=False)
                if self.store.accepts_writes():
                    if read.page_jpeg is not None:
                        self.store.put_bytes(page_key(self.version, sha), read.page_jpeg, "image/jpeg")
                    self.store.put_bytes(self._derived_key(sha), kept.encode(), "application/json")
                found[key] = Photo(read.document, sha, read.phash, read.text)
                with self._lock:
                    self.extracted += 1
        return [found[key] for key in keys]

    def _derived_key(self, sha256: str) -> str:
        return derived_key(self.version, sha256)

    def _derived(self, sha256: str) -> dict[str, str | None] | None:
        """The page hash and text kept for a photo, or None when they are not in this store."""
        key = self._derived_key(sha256)
        if not self.store.exists(key):
            return None
        data = json.loads(self.store.get_bytes(key, DERIVED_MAX_BYTES))
        return {"phash": data.get("phash"), "text": data.get("text", "")}

    def _run(self, jobs: list[tuple[str, bytes]]) -> list[_Read]:
        if not jobs:
            return []
        if self.workers <= 0:
            return [_extract(key, data) for key, data in jobs]
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.workers, initializer=_init_worker)
            pool = self._pool
        return list(pool.map(_extract, *zip(*jobs)))
