"""Reviewer queues, claiming a case, field corrections as labelled data, and the actions, on a real database."""
from __future__ import annotations

import json
import re
import subprocess
from datetime import date, timedelta

from sqlalchemy import select

from models.enums import ReasonCode
from models.policy import load_policy
from storage.database.session import session_scope
from storage.database.tables import AuditLogRow, ClaimRow, FieldRow, ReviewerActionRow
from tests.webapp.conftest import csrf_of
from tests.webapp.seed import INSURED_ID, seed_case
from tests.webapp.test_cli import CLI


def _db(app) -> str:
    return app.state.ctx.config.db_url


def test_queue_sorted_by_due_date_with_overdue_marked(app, client_for) -> None:
    today = load_policy().now().date()
    seed_case(_db(app), "CN-LATE", review_due=today - timedelta(days=2))
    seed_case(_db(app), "CN-SOON", review_due=today + timedelta(days=1))
    seed_case(_db(app), "CN-NODUE", review_due=None)
    seed_case(_db(app), "CN-FIRST", review_due=today - timedelta(days=5))
    seed_case(_db(app), "CN-OTHERQ", reason=ReasonCode.DUPLICATE_DOCUMENT, review_due=today)
    client, _ = client_for("reviewer")
    rows = client.get("/api/queues/verification").json()
    assert [r["claim_id"] for r in rows] == ["CN-FIRST", "CN-LATE", "CN-SOON", "CN-NODUE"]
    assert [r["overdue"] for r in rows] == [True, True, False, False]
    assert (rows[0]["reasons"], rows[0]["payable"], rows[0]["reported_at"]) == \
        (["LOW_CONFIDENCE"], "240.00", "2026-03-20T01:30:00+00:00")
    page = client.get("/review?queue=verification").text
    assert page.count("已超期") == 2 and "核实（4）" in page and "反欺诈（1）" in page
    # each line shows why it stopped, the amount and when it was submitted (on the programme's clock)
    assert re.search(r'<td class="reasons">识别置信度低</td>\s*<td>240\.00</td>\s*<td>2026-03-20 09:30</td>', page)


def test_the_documents_queue_sorts_and_marks_by_the_day_the_family_must_be_told(app, client_for) -> None:
    today = load_policy().now().date()
    missing = ("discharge_summary",)
    seed_case(_db(app), "CN-ASKLATE", reason=ReasonCode.MISSING_DOCUMENT, missing=missing,
              documents_due=today - timedelta(days=1))
    seed_case(_db(app), "CN-ASKSOON", reason=ReasonCode.MISSING_DOCUMENT, missing=missing,
              documents_due=today + timedelta(days=1))
    seed_case(_db(app), "CN-COMPLETE", reason=ReasonCode.MISSING_DOCUMENT, review_due=today)
    client, _ = client_for("reviewer")
    rows = client.get("/api/queues/documents").json()
    assert [(r["claim_id"], r["overdue"], r["documents_request"]) for r in rows] == [
        ("CN-ASKLATE", True, True), ("CN-COMPLETE", False, False), ("CN-ASKSOON", False, True)]
    assert rows[0]["review_due"] == (today - timedelta(days=1)).isoformat()
    page = client.get("/review?queue=documents").text
    assert page.count("补件告知") == 2 and page.count("已超期") == 1
    with session_scope(_db(app)) as session:
        session.get(ClaimRow, "CN-ASKSOON").status = "awaiting_documents"  # asked: the family's turn now
    assert [r["claim_id"] for r in client.get("/api/queues/documents").json()] == ["CN-ASKLATE", "CN-COMPLETE"]


def test_looking_at_a_case_never_claims_it_taking_does_and_others_are_turned_away(app, client_for) -> None:
    seed_case(_db(app), "CN-A", review_due=date(2026, 3, 25))
    first, token = client_for("reviewer")
    second, second_token = client_for("reviewer2")
    page = first.get("/review/claims/CN-A")
    assert page.status_code == 200 and 'id="take"' in page.text and 'id="approve"' not in page.text
    assert first.post("/review/claims/CN-A/take", follow_redirects=False).status_code == 403  # no CSRF token
    with session_scope(_db(app)) as session:
        assert session.get(ClaimRow, "CN-A").assigned_reviewer is None  # a GET, or a POST from elsewhere, took nothing
    taken = first.post("/review/claims/CN-A/take", data={"csrf_token": token}, follow_redirects=False)
    assert taken.status_code == 303 and taken.headers["location"] == "/review/claims/CN-A"
    assert 'id="approve"' in first.get("/review/claims/CN-A").text  # the holder may come back, and act
    held = second.get("/review/claims/CN-A")
    assert held.status_code == 409 and "正由 reviewer 处理" in held.text
    assert second.post("/review/claims/CN-A/take", data={"csrf_token": second_token}).status_code == 409
    with session_scope(_db(app)) as session:
        assert session.get(ClaimRow, "CN-A").assigned_reviewer == "reviewer"
        claims = session.scalars(select(ReviewerActionRow).where(ReviewerActionRow.action == "claim")).all()
        views = session.scalars(select(AuditLogRow).where(AuditLogRow.action == "view_claim")).all()
    assert len(claims) == 1 and len(views) == 2


