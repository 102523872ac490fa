"""claimflow-web add-user creates an account that can sign in; bad input is refused with exit code 2."""
from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import select

from storage.database.session import session_scope
from storage.database.tables import UserRow
from webapp.accounts import authenticate

CLI = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "claimflow-web"


def _add(db: str, *args: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), "add-user", *args, "--password-stdin", "--db", db], input=password + "\n",
                          capture_output=True, text=True, timeout=120)


def test_add_user_then_sign_in(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    done = _add(db, "chen", "--role", "reviewer", password="a long enough password")
    assert done.returncode == 0, done.stderr
    with session_scope(db) as session:
        assert authenticate(session, "chen", "a long enough password").role == "reviewer"
        assert session.scalars(select(UserRow.password_hash)).one().startswith("$argon2id$")
    again = _add(db, "chen", "--role", "reviewer", password="a long enough password")
    assert again.returncode == 2 and "已被使用" in again.stderr
    short = _add(db, "lin", "--role", "field_staff", password="short")
    assert short.returncode == 2 and "至少 10 位" in short.stderr
