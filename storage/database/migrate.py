"""Run the claim database's Alembic migrations from code (no alembic.ini on disk).

    python -m storage.database.migrate upgrade [URL]      # or: downgrade [URL] [REVISION], current [URL]
"""
from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.database.session import default_url, make_engine

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config built in code: script location inside this package, the URL as an attribute."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["url"] = url or default_url()
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Migrate the database at ``url`` (default ``default_url()``) up to ``revision``."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    """Migrate the database at ``url`` (default ``default_url()``) down to ``revision``."""
    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    """The newest revision shipped in this package."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(url: str | None = None) -> str | None:
    """The revision the database at ``url`` is at (None for an unmigrated database)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in ("upgrade", "downgrade", "current"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    cmd, rest = args[0], args[1:]
    url = rest[0] if rest else None
    if cmd == "upgrade":
        upgrade(url, rest[1] if len(rest) > 1 else "head")
    elif cmd == "downgrade":
        downgrade(url, rest[1] if len(rest) > 1 else "base")
    else:
        print(current_revision(url) or "(none)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
