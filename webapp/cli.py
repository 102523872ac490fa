"""``claimflow-web``: run the web app and create accounts.

    claimflow-web add-user NAME --role reviewer          # asks for the password (or --password-stdin)
    claimflow-web serve --host 0.0.0.0 --port 8000
    claimflow-web export-corrections corrections.jsonl   # reviewers' field corrections as labelled data
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from storage.database.migrate import upgrade
from storage.database.session import default_url, session_scope
from storage.database.tables import UserRole
from webapp.accounts import AccountError, create_user
from webapp.labelled_data import corrections

app = typer.Typer(help="claimflow web app: serve it, add users.", no_args_is_help=True, add_completion=False)


@app.command("add-user")
def add_user(username: str, role: UserRole = typer.Option(..., help="field_staff, reviewer, supervisor or admin"),
             password_stdin: bool = typer.Option(False, help="read the password from standard input"),
             db: str = typer.Option(None,
                                    help="database URL (default: CLAIMFLOW_DB_URL or ./var/claimflow.db)")) -> None:
    """Create a user with an argon2 password hash."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else typer.prompt(
        "password", hide_input=True, confirmation_prompt=True)
    url = db or default_url()
    upgrade(url)
    try:
        with session_scope(url) as session:
            create_user(session, username, password, role.value)
    except AccountError as e:
        typer.echo(f"not created: {e}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"user {username} ({role.value}) created")


@app.command("export-corrections")
def export_corrections(out: Path,
                       db: str = typer.Option(None, help="database URL (default: CLAIMFLOW_DB_URL)")) -> None:
    """Write every reviewer field correction as one JSON line (photo object and hash, box, machine and right value)."""
    with session_scope(db or default_url()) as session, out.open("w", encoding="utf-8") as f:
        n = 0
        for record in corrections(session):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    typer.echo(f"{n} correction(s) written to {out}")


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web app (settings from the environment, see README). Cookies are sent Secure (HTTPS only)
    except when serving on a loopback address, which is local development over plain http."""
    import uvicorn

    from webapp.app import create_app
    from webapp.config import config_from_env

    config = config_from_env()
    if host in LOOPBACK_HOSTS:
        config = config.with_insecure_cookies()
    uvicorn.run(create_app(config), host=host, port=port)
