"""Security: sign-in, roles, CSRF, upload limits and ID numbers kept out of logs."""
from __future__ import annotations

import io
import logging
import re
from datetime import date
from pathlib import Path
from typing import cast

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from storage.database.session import session_scope
from storage.database.tables import AuditLogRow, ClaimRow, DocumentRow, UserRow
from tests.webapp.conftest import PASSWORD, REPORT, csrf_of, file_claim, make_config, sign_in
from tests.webapp.seed import seed_case
from webapp.app import create_app
from webapp.config import load_limits


def _jpeg(size: tuple[int, int] = (40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, "JPEG")
    return buf.getvalue()


@pytest.mark.parametrize("path", ["/claims", "/claims/new", "/claims/CN20260101-0001", "/photos/1"])
def test_pages_need_sign_in(app, path: str) -> None:
    with TestClient(app) as client:
        response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_passwords_are_argon2_hashes_and_wrong_ones_fail(app, users) -> None:
    with session_scope(app.state.ctx.config.db_url) as session:
        stored = session.query(UserRow).filter_by(username="reviewer").one().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    with TestClient(app) as client:
        token = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"username": "reviewer", "password": "wrong password",
                                               "csrf_token": token})
        assert response.status_code == 401 and "用户名或密码错误" in response.text
        assert client.get("/claims", follow_redirects=False).status_code == 303


def test_wrong_role_is_refused(client_for) -> None:
    admin, _ = client_for("admin")
    assert admin.get("/claims").status_code == 403
    assert "无权访问" in admin.get("/claims/new").text


def test_field_staff_cannot_open_another_workers_claim_or_photo(client_for) -> None:
    owner, token = client_for("field_staff")
    claim_id = file_claim(owner, token)
    assert owner.get(f"/claims/{claim_id}").status_code == 200
    other, _ = client_for("field_staff2")
    assert other.get(f"/claims/{claim_id}").status_code == 403


def test_form_post_without_csrf_token_is_refused(client_for) -> None:
    client, token = client_for("field_staff")
    response = client.post("/claims/new", data=REPORT, follow_redirects=False)
    assert response.status_code == 403 and "安全校验" in response.text
    response = client.post("/claims/new", data={**REPORT, "csrf_token": token + "x"}, follow_redirects=False)
    assert response.status_code == 403
    assert client.post("/logout", follow_redirects=False).status_code == 403


