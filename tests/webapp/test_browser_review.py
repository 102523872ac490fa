"""In a real browser: a reviewer claims a case from the queue, corrects a low-confidence field and approves;
a family looks up the claim's status."""
from __future__ import annotations

import re

from playwright.sync_api import Browser, expect
from sqlalchemy import select

from models.enums import DocType
from models.policy import load_policy
from storage.database.session import session_scope
from storage.database.tables import ClaimRow, FieldRow
from tests.webapp.browser import DESKTOP, PHONE, shot, sign_in
from tests.webapp.conftest import PASSWORD
from tests.webapp.live import serve
from tests.webapp.photos import good_photo
from tests.webapp.seed import INSURED_ID, seed_case


def test_reviewer_claims_corrects_and_approves(app, users, browser: Browser) -> None:
    db = app.state.ctx.config.db_url
    seed_case(db, "CN20260320-0007", review_due=load_policy().now().date(), store=app.state.ctx.store,
              photo=good_photo(DocType.expense_list).jpeg)
    with serve(app) as base:
        context = browser.new_context(**DESKTOP)
        page = context.new_page()
        sign_in(page, base, "reviewer", PASSWORD)
        page.click("text=核实（1）")
        page.click("text=领取下一件")
        expect(page.locator("h1")).to_contain_text("处理人 reviewer")
        expect(page.locator("tr.low")).to_have_count(1)
        expect(page.locator("polygon")).to_have_count(2)
        expect(page.locator(".viewer img")).to_have_js_property("complete", True)
        assert page.locator(".viewer img").evaluate("img => img.naturalWidth") > 0
        page.click("[data-rotate]")
        expect(page.locator(".frame")).to_have_attribute("style", re.compile(r"rotate\(90deg\)"))
        shot(page, "review-1-case")

        row = page.locator("tr[data-field=total_amount]")
        row.locator("input[name=value]").fill("1284.56")
        row.locator("button").click()
        expect(page.locator("tr[data-field=total_amount]")).to_contain_text("已更正（原：1234.56）")
        expect(page.locator("tr.low")).to_have_count(0)
        page.click("#approve")
        expect(page.locator("h1")).to_contain_text("已批准")
        expect(page.locator("#history")).to_contain_text("批准赔付")
        shot(page, "review-2-approved")
        context.close()
    with session_scope(db) as session:
        assert session.get(ClaimRow, "CN20260320-0007").status == "approved"
        assert session.scalars(select(FieldRow.corrected_value)
                               .where(FieldRow.name == "total_amount")).one() == "1284.56"


def test_family_status_lookup(app, users, browser: Browser) -> None:
    seed_case(app.state.ctx.config.db_url, "CN20260320-0008", review_due=load_policy().now().date())
    with serve(app) as base:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(f"{base}/status")
        page.fill("[name=claim_id]", "CN20260320-0008")
        page.fill("[name=id_number]", INSURED_ID[:-1] + "9")
        page.click("button[type=submit]")
        expect(page.locator(".error")).to_contain_text("未找到")
        page.fill("[name=claim_id]", "CN20260320-0008")
        page.fill("[name=id_number]", INSURED_ID)
        page.click("button[type=submit]")
        expect(page.locator("#status")).to_have_text("人工审核中")
        expect(page.locator("#expected")).to_have_text(load_policy().now().date().isoformat())
        expect(page.locator("main")).not_to_contain_text("陈秀英")
        shot(page, "family-status")
        context.close()