def test_case_page_shows_full_id_low_confidence_fields_boxes_reasons(app, client_for) -> None:
    seed_case(_db(app), "CN-B")
    client, _ = client_for("reviewer")
    page = client.get("/review/claims/CN-B").text
    assert INSURED_ID in page
    assert '<tr class="low" data-field="total_amount"' in page and '<tr class="" data-field="name"' in page
    assert 'data-field="total_amount" points="40.0,200.0 300.0,200.0' in page
    assert "识别置信度低：费用清单·金额" in page and "还缺：" in page


def test_field_correction_is_kept_as_labelled_data(app, client_for, tmp_path) -> None:
    seed_case(_db(app), "CN-C")
    client, token = client_for("reviewer")
    client.post("/review/claims/CN-C/take", data={"csrf_token": token})
    with session_scope(_db(app)) as session:
        field_id = session.scalars(select(FieldRow.id).where(FieldRow.name == "total_amount")).one()
    response = client.post(f"/review/claims/CN-C/fields/{field_id}", data={"value": "1284.56", "csrf_token": token},
                           follow_redirects=False)
    assert response.status_code == 303
    with session_scope(_db(app)) as session:
        field = session.get(FieldRow, field_id)
        action = session.scalars(select(ReviewerActionRow).where(ReviewerActionRow.action == "correct_field")).one()
    assert (field.value, field.corrected_value, field.corrected_by) == ("1234.56", "1284.56", "reviewer")
    assert action.detail["machine_value"] == "1234.56" and action.detail["corrected_value"] == "1284.56"
    assert action.detail["box"] and action.detail["sha256"] and action.detail["doc_type"] == "expense_list"

    out = tmp_path / "corrections.jsonl"
    done = subprocess.run([str(CLI), "export-corrections", str(out), "--db", _db(app)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (record["claim_id"], record["field"], record["machine_value"], record["corrected_value"]) == \
        ("CN-C", "total_amount", "1234.56", "1284.56")
    assert record["object"] == "intake/CN-C/photo-001.jpg" and len(record["box"]) == 4


def test_only_the_holder_acts_and_approve_sets_payment_deadline(app, client_for) -> None:
    seed_case(_db(app), "CN-D")
    holder, token = client_for("reviewer")
    other, other_token = client_for("reviewer2")
    holder.post("/review/claims/CN-D/take", data={"csrf_token": token})
    assert other.post("/review/claims/CN-D/approve", data={"csrf_token": other_token}).status_code == 403
    assert holder.post("/review/claims/CN-D/approve", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    with session_scope(_db(app)) as session:
        claim = session.get(ClaimRow, "CN-D")
    today = load_policy().now().date()
    assert claim.status == "approved" and claim.payment_due is not None and claim.payment_due > today
    assert holder.get("/api/queues/verification").json() == []


def test_approval_is_blocked_while_a_document_or_the_amount_is_missing(app, client_for) -> None:
    """A claim missing its discharge summary and without a computable amount cannot be approved: the page says
    why and the button is off, and a forced POST is refused with the reason; the claim stays open."""
    seed_case(_db(app), "CN-G", reason=ReasonCode.MISSING_DOCUMENT, payable=None, missing=("discharge_summary",))
    client, token = client_for("reviewer")
    client.post("/review/claims/CN-G/take", data={"csrf_token": token})
    page = client.get("/review/claims/CN-G").text
    assert re.search(r'id="approve-blocked"[^>]*>暂不能批准：缺少资料：出院小结；应付金额无法计算<', page)
    assert re.search(r'<button type="submit" id="approve" disabled>', page)
    refused = client.post("/review/claims/CN-G/approve", data={"csrf_token": token})
    assert refused.status_code == 422 and "缺少资料：出院小结；应付金额无法计算" in refused.text
    with session_scope(_db(app)) as session:
        assert session.get(ClaimRow, "CN-G").status == "in_review"


def test_reasons_and_history_read_in_chinese_and_link_to_the_photo(app, client_for) -> None:
    seed_case(_db(app), "CN-H", reason=ReasonCode.DUPLICATE_DOCUMENT,
              detail="intake/CN-H/photo-001.jpg matches intake/CN-Z/IMG_1.jpg (sha256+invoice_number)")
    client, token = client_for("reviewer")
    client.post("/review/claims/CN-H/take", data={"csrf_token": token})
    page = client.get("/review/claims/CN-H").text
    linked = r'<li>[^<：]+：<a href="#doc-\d+">photo-001\.jpg 与 IMG_1\.jpg 相同（同一文件、票据号）</a></li>'
    assert re.search(linked, page)
    history = page[page.index('id="history"'):]
    assert "系统决定：人工审核" in history and "领取案件" in history
    assert not re.search(r"decision:|manual_review|file_claim|\bclaim\b", history)


def test_reject_needs_a_reason(app, client_for) -> None:
    seed_case(_db(app), "CN-E")
    client, token = client_for("reviewer")
    client.post("/review/claims/CN-E/take", data={"csrf_token": token})
    assert client.post("/review/claims/CN-E/reject", data={"reason": " ", "csrf_token": token}).status_code == 422
    client.post("/review/claims/CN-E/reject", data={"reason": "非意外事故", "csrf_token": token})
    with session_scope(_db(app)) as session:
        assert session.get(ClaimRow, "CN-E").status == "rejected"


def test_request_documents_notice_reaches_the_family_lookup(app, client_for) -> None:
    seed_case(_db(app), "CN-F")
    client, token = client_for("reviewer")
    client.post("/review/claims/CN-F/take", data={"csrf_token": token})
    client.post("/review/claims/CN-F/request-documents", data={"notice": "请补交出院小结原件照片", "csrf_token": token})
    with session_scope(_db(app)) as session:
        claim = session.get(ClaimRow, "CN-F")
    assert (claim.status, claim.assigned_reviewer) == ("awaiting_documents", None)
    with session_scope(_db(app)) as session:
        session.get(ClaimRow, "CN-F").created_by = "field_staff"
    worker, _ = client_for("field_staff")
    assert "审核员要求补充资料：请补交出院小结原件照片" in worker.get("/claims/CN-F").text
    family = worker
    family.post("/logout", data={"csrf_token": csrf_of(family.get("/status").text)})
    result = family.post("/status", data={"claim_id": "CN-F", "id_number": INSURED_ID,
                                          "csrf_token": csrf_of(family.get("/status").text)}).text
    assert "等待补充资料" in result and "请补交出院小结原件照片" in result
    assert "陈秀英" not in result and "240" not in result


def test_reassign_hands_the_case_over(app, client_for) -> None:
    seed_case(_db(app), "CN-G")
    client, token = client_for("reviewer")
    client.post("/review/claims/CN-G/take", data={"csrf_token": token})
    assert client.post("/review/claims/CN-G/reassign",
                       data={"to": "field_staff", "csrf_token": token}).status_code == 422
    client.post("/review/claims/CN-G/reassign", data={"to": "reviewer2", "csrf_token": token})
    assert client.post("/review/claims/CN-G/reassign", data={"to": "reviewer", "csrf_token": token}).status_code == 403
    with session_scope(_db(app)) as session:
        assert session.get(ClaimRow, "CN-G").assigned_reviewer == "reviewer2"
    second, _ = client_for("reviewer2")
    assert second.get("/review/claims/CN-G").status_code == 200


def test_field_staff_and_admin_cannot_review(client_for) -> None:
    for name in ("field_staff", "admin"):
        client, _ = client_for(name)
        assert client.get("/review").status_code == 403


def test_a_claim_folder_the_batch_could_not_take_in_waits_in_its_queue_until_dealt_with(app, client_for) -> None:
    """An intake problem (recorded by the batch) is listed in its queue and leaves it once a reviewer says how
    it was dealt with; the answer is kept and audited."""
    from storage.database.repository import record_intake_problem
    from storage.database.tables import IntakeProblemRow

    with session_scope(_db(app)) as session:
        problem = record_intake_problem(session, "BAD\\F", "documents", "intake/BAD\\F/claim.json", "(folder)",
                                        f"claim BAD\\F: field '(folder)': id {INSURED_ID} is not a claim id").id
    client, token = client_for("reviewer")
    page = client.get("/review?queue=documents").text
    assert "无法受理的报案（1）" in page and "BAD\\F" in page and INSURED_ID not in page
    assert client.post(f"/review/intake-problems/{problem}/resolve", data={"resolution": "x"}).status_code == 403
    done = client.post(f"/review/intake-problems/{problem}/resolve",
                       data={"csrf_token": token, "resolution": "已重新报案 CN20250320-0001"}, follow_redirects=False)
    assert done.status_code == 303 and "无法受理的报案" not in client.get("/review?queue=documents").text
    with session_scope(_db(app)) as session:
        row = session.get(IntakeProblemRow, problem)
        assert (row.resolved_by, row.resolution) == ("reviewer", "已重新报案 CN20250320-0001")
        assert session.scalars(select(AuditLogRow).where(AuditLogRow.action == "resolve_intake_problem")).one()
