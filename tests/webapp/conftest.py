"""Web app fixtures: an app on a real database and a real local object store, users of every role, signed-in
test clients (Starlette's TestClient drives the ASGI app in process; browser tests use a live server)."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from storage.database.session import session_scope
from tests.webapp.browser import browser  # noqa: F401 - the browser fixture, shared by the browser tests
from webapp.accounts import create_user
from webapp.app import create_app
from webapp.config import WebConfig

PASSWORD = "correct horse battery"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the browser tests left their screenshots."""
    from tests.webapp.browser import ARTIFACTS

    if ARTIFACTS.is_dir() and any(ARTIFACTS.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {ARTIFACTS}")
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    """The CSRF token in a rendered page."""
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def make_config(db_url: str, store: Path) -> WebConfig:
    """Settings for a test app: the given database, a local folder store, a fixed secret."""
    store.mkdir(parents=True, exist_ok=True)
    return WebConfig(db_url=db_url, store=str(store), secret_key="test-secret-not-for-production"
                     ).with_insecure_cookies()  # the test client talks plain http


@pytest.fixture
def web_db_url(tmp_path: Path) -> str:
    """A fresh SQLite database for one test (the app migrates it)."""
    return f"sqlite:///{tmp_path / 'web.db'}"


@pytest.fixture
def app(web_db_url: str, tmp_path: Path) -> FastAPI:
    """The web app on a fresh database and an empty local store."""
    return create_app(make_config(web_db_url, tmp_path / "store"))


@pytest.fixture
def users(app: FastAPI) -> dict[str, str]:
    """One user per role, named after it (password ``PASSWORD``), plus a second field worker and reviewer."""
    names = {"field_staff": "field_staff", "field_staff2": "field_staff", "reviewer": "reviewer",
             "reviewer2": "reviewer", "supervisor": "supervisor", "admin": "admin"}
    with session_scope(app.state.ctx.config.db_url) as session:
        for name, role in names.items():
            create_user(session, name, PASSWORD, role)
    return names


def sign_in(client: TestClient, username: str) -> str:
    """Sign ``client`` in as ``username``; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/status").text)


@pytest.fixture
def client_for(app: FastAPI, users: dict[str, str]) -> Iterator[Callable[[str], tuple[TestClient, str]]]:
    """Call with a username to get a signed-in client and its CSRF token."""
    clients: list[TestClient] = []

    def make(username: str) -> tuple[TestClient, str]:
        client = TestClient(app)
        clients.append(client)
        return client, sign_in(client, username)

    yield make
    for client in clients:
        client.close()


REPORT = {
    "claim_type": "hospital_allowance",
    "insured_name": "陈秀英",
    "insured_id_number": "440524195203151224",
    "accident_date": "2026-03-10",
    "accident_description": "在家中浴室滑倒致右股骨骨折",
    "transport_mode": "",
    "claimant_name": "林志强",
    "relationship": "child",
    "claimant_phone": "13800138000",
    "payee_name": "陈秀英",
    "payee_bank": "中国农业银行",
    "payee_account": "6228480000000000000",
    "channel": "service_point",
}


def file_claim(client: TestClient, token: str, **changes: str) -> str:
    """File the sample report (with ``changes``) through the form; returns the new claim number."""
    response = client.post("/claims/new", data={**REPORT, **changes, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"].rsplit("/", 1)[-1]
