"""Photos to Documents: the extraction stage in a small process pool, cached in the claim database.

Each photo is identified by its content (SHA-256). Beside its Document, what the later stages and reviewers
need from the OCR is kept in the store, sealed with the data keyring (storage.crypto): the page hash, the
page's text and its OCR lines (text, confidence, box in photo pixels) in
``derived/ocr/<pipeline version>/<sha256>.json``, and the flattened page (grey JPEG) in
``derived/page/<pipeline version>/<sha256>.jpg``. A photo already extracted by this pipeline version
(Document in ``processed_photos``, derived JSON in the store) is not read again, so a re-run skips OCR.
"""
import ctypes
import hashlib
import json
import logging
import os
import signal
import threading
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from models.document import Document, Quality
from models.enums import DocType, QualityIssue
from pipeline.process.settings import load_batch_settings
from storage.crypto import keyring
from storage.database.repository import cache_document, get_cached_document, mask_ids
from storage.database.session import session_scope
from storage.object_store import (
    NotRegularObject,
    ObjectInfo,
    ObjectKind,
    ObjectStore,
    ObjectTooLarge,
    key_problem,
    printable,
)

if TYPE_CHECKING:
    from pipeline.extract.stage import Extractor, Glance

log = logging.getLogger(__name__)
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


class _Derived(TypedDict):
    """What is kept of a photo beside its cached Document: its page hash and OCR text."""

    phash: str | None
    text: str


@dataclass(frozen=True)
class Photo:
    """One photo of a claim as the rules and the duplicate check see it: its Document, content hash ('' for an
    object that was not read), page hash (None for a photo that cannot be decoded), the text OCR read on it,
    one line per line, and, for a photo that could not be used, why (for the operator)."""

    document: Document
    sha256: str
    phash: str | None = None
    text: str = ""
    problem: str | None = None


@dataclass(frozen=True)
class _Read:
    document: Document
    phash: str | None
    text: str
    lines: list[dict[str, object]]
    page_jpeg: bytes | None
    problem: str | None = None


DERIVED_MAX_BYTES = 4 * 1024 * 1024
PAGE_JPEG_QUALITY = 80

_worker: "Extractor | None" = None
_init_lock = threading.Lock()  # the in-process extractor is loaded once, whichever thread asks first


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent dies, however the parent dies (SIGKILL included);
    exit at once if the parent is already gone. Linux only; elsewhere nothing is done."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent_pid:
        os._exit(1)


def _init_pool_worker(parent_pid: int, niceness: int) -> None:
    """A pool worker: bound to its parent's life first, made ``niceness`` kinder to other work (the batch's OCR
    yields the cores to an upload's feedback), then its Extractor loaded."""
    die_with_parent(parent_pid)
    os.nice(niceness)
    _init_worker()


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


def _in_process() -> "Extractor":
    """This process's extractor: a pool worker's, or loaded here on first use (the configured threads)."""
    with _init_lock:
        if _worker is None:
            _init_worker(single_thread=False)
    assert _worker is not None
    return _worker


def glance_at(key: str, data: bytes) -> "Glance":
    """A first look at one photo (pipeline.extract.stage.Extractor.glance) with this process's extractor, the
    one an in-process reader uses."""
    return _in_process().glance(data, key)


def _extract(key: str, data: bytes) -> _Read:
    """Run the extraction stage on one photo, hash its page and keep its text. A failure on this photo alone
    (a bug an odd photo finds) makes it an unreadable document with the reason, never its claim's error."""
    try:
        return _extract_photo(key, data)
    except Exception as e:  # one photo's problem must not fail its claim
        log.exception("photo %s: extraction failed", mask_ids(key))
        return _Read(_unread(key), None, "", [], None, f"could not be processed ({type(e).__name__})")


