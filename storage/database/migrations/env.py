"""Alembic environment for the claim database (used through storage.database.migrate, no alembic.ini).

The URL comes from ``config.attributes["url"]`` (set by migrate.py), else the ``sqlalchemy.url`` option,
else ``storage.database.session.default_url()``. A caller may instead pass an open Connection in
``config.attributes["connection"]``. Migrations run in one transaction on both backends; on SQLite,
foreign keys are switched off while tables are rebuilt (batch mode) and checked before commit.
"""
from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection

from storage.database.session import default_url, make_engine
from storage.database.tables import metadata

config = context.config


def _url() -> str:
    return config.attributes.get("url") or config.get_main_option("sqlalchemy.url") or default_url()


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=sqlite,
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"migration left foreign-key violations: {problems[:5]}")


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url(), sqlite_foreign_keys=False, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