def test_login_post_without_csrf_token_is_refused(app, users) -> None:
    with TestClient(app) as client:
        response = client.post("/login", data={"username": "reviewer", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 403


def test_oversized_upload_is_refused_with_a_clear_message(client_for, app) -> None:
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    limit = load_limits().uploads.max_photo_bytes
    too_big = _jpeg() + b"\0" * limit
    response = client.post(f"/api/claims/{claim_id}/photos", data={"csrf_token": token},
                           files={"photo": ("big.jpg", too_big, "image/jpeg")})
    assert response.status_code == 413
    assert "文件太大" in response.json()["error"] and f"{limit // 1048576} MB" in response.json()["error"]
    response = client.post(f"/claims/{claim_id}/photos", data={"csrf_token": token},
                           files={"photos": ("big.jpg", too_big, "image/jpeg")})
    assert response.status_code == 413 and "文件太大" in response.text
    assert app.state.ctx.store.claim_photos(claim_id) == []


def test_non_image_upload_is_refused_with_a_clear_message(client_for, app) -> None:
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    response = client.post(f"/api/claims/{claim_id}/photos", data={"csrf_token": token},
                           files={"photo": ("report.jpg", b"%PDF-1.7 not a photo", "image/jpeg")})
    assert response.status_code == 415
    assert "不是照片文件" in response.json()["error"]
    assert app.state.ctx.store.claim_photos(claim_id) == []


def test_no_full_id_number_in_logs_or_audit(client_for, app, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    logging.getLogger("webapp.test").warning("filed claim for %s", REPORT["insured_id_number"])
    status_token = csrf_of(client.get("/status").text)
    client.post("/status", data={"claim_id": claim_id, "id_number": REPORT["insured_id_number"],
                                 "csrf_token": status_token})
    full = REPORT["insured_id_number"]
    assert caplog.records, "nothing was logged: the check would be empty"
    assert all(full not in r.getMessage() for r in caplog.records)
    assert any("440524********1224" in r.getMessage() for r in caplog.records)
    with session_scope(app.state.ctx.config.db_url) as session:
        details = [str(row.detail) for row in session.query(AuditLogRow)]
    assert details and all(full not in d for d in details)


def test_id_number_is_masked_for_field_staff(client_for) -> None:
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    page = client.get(f"/claims/{claim_id}").text
    assert REPORT["insured_id_number"] not in page and "440524********1224" in page


def test_failed_status_lookups_are_rate_limited_and_a_forged_forwarded_for_changes_nothing(app, client_for) -> None:
    """Only failed lookups count; rotating X-Forwarded-For (trusted from no proxy by default) gets nobody round
    the limit."""
    client, _ = client_for("field_staff")
    token = csrf_of(client.get("/status").text)
    limit = load_limits().rate_limits.status_lookup_failures_per_minute
    answers = [client.post("/status", data={"claim_id": "CN-X", "id_number": "1", "csrf_token": token},
                           headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code for i in range(limit + 1)]
    assert answers == [404] * limit + [429]
    assert "失败次数太多" in client.post("/status", data={"claim_id": "CN-X", "id_number": "1",
                                                         "csrf_token": token}).text


def test_successful_status_lookups_do_not_count(app, client_for) -> None:
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    family = csrf_of(client.get("/status").text)
    limit = load_limits().rate_limits.status_lookup_failures_per_minute
    answers = [client.post("/status", data={"claim_id": claim_id, "id_number": REPORT["insured_id_number"],
                                            "csrf_token": family}).status_code for _ in range(limit + 3)]
    assert answers == [200] * (limit + 3)


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(app, users) -> None:
    """Behind a configured proxy the forwarded address counts: one client locked out, another still served."""
    from fastapi import Request

    from webapp.ratelimit import client_address

    class _Req:
        def __init__(self, peer: str, forwarded: str) -> None:
            self.client = type("C", (), {"host": peer})()
            self.headers = type("H", (), {"getlist": lambda _self, name: [forwarded] if forwarded else []})()

    def _req(peer: str, forwarded: str) -> Request:  # the little of a request that client_address reads
        return cast(Request, _Req(peer, forwarded))

    proxies = frozenset({"127.0.0.1"})
    assert client_address(_req("127.0.0.1", "203.0.113.7, 127.0.0.1"), proxies) == "203.0.113.7"
    assert client_address(_req("198.51.100.9", "203.0.113.7"), proxies) == "198.51.100.9"  # not a proxy: ignored
    assert client_address(_req("127.0.0.1", "203.0.113.7"), frozenset()) == "127.0.0.1"


def test_admin_creates_and_switches_off_accounts(client_for, app) -> None:
    admin, token = client_for("admin")
    response = admin.post("/admin/users", data={"username": "wang", "password": PASSWORD, "role": "reviewer",
                                                "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert admin.post("/admin/users", data={"username": "wang", "password": "another password", "role": "reviewer",
                                            "csrf_token": token}).status_code == 422
    wang, _ = client_for("wang")  # signs in (asserted inside)
    assert wang.get("/review").status_code == 200
    with session_scope(app.state.ctx.config.db_url) as session:
        wang_id = session.query(UserRow).filter_by(username="wang").one().id
    asked = admin.post(f"/admin/users/{wang_id}/active", data={"active": "false", "csrf_token": token})
    assert "确定停用吗" in asked.text and 'id="confirm-deactivate"' in asked.text  # nothing happens unconfirmed
    assert wang.get("/review").status_code == 200
    admin.post(f"/admin/users/{wang_id}/active", data={"active": "false", "confirmed": "true", "csrf_token": token})
    assert wang.get("/review", follow_redirects=False).status_code == 303  # the open session ends too
    assert client_for("reviewer")[0].get("/admin/users").status_code == 403


def test_admin_changes_a_role_and_resets_a_password(client_for, app) -> None:
    admin, token = client_for("admin")
    with session_scope(app.state.ctx.config.db_url) as session:
        chen_id = session.query(UserRow).filter_by(username="reviewer2").one().id
    weak = admin.post(f"/admin/users/{chen_id}/password", data={"password": "12345678", "csrf_token": token})
    assert weak.status_code == 422 and "密码未重置：密码至少" in weak.text
    admin.post(f"/admin/users/{chen_id}/password", data={"password": "long enough passphrase", "csrf_token": token})
    admin.post(f"/admin/users/{chen_id}/role", data={"role": "supervisor", "csrf_token": token})
    with session_scope(app.state.ctx.config.db_url) as session:
        row = session.get(UserRow, chen_id)
        assert row.role == "supervisor" and row.active
    page = admin.get("/admin/users").text
    assert re.search(r'id="user-reviewer2"><td>reviewer2</td><td>主管</td>', page)
    assert "至少10位" in page and 'minlength="8"' not in page


def test_photos_only_for_users_allowed_to_see_the_claim(client_for, app) -> None:
    photo = _jpeg((64, 48))
    seed_case(app.state.ctx.config.db_url, "CN-PHOTO", store=app.state.ctx.store, photo=photo)
    with session_scope(app.state.ctx.config.db_url) as session:
        doc_id = session.query(DocumentRow).filter_by(claim_id="CN-PHOTO").one().id
    reviewer, _ = client_for("reviewer")
    served = reviewer.get(f"/photos/{doc_id}")
    assert served.status_code == 200 and served.content == photo and served.headers["content-type"] == "image/jpeg"
    for name in ("field_staff", "admin"):  # not their claim / not their job
        assert client_for(name)[0].get(f"/photos/{doc_id}").status_code == 403
    with session_scope(app.state.ctx.config.db_url) as session:
        assert session.query(AuditLogRow).filter_by(action="view_photo", claim_id="CN-PHOTO").count() == 1


def test_sign_in_is_refused_after_too_many_failures_for_that_account_only(app, users) -> None:
    """Failures lock out the account tried, from that address; every other user still signs in from it (behind
    a proxy that passes no client address, one attacker cannot lock out everyone)."""
    limit = load_limits().rate_limits.login_failures_per_15_minutes
    with TestClient(app) as client:
        token = csrf_of(client.get("/login").text)
        for _ in range(limit):
            client.post("/login", data={"username": "reviewer", "password": "guess", "csrf_token": token})
        right = client.post("/login", data={"username": "reviewer", "password": PASSWORD, "csrf_token": token})
    assert right.status_code == 429 and "登录失败次数过多" in right.text
    with TestClient(app) as other:
        token = csrf_of(other.get("/login").text)
        ok = other.post("/login", data={"username": "reviewer2", "password": PASSWORD, "csrf_token": token},
                        follow_redirects=False)
    assert ok.status_code == 303


def test_json_api_is_described_in_openapi(app) -> None:
    with TestClient(app) as client:
        paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/claims/{claim_id}/photos", "/api/queues/{queue}", "/review/{queue}/next"} <= set(paths)


def test_closed_claims_take_no_more_photos(client_for, app) -> None:
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    with session_scope(app.state.ctx.config.db_url) as session:
        session.get(ClaimRow, claim_id).status = "approved"
    response = client.post(f"/api/claims/{claim_id}/photos", data={"csrf_token": token},
                           files={"photo": ("late.jpg", _jpeg(), "image/jpeg")})
    assert response.status_code == 409 and "已结案" in response.json()["error"]
    response = client.post(f"/claims/{claim_id}/photos", data={"csrf_token": token},
                           files={"photos": ("late.jpg", _jpeg(), "image/jpeg")})
    assert response.status_code == 409 and "已结案" in response.text
    assert app.state.ctx.store.claim_photos(claim_id) == []


def test_a_request_over_the_size_limit_is_refused_before_it_is_read(users, web_db_url, tmp_path) -> None:
    config = make_config(web_db_url, tmp_path / "store")
    uploads = config.limits.uploads.model_copy(update={"max_request_bytes": 1 << 20})
    small = create_app(config.model_copy(update={"limits": config.limits.model_copy(update={"uploads": uploads})}))
    with TestClient(small) as client:
        token = sign_in(client, "field_staff")
        response = client.post("/api/claims/CN-ANY/photos", data={"csrf_token": token},
                               files={"photo": ("big.jpg", _jpeg() + b"\0" * (2 << 20), "image/jpeg")})
    assert response.status_code == 413 and "上传内容太大" in response.text


def test_a_claim_handed_over_is_not_submitted_again(app, client_for) -> None:
    """A second submit of a claim being processed or decided is refused (409) and changes nothing; a claim
    waiting for documents a reviewer asked for may be handed over again."""
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    db = app.state.ctx.config.db_url
    with session_scope(db) as session:
        session.get(ClaimRow, claim_id).status = "approved"
        session.get(ClaimRow, claim_id).payment_due = date(2026, 4, 1)
    again = client.post(f"/claims/{claim_id}/submit", data={"csrf_token": token})
    assert again.status_code == 409 and "不能重复提交" in again.text
    with session_scope(db) as session:
        claim = session.get(ClaimRow, claim_id)
        assert (claim.status, str(claim.payment_due)) == ("approved", "2026-04-01")
        assert not session.query(AuditLogRow).filter_by(claim_id=claim_id, action="submit_claim").count()


def test_every_answer_carries_the_security_headers(app, client_for) -> None:
    client, _ = client_for("reviewer")
    for path in ("/review", "/login", "/static/upload.js"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
    assert client.get("/review").headers["cache-control"] == "no-store"
    assert client.get("/static/upload.js").headers.get("cache-control") != "no-store"


def test_html_behind_a_jpeg_signature_is_not_stored(app, client_for) -> None:
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    fake = b"\xff\xd8\xff<html><script>alert(document.cookie)</script></html>"
    answer = client.post(f"/api/claims/{claim_id}/photos", files={"photo": ("a.jpg", fake, "image/jpeg")},
                         headers={"X-CSRF-Token": token})
    assert answer.status_code == 415 and "打不开" in answer.json()["error"]
    assert not app.state.ctx.store.list_objects(f"intake/{claim_id}/")


@pytest.mark.parametrize("path", ["/photos/9223372036854775808", "/photos/2147483648", "/photos/0"])
def test_row_ids_beyond_their_column_are_refused_not_a_server_error(client_for, path: str) -> None:
    client, _token = client_for("reviewer")
    assert client.get(path).status_code == 422
    admin, admin_token = client_for("admin")
    assert admin.post("/admin/users/99999999999999999999/active", data={"active": "false",
                                                                      "csrf_token": admin_token}).status_code == 422


def test_report_fields_have_length_limits(client_for) -> None:
    client, token = client_for("field_staff")
    answer = client.post("/claims/new", data={**REPORT, "accident_description": "摔" * 100_000, "payee_bank": "银" * 61,
                                              "csrf_token": token})
    assert answer.status_code == 422 and "不能超过 500 个字" in answer.text and "不能超过 60 个字" in answer.text


def test_the_access_log_keeps_every_request_with_id_numbers_masked() -> None:
    """uvicorn's access formatter reads the record's arguments: masking keeps them, so a URL holding an ID
    number is still logged, masked."""
    from uvicorn.logging import AccessFormatter

    from webapp.logmask import install_log_masking

    install_log_masking()
    record = logging.getLogger("uvicorn.access").makeRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/status?id_number=440524195203151224", "1.1", 200), None)
    line = AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s').format(record)
    assert "/status?id_number=440524********1224" in line and " 200" in line
    assert "195203151224" not in line


def test_signing_out_ends_the_session_for_a_saved_cookie_too(app, client_for) -> None:
    client, token = client_for("reviewer")
    saved = dict(client.cookies)
    assert client.get("/review").status_code == 200
    client.post("/logout", data={"csrf_token": token})
    with TestClient(app, cookies=saved) as replay:
        assert replay.get("/review", follow_redirects=False).status_code == 303  # back to sign-in
        assert replay.post("/review/documents/next", data={"csrf_token": token},
                           follow_redirects=False).status_code in (401, 403)


def test_switching_an_account_off_ends_its_sessions(app, client_for, users) -> None:
    worker, _ = client_for("field_staff")
    assert worker.get("/claims").status_code == 200
    admin, token = client_for("admin")
    with session_scope(app.state.ctx.config.db_url) as session:
        uid = session.query(UserRow).filter_by(username="field_staff").one().id
    admin.post(f"/admin/users/{uid}/active", data={"active": "false", "confirmed": "true", "csrf_token": token})
    assert worker.get("/claims", follow_redirects=False).status_code == 303


def test_cookies_are_secure_unless_served_on_loopback_for_development(tmp_path) -> None:
    from webapp.cli import LOOPBACK_HOSTS
    from webapp.config import WebConfig

    config = WebConfig(db_url=f"sqlite:///{tmp_path / 'db'}", store=str(tmp_path), secret_key="s")
    assert config.limits.session.https_only and not config.with_insecure_cookies().limits.session.https_only
    assert "0.0.0.0" not in LOOPBACK_HOSTS
    with TestClient(create_app(config), base_url="https://testserver") as client:
        cookie = client.get("/login").headers["set-cookie"]
    assert "secure" in cookie.lower() and "httponly" in cookie.lower()


@pytest.mark.parametrize("password, problem", [
    ("12345678", "至少"), ("1234567890", "太常见"), ("Password123!", "太常见"), ("qwertyuiop", "太常见"),
    ("aaaaaaaaaaaa", "太常见"), ("reviewer-2026x", "用户名"), ("correct horse battery", None),
])
def test_password_policy(password: str, problem: str | None) -> None:
    from webapp.accounts import password_problem

    found = password_problem(password, "reviewer")
    assert (found is None) if problem is None else (problem in (found or ""))


def test_two_web_processes_share_their_counts(app, users, tmp_path) -> None:
    """The limits live in the claim database: a second app (another worker process) on the same database sees
    the failures the first counted."""
    limit = load_limits().rate_limits.login_failures_per_15_minutes
    second = create_app(make_config(app.state.ctx.config.db_url, tmp_path / "store2"))
    for i in range(limit):
        with TestClient(app if i % 2 else second) as client:
            token = csrf_of(client.get("/login").text)
            client.post("/login", data={"username": "reviewer", "password": "guess", "csrf_token": token})
    with TestClient(second) as client:
        token = csrf_of(client.get("/login").text)
        assert client.post("/login", data={"username": "reviewer", "password": PASSWORD,
                                           "csrf_token": token}).status_code == 429


def test_a_claim_filed_on_the_web_is_stored_encrypted(app, client_for) -> None:
    """The database file holds the insured's name and ID number, the phone and the bank account of a claim
    filed on the web only sealed; the pages and the status lookup still show and find them."""
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    db_file = Path(app.state.ctx.config.db_url.removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))  # the WAL too
    for secret in (REPORT["insured_name"], REPORT["insured_id_number"], REPORT["claimant_phone"],
                   REPORT["payee_account"]):
        assert secret.encode() not in raw, f"{secret!r} stored in plain text"
    family = csrf_of(client.get("/status").text)
    found = client.post("/status", data={"claim_id": claim_id, "id_number": REPORT["insured_id_number"],
                                         "csrf_token": family})
    assert found.status_code == 200
    reviewer, _ = client_for("reviewer")
    assert REPORT["insured_id_number"] in reviewer.get(f"/review/claims/{claim_id}").text
