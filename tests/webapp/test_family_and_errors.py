"""Family lookup as people type (lower case, spaces), closed claims worded as closed with the service line, and
every error answered in Chinese; a fresh install's store folder is made at start-up."""
from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from models.policy import load_policy
from pipeline.notify.run import notify
from pipeline.notify.senders import FileSender
from storage.database.session import session_scope
from storage.database.tables import ClaimRow
from tests.validate.factory import INSURED_ID
from tests.webapp.conftest import csrf_of, make_config
from tests.webapp.seed import seed_case
from webapp.app import create_app
from webapp.config import load_limits

ENGLISH = re.compile(r"\b(Not Found|Method Not Allowed|Internal Server Error|Unprocessable|field required)\b", re.I)


def _lookup(client: TestClient, claim_id: str, id_number: str):
    return client.post("/status", data={"claim_id": claim_id, "id_number": id_number,
                                        "csrf_token": csrf_of(client.get("/status").text)})


def test_lookup_takes_lower_case_and_spaces_and_keeps_what_was_typed(app) -> None:
    seed_case(app.state.ctx.config.db_url, "CN20260320-0007")
    client = TestClient(app)
    spaced = f" {INSURED_ID[:6]} {INSURED_ID[6:14]}　{INSURED_ID[14:].lower()} "  # a full-width space too
    found = _lookup(client, "cn20260320-0007", spaced)
    assert found.status_code == 200 and 'id="status"' in found.text
    assert 'value="cn20260320-0007"' in found.text and f'value="{spaced}"' in found.text
    missed = _lookup(client, "cn20260320-0008", spaced)
    assert missed.status_code == 404 and 'value="cn20260320-0008"' in missed.text  # kept to be corrected


def test_a_closed_claim_reads_as_closed_with_the_service_line(app) -> None:
    db = app.state.ctx.config.db_url
    seed_case(db, "CN-R")
    with session_scope(db) as session:
        session.get(ClaimRow, "CN-R").status = "rejected"
    page = _lookup(TestClient(app), "CN-R", INSURED_ID).text
    contact = load_limits().family_contact
    assert re.search(r'id="expected">已结案<', page) and "待定" not in page
    assert f"{contact.label}：" in page and contact.phone in page


def test_errors_answer_in_chinese(app) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "页面不存在" in missing.text and not ENGLISH.search(missing.text)
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404 and api.json() == {"detail": "找不到这个页面，请检查地址，或从首页重新进入。"}
    wrong = client.delete("/status")
    assert wrong.status_code == 405 and "操作无效" in wrong.text and not ENGLISH.search(wrong.text)
    token = csrf_of(client.get("/status").text)
    incomplete = client.post("/status", data={"csrf_token": token})  # neither field
    assert incomplete.status_code == 422 and "内容不完整" in incomplete.text and not ENGLISH.search(incomplete.text)


def test_an_unexpected_failure_shows_a_chinese_page(web_db_url: str, tmp_path: Path) -> None:
    app = create_app(make_config(web_db_url, tmp_path / "store"))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret detail 440524195203151224")

    answer = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert answer.status_code == 500 and "系统出错" in answer.text
    assert "secret" not in answer.text and "Internal Server Error" not in answer.text


def test_a_fresh_install_gets_its_store_folder_at_start_up(web_db_url: str, tmp_path: Path) -> None:
    store = tmp_path / "fresh" / "store"
    config = make_config(web_db_url, tmp_path / "other").model_copy(update={"store": str(store)})
    create_app(config)
    assert store.is_dir()


def test_the_family_sees_the_notices_sent(app, tmp_path: Path) -> None:
    """The notify run's notices (file sender) are listed on the status page, newest first."""
    db = app.state.ctx.config.db_url
    seed_case(db, "CN-N")
    with session_scope(db) as session:
        reported = session.get(ClaimRow, "CN-N").reported_at.date()
    result = notify(db, FileSender(tmp_path / "sent.jsonl"), load_policy(), today=reported + timedelta(days=14))
    assert result.sent >= 1
    page = _lookup(TestClient(app), "CN-N", INSURED_ID).text
    assert re.search(r'<ul id="notices"><li>\d{4}-\d\d-\d\d：【潮南区老年人意外险】您的理赔 CN-N 目前正在由理赔员审核',
                     page)
