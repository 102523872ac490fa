"""User accounts: argon2 password hashes, creating users and checking a sign-in."""
from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database.tables import UserRole, UserRow

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8
_DUMMY_HASH = _hasher.hash("not-a-password-of-anyone")


@dataclass(frozen=True)
class User:
    """The signed-in person as the pages see them."""

    id: int
    username: str
    role: UserRole


class AccountError(ValueError):
    """A user that cannot be created as asked (name taken, weak password, unknown role)."""


def create_user(session: Session, username: str, password: str, role: str) -> User:
    """Add an active user with an argon2 hash of ``password``."""
    username = username.strip()
    if not username or len(username) > 64:
        raise AccountError("username must be 1–64 characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if role not in UserRole.__members__:
        raise AccountError(f"role must be one of {', '.join(UserRole)}")
    if session.scalars(select(UserRow).where(UserRow.username == username)).first() is not None:
        raise AccountError(f"user {username!r} already exists")
    row = UserRow(username=username, password_hash=_hasher.hash(password), role=role, active=True)
    session.add(row)
    session.flush()
    return User(row.id, row.username, UserRole(row.role))


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user whose password matches, else None (the time taken does not tell which part was wrong)."""
    row = session.scalars(select(UserRow).where(UserRow.username == username.strip())).first()
    if row is None or not row.active:
        _verify(_DUMMY_HASH, password)
        return None
    if not _verify(row.password_hash, password):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return User(row.id, row.username, UserRole(row.role))


def load_user(session: Session, user_id: int) -> User | None:
    """The active user with this id, else None."""
    row = session.get(UserRow, user_id)
    if row is None or not row.active:
        return None
    return User(row.id, row.username, UserRole(row.role))


def reviewer_names(session: Session) -> list[str]:
    """Active reviewers and supervisors, for reassigning a case."""
    roles = (UserRole.reviewer.value, UserRole.supervisor.value)
    query = select(UserRow.username).where(UserRow.active.is_(True), UserRow.role.in_(roles)).order_by(UserRow.username)
    return list(session.scalars(query))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False
