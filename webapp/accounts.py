"""User accounts: argon2 password hashes, creating users and checking a sign-in."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database.tables import UserRole, UserRow
from webapp.config import DATA_DIR, load_limits

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-password-of-anyone")


@dataclass(frozen=True)
class User:
    """The signed-in person as the pages see them."""

    id: int
    username: str
    role: UserRole


class AccountError(ValueError):
    """A user that cannot be created as asked (name taken, weak password, unknown role)."""


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    policy = load_limits().passwords
    lines = (DATA_DIR / policy.common_list).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str) -> str | None:
    """Why ``password`` is too weak (in Chinese), or None: too short, one of the common passwords (also with
    digits or punctuation added at the end), or the user name in it."""
    policy = load_limits().passwords
    if len(password) < policy.min_length:
        return f"密码至少 {policy.min_length} 位"
    plain = password.strip().lower()
    if plain in _common_passwords() or plain.rstrip("0123456789!@#$%^&*.?_-") in _common_passwords() \
            or len(set(plain)) <= 2:
        return "密码太常见，容易被猜到，请换一个"
    if username and username.strip().lower() in plain:
        return "密码不能包含用户名"
    return None


def create_user(session: Session, username: str, password: str, role: str) -> User:
    """Add an active user with an argon2 hash of ``password`` (which must pass ``password_problem``)."""
    username = username.strip()
    if not username or len(username) > 64:
        raise AccountError("用户名须为 1–64 个字符")
    problem = password_problem(password, username)
    if problem is not None:
        raise AccountError(problem)
    if role not in UserRole.__members__:
        raise AccountError("请选择角色")
    if session.scalars(select(UserRow).where(UserRow.username == username)).first() is not None:
        raise AccountError(f"用户名 {username} 已被使用")
    row = UserRow(username=username, password_hash=_hasher.hash(password), role=role, active=True)
    session.add(row)
    session.flush()
    return User(row.id, row.username, UserRole(row.role))


def set_role(row: UserRow, role: str) -> None:
    """Give the account another role (AccountError for an unknown one)."""
    if role not in UserRole.__members__:
        raise AccountError("请选择角色")
    row.role = role


def reset_password(row: UserRow, password: str) -> None:
    """Give the account a new password (which must pass ``password_problem``)."""
    problem = password_problem(password, row.username)
    if problem is not None:
        raise AccountError(problem)
    row.password_hash = _hasher.hash(password)


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
