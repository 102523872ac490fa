"""In a real browser: a paper claim taken while the system was down is entered afterwards with its original
report date and the paper form's number; entering it again (the same form, or the same insured's claim for the
same accident) is refused, naming the claim already there."""
from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import Browser, Page, expect

from models.policy import load_policy
from storage.database.session import session_scope
from storage.database.tables import ClaimRow
from tests.webapp.browser import DESKTOP, shot, sign_in
from tests.webapp.conftest import PASSWORD, REPORT
from tests.webapp.live import serve


def _fill(page: Page, number: str, reported_on: str) -> None:
    page.fill("[name=paper_form_number]", number)
    page.fill("[name=reported_on]", reported_on)
    for name, value in REPORT.items():
        if name == "channel":
            continue
        if name in ("claim_type", "relationship", "transport_mode"):
            if value:
                page.select_option(f"[name={name}]", value)
        else:
            page.fill(f"[name={name}]", value)
    page.click("main button[type=submit]")


def test_paper_claim_entered_once_with_its_original_date(app, users, browser: Browser) -> None:
    reported = load_policy().now().date() - timedelta(days=3)  # the paper form, three days ago
    with serve(app) as base:
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        sign_in(page, base, "field_staff", PASSWORD)
        page.goto(f"{base}/claims/new")
        page.click("text=补录纸质报案单")
        expect(page.locator("h1")).to_have_text("补录纸质报案")
        _fill(page, "ZZ-2026-00017", reported.isoformat())
        expect(page.locator("h1")).to_contain_text(f"报案 CN{reported:%Y%m%d}-")  # numbered on its own day
        claim_id = page.locator("h1").inner_text().split()[-1]
        shot(page, "paper-1-entered")

        page.goto(f"{base}/claims/paper")
        _fill(page, "ZZ-2026-00017", reported.isoformat())  # the same form again
        expect(page.locator("#entered-before")).to_contain_text(claim_id)
        page.goto(f"{base}/claims/paper")
        _fill(page, "ZZ-2026-00018", reported.isoformat())  # another number, the same insured and accident
        expect(page.locator("#entered-before")).to_contain_text(claim_id)
        shot(page, "paper-2-refused")
        context.close()
    with session_scope(app.state.ctx.config.db_url) as session:
        rows = session.query(ClaimRow).all()
        assert [(r.claim_id, r.paper_form_number, r.channel) for r in rows] == [
            (claim_id, "ZZ-2026-00017", "manual_entry")]
        at = rows[0].reported_at.astimezone(load_policy().zone)
        assert (at.date(), at.time().hour) == (reported, 9) and isinstance(at, datetime)
