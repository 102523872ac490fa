"""In a real browser: the guards around money. A reviewer cannot approve a claim missing a required document
and its amount (the button is locked, the reason shown, the A key does nothing); a supervisor's payments page
lists the approved claim no batch can take and why, and a new batch leaves it out."""
from __future__ import annotations

from playwright.sync_api import Browser, expect

from models.policy import load_policy
from storage.database.session import session_scope
from storage.database.tables import ClaimRow, PaymentRow
from tests.webapp.browser import DESKTOP, shot, sign_in
from tests.webapp.conftest import PASSWORD
from tests.webapp.live import serve
from tests.webapp.seed import seed_case


def test_approval_is_blocked_with_its_reason(app, users, browser: Browser) -> None:
    db = app.state.ctx.config.db_url
    seed_case(db, "CN20260320-0041", payable=None, missing=("discharge_summary",),
              documents_due=load_policy().now().date())
    with serve(app) as base:
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        sign_in(page, base, "reviewer", PASSWORD)
        page.goto(f"{base}/review/claims/CN20260320-0041")
        page.click("#take")
        expect(page.locator("#approve-blocked")).to_have_text("暂不能批准：缺少资料：出院小结；应付金额无法计算")
        expect(page.locator("#approve")).to_be_disabled()
        page.keyboard.press("a")  # the approve key does nothing either
        shot(page, "guard-1-approval-blocked")
        context.close()
    with session_scope(db) as session:
        assert session.get(ClaimRow, "CN20260320-0041").status == "in_review"


def test_payments_list_the_claim_no_batch_can_take(app, users, browser: Browser) -> None:
    db = app.state.ctx.config.db_url
    seed_case(db, "CN20260320-0042")
    seed_case(db, "CN20260320-0043", payable=None)
    with session_scope(db) as session:
        for claim_id in ("CN20260320-0042", "CN20260320-0043"):
            session.get(ClaimRow, claim_id).status = "approved"
    with serve(app) as base:
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        sign_in(page, base, "supervisor", PASSWORD)
        page.goto(f"{base}/payments")
        expect(page.locator("#pending")).to_have_text("待付款理赔：1 件")
        expect(page.locator("#unbatchable tbody tr")).to_have_count(1)
        expect(page.locator("#unbatchable")).to_contain_text("CN20260320-0043")
        expect(page.locator("#unbatchable")).to_contain_text("应付金额无法计算，请退回审核")
        shot(page, "guard-2-payments-unbatchable")
        page.click("text=生成新批次")
        expect(page.locator("#pending")).to_have_text("待付款理赔：0 件")
        expect(page.locator("#batches tbody tr")).to_have_count(1)
        expect(page.locator("#unbatchable")).to_contain_text("CN20260320-0043")  # still listed, still why
        context.close()
    with session_scope(db) as session:
        assert [p.claim_id for p in session.query(PaymentRow)] == ["CN20260320-0042"]