def _extract_photo(key: str, data: bytes) -> _Read:
    import cv2

    from pipeline.extract.loading import load_photo
    from pipeline.process.phash import page_view, view_hash

    worker = _in_process()
    result = worker.extract(data, key)
    if result.error is not None:
        return _Read(result.document, None, "", [], None, result.error)
    photo = result.photo if result.photo is not None else load_photo(data, key, worker.settings.photos)
    grey, boxes = page_view(photo, result.lines, worker.settings.page, result.page)
    ok, page = cv2.imencode(".jpg", grey, [cv2.IMWRITE_JPEG_QUALITY, PAGE_JPEG_QUALITY])
    text = "\n".join(line.text for line in result.lines)
    lines = [line.model_dump(mode="json") for line in result.lines]
    return _Read(result.document, view_hash(grey, boxes), text, lines, page.tobytes() if ok else None)


def _unread(key: str) -> Document:
    """The Document of an object that could not be read or decoded: an unreadable file, shown by its name."""
    return Document(object=printable(key), doc_type=DocType.other, confidence=0.0,
                    quality=Quality(usable=False, issues=[QualityIssue.unreadable_file]))


def _not_read(info: ObjectInfo, max_bytes: int) -> str | None:
    """Why an object is not to be read at all, from its listing alone (never its content), or None."""
    if info.kind != ObjectKind.file:
        return f"not read: it is {info.kind.value}, not a file"
    problem = key_problem(info.key)
    if problem is not None:
        return f"not read: {problem}"
    if info.size > max_bytes:
        return f"not read: {info.size} bytes is over the {max_bytes}-byte limit"
    return None


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
            self._pool.shutdown(cancel_futures=True)  # a batch stopping on an outage waits for no queued photo

    def read(self, objects: list[ObjectInfo]) -> list[Photo]:
        """The photos listed in ``objects``, in that order; fresh extractions are added to the cache. Only regular
        files within the size limit and in a photo format are read; anything else is an unreadable document
        saying why."""
        from pipeline.extract.loading import sniff_format
        from pipeline.extract.settings import load_settings

        found: dict[str, Photo] = {}
        todo: list[tuple[str, bytes, str]] = []
        formats = load_settings().photos.formats
        with session_scope(self.db_url) as session:
            for info in objects:
                key = info.key
                problem = _not_read(info, self.max_bytes)
                if problem is None:
                    try:
                        data = self.store.get_bytes(key, self.max_bytes)
                    except (ObjectTooLarge, NotRegularObject) as e:  # changed since it was listed
                        problem = f"not read: {e}"
                    else:
                        problem = None if sniff_format(data) in formats else (
                            f"not read: not a photo in a format we read ({', '.join(formats)})")
                if problem is not None:
                    found[key] = Photo(_unread(key), "", problem=problem)
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
                if self.store.accepts_writes():  # sealed: the page and its text are personal data
                    ring = keyring()
                    if read.page_jpeg is not None:
                        self.store.put_bytes(page_key(self.version, sha), ring.encrypt_bytes(read.page_jpeg),
                                             "application/octet-stream")
                    self.store.put_bytes(self._derived_key(sha), ring.encrypt_bytes(kept.encode()),
                                         "application/octet-stream")
                found[key] = Photo(read.document, sha, read.phash, read.text, read.problem)
                with self._lock:
                    self.extracted += 1
        return [found[info.key] for info in objects]

    def _derived_key(self, sha256: str) -> str:
        return derived_key(self.version, sha256)

    def _derived(self, sha256: str) -> _Derived | None:
        """The page hash and text kept for a photo, or None when they are not in this store."""
        key = self._derived_key(sha256)
        if not self.store.exists(key):
            return None
        data = json.loads(keyring().decrypt_bytes(self.store.get_bytes(key, DERIVED_MAX_BYTES)))
        return {"phash": data.get("phash"), "text": data.get("text", "")}

    def _run(self, jobs: list[tuple[str, bytes]]) -> list[_Read]:
        if not jobs:
            return []
        if self.workers <= 0:
            return [_extract(key, data) for key, data in jobs]
        return list(self._ensure_pool().map(_extract, *zip(*jobs)))

    def _ensure_pool(self) -> Executor:
        """The pool of OCR processes, started on first use; each worker dies with this process."""
        with self._lock:
            if self._pool is None:
                niceness = load_batch_settings().ocr_worker_niceness
                self._pool = ProcessPoolExecutor(self.workers, initializer=_init_pool_worker,
                                                 initargs=(os.getpid(), niceness))
            return self._pool
