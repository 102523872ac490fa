"""Engines and sessions for the claim database.

The URL comes from the caller, else ``CLAIMFLOW_DB_URL``, else ``sqlite:///<data dir>/claimflow.db`` with
the data dir ``CLAIMFLOW_DATA_DIR`` (default ``./var``). ``postgresql://`` / ``postgres://`` URLs are
given the installed psycopg 3 driver.

SQLite connections run in WAL mode with foreign keys on and a busy timeout, and every transaction
starts with ``BEGIN IMMEDIATE`` so that concurrent writers wait for each other (up to the busy timeout)
instead of failing with "database is locked" when a read transaction later wants to write.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, create_engine, make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def data_dir() -> Path:
    """The directory for local state: ``CLAIMFLOW_DATA_DIR`` or ``./var``."""
    return Path(os.environ.get("CLAIMFLOW_DATA_DIR") or "./var")


def default_url() -> str:
    """``CLAIMFLOW_DB_URL`` if set, else the SQLite file ``<data dir>/claimflow.db`` (absolute path)."""
    url = os.environ.get("CLAIMFLOW_DB_URL")
    if url:
        return url
    return "sqlite:///" + str((data_dir() / "claimflow.db").resolve())


def normalize_url(url: str | URL | None = None) -> URL:
    """Parse a database URL (default: ``default_url()``), choosing psycopg 3 for bare PostgreSQL URLs."""
    parsed = make_url(url if url is not None else default_url())
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(
    url: str | URL | None = None,
    *,
    sqlite_foreign_keys: bool = True,
    sqlite_busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
    **kwargs: Any,
) -> Engine:
    """Create a new Engine for ``url`` (default ``default_url()``); extra kwargs go to ``create_engine``.

    For SQLite the database file's directory is created, and every connection gets
    ``journal_mode=WAL`` (file databases), ``foreign_keys=ON`` (unless ``sqlite_foreign_keys=False``,
    which migrations use while tables are rebuilt), ``busy_timeout`` and ``synchronous=NORMAL``.
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(parsed, **kwargs)

    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or database.startswith("file::memory:") or "mode=memory" in database
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    connect_args = dict(kwargs.pop("connect_args", {}))
    connect_args.setdefault("timeout", sqlite_busy_timeout_ms / 1000)
    engine = create_engine(parsed, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 driver; the "begin" hook below emits it (SQLAlchemy's
        # documented recipe for correct transactions, savepoints and transactional DDL).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if sqlite_foreign_keys else 'OFF'}")
            cursor.execute(f"PRAGMA busy_timeout={int(sqlite_busy_timeout_ms)}")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def get_engine(url: str | URL | None = None) -> Engine:
    """A process-wide Engine per URL (created with ``make_engine`` on first use)."""
    key = normalize_url(url).render_as_string(hide_password=False)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(key)
        return engine


def make_sessionmaker(engine: Engine | str | URL | None = None) -> sessionmaker[Session]:
    """A sessionmaker bound to ``engine`` (an Engine, or a URL for ``get_engine``); objects stay usable after commit."""
    bind = engine if isinstance(engine, Engine) else get_engine(engine)
    return sessionmaker(bind=bind, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine | str | URL | None = None) -> Iterator[Session]:
    """A Session in one transaction: committed when the block ends, rolled back if it raises.

    ``engine`` is an Engine or a URL (default ``default_url()``); URLs share one cached Engine.
    """
    with in_transaction(make_sessionmaker(engine)()) as session:
        yield session


@contextmanager
def in_transaction(session: Session) -> Iterator[Session]:
    """``session`` for one block: committed when it ends, rolled back if it raises, closed either way."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
