"""Payment batches: approved and fast-paid claims go into a batch once, ever; CSV and XLSX for finance."""
from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy.exc import IntegrityError

from storage.database.session import session_scope
from storage.database.tables import ClaimRow, PaymentRow
from tests.webapp.seed import seed_case


def _set_status(db: str, claim_id: str, status: str) -> None:
    with session_scope(db) as session:
        session.get(ClaimRow, claim_id).status = status


def test_payments_lists_the_claims_no_batch_can_take(app, client_for) -> None:
    """An approved claim whose amount could not be computed is not counted as waiting: it is listed apart with
    why, and a new batch leaves it out."""
    db = app.state.ctx.config.db_url
    seed_case(db, "CN-OK")
    seed_case(db, "CN-NOAMT", payable=None)
    for claim_id in ("CN-OK", "CN-NOAMT"):
        _set_status(db, claim_id, "approved")
    client, token = client_for("supervisor")
    page = client.get("/payments").text
    assert "待付款理赔：1 件" in page and "无法付款的理赔（1 件）" in page
    assert re.search(r"<td>CN-NOAMT</td><td>[^<]+</td><td>应付金额无法计算，请退回审核</td>", page)
    client.post("/payments/batches", data={"csrf_token": token})
    with session_scope(db) as session:
        assert [p.claim_id for p in session.query(PaymentRow)] == ["CN-OK"]
    assert "待付款理赔：0 件" in client.get("/payments").text


def test_each_payable_claim_lands_in_exactly_one_batch(app, client_for) -> None:
    db = app.state.ctx.config.db_url
    for claim_id, status in (("CN-PAY1", "approved"), ("CN-PAY2", "decided"), ("CN-WAIT", "in_review"),
                             ("CN-NO", "rejected")):
        seed_case(db, claim_id)
        _set_status(db, claim_id, status)
    client, token = client_for("supervisor")
    assert "待付款理赔：2 件" in client.get("/payments").text
    client.post("/payments/batches", data={"csrf_token": token})
    client.post("/payments/batches", data={"csrf_token": token})  # nothing new: no second batch
    seed_case(db, "CN-PAY3")
    _set_status(db, "CN-PAY3", "approved")
    client.post("/payments/batches", data={"csrf_token": token})
    with session_scope(db) as session:
        rows = session.query(PaymentRow).order_by(PaymentRow.claim_id).all()
        assert [r.claim_id for r in rows] == ["CN-PAY1", "CN-PAY2", "CN-PAY3"]
        assert len({r.batch_id for r in rows}) == 2
        first = rows[0].batch_id
        session.add(PaymentRow(claim_id="CN-PAY1", batch_id="PAY-AGAIN", amount=1))
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()

    text = client.get(f"/payments/batches/{first}.csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][1] == "理赔编号" and [line[1] for line in lines[1:]] == ["CN-PAY1", "CN-PAY2"]
    assert lines[1][5] == "6228480000000000000" and lines[1][6] == "240.00"
    sheet = load_workbook(io.BytesIO(client.get(f"/payments/batches/{first}.xlsx").content)).active
    values = list(sheet.values)
    assert values[1][1] == "CN-PAY1" and values[1][6] == 240.0 and values[1][5] == "6228480000000000000"


def test_only_supervisors_make_batches(client_for) -> None:
    client, token = client_for("reviewer")
    assert client.get("/payments").status_code == 403
    assert client.post("/payments/batches", data={"csrf_token": token}).status_code == 403



def test_a_payee_named_like_a_formula_stays_text_in_every_export(app, client_for) -> None:
    """A payee or bank entered as =HYPERLINK(…) (or starting +, -, @, tab, CR) is text in the CSV and XLSX
    finance opens, never a live formula."""
    db = app.state.ctx.config.db_url
    seed_case(db, "CN-EVIL")
    _set_status(db, "CN-EVIL", "approved")
    with session_scope(db) as session:
        claim = session.get(ClaimRow, "CN-EVIL")
        claim.report = {**claim.report, "payee": {**claim.report["payee"], "name": '=HYPERLINK("http://x","付款")',
                                                  "bank": "@SUM(1+1)"}}
    client, token = client_for("supervisor")
    client.post("/payments/batches", data={"csrf_token": token})
    with session_scope(db) as session:
        batch = session.query(PaymentRow).filter_by(claim_id="CN-EVIL").one().batch_id
    row = list(csv.reader(io.StringIO(client.get(f"/payments/batches/{batch}.csv").content.decode("utf-8-sig"))))[1]
    assert row[3] == '\'=HYPERLINK("http://x","付款")' and row[4] == "'@SUM(1+1)"
    sheet = load_workbook(io.BytesIO(client.get(f"/payments/batches/{batch}.xlsx").content)).active
    cells = next(iter(sheet.iter_rows(min_row=2, max_row=2)))
    assert cells[3].data_type == "s" and cells[3].value.startswith("'=") and cells[4].value == "'@SUM(1+1)"
    assert not any(c.data_type == "f" for c in cells)
