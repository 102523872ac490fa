"""Photos to Documents: the extraction stage in a small process pool, cached in the claim database.

Each photo is identified by its content (SHA-256); a photo already extracted by this pipeline version is
taken from the cache (``processed_photos``) with the page hash recorded for it, so a re-run skips OCR.
"""
import hashlib
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.document import Document, Quality
from models.enums import DocType, QualityIssue
from storage.database.repository import cache_document, get_cached_document
from storage.database.session import session_scope
from storage.database.tables import DocumentRow
from storage.object_store import ObjectStore, ObjectTooLarge


@dataclass(frozen=True)
class Photo:
    """One photo of a claim as the rules and the duplicate check see it."""

    document: Document
    sha256: str
    phash: str | None


_worker = None


def _init_worker() -> None:
    """Load one Extractor per worker process, its OCR on a single thread."""
    global _worker
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from pipeline.extract.settings import load_settings
    from pipeline.extract.stage import Extractor

    settings = load_settings()
    _worker = Extractor(settings.model_copy(update={"ocr": settings.ocr.model_copy(update={"threads": 1})}))


def _extract(key: str, data: bytes) -> tuple[Document, str | None]:
    """Run the extraction stage on one photo and hash its page (None when the photo cannot be decoded)."""
    from pipeline.extract.loading import load_photo
    from pipeline.process.phash import page_hashes

    if _worker is None:
        _init_worker()
    result = _worker.extract(data, key)
    if result.error is not None:
        return result.document, None
    photo = load_photo(data, key, _worker.settings.photos)
    return result.document, page_hashes(photo, result.lines, _worker.settings.page)[0]


def _too_large(key: str) -> Document:
    return Document(object=key, doc_type=DocType.other, confidence=0.0,
                    quality=Quality(usable=False, issues=[QualityIssue.unreadable_file]))


def recorded_phash(session: Session, sha256: str) -> str | None:
    """The page hash recorded for a photo with this content, if any document row has one."""
    return session.scalars(select(DocumentRow.phash).where(DocumentRow.sha256 == sha256.lower(),
                                                           DocumentRow.phash.is_not(None)).limit(1)).first()


class PhotoReader:
    """Reads a claim's photos: from the cache when it has them, else through the extraction stage.

    With ``workers`` > 0 the stage runs in that many processes (started on the first photo that needs OCR);
    with 0 it runs in this process. OCR runs outside any database transaction. Use as a context manager so
    the pool is shut down.
    """

    def __init__(self, store: ObjectStore, db_url: str, pipeline_version: str, max_bytes: int,
                 workers: int = 2) -> None:
        self.store, self.db_url, self.version, self.max_bytes = store, db_url, pipeline_version, max_bytes
        self.workers = workers
        self._pool: Executor | None = None
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
                    found[key] = Photo(_too_large(key), self.store.sha256(key), None)
                    continue
                sha = hashlib.sha256(data).hexdigest()
                cached = get_cached_document(session, sha, self.version)
                phash = recorded_phash(session, sha)
                if cached is not None and (phash is not None or QualityIssue.unreadable_file in cached.quality.issues):
                    found[key] = Photo(cached.model_copy(update={"object": key}), sha, phash)
                    self.cached += 1
                else:
                    todo.append((key, data, sha))
        fresh = self._run([(key, data) for key, data, _ in todo])
        with session_scope(self.db_url) as session:
            for (key, _, sha), (document, phash) in zip(todo, fresh):
                cache_document(session, sha, self.version, document)
                found[key] = Photo(document, sha, phash)
                self.extracted += 1
        return [found[key] for key in keys]

    def _run(self, jobs: list[tuple[str, bytes]]) -> list[tuple[Document, str | None]]:
        if not jobs:
            return []
        if self.workers <= 0:
            return [_extract(key, data) for key, data in jobs]
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, initializer=_init_worker)
        return list(self._pool.map(_extract, *zip(*jobs)))
