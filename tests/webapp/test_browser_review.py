"""In a real browser: a reviewer claims a case from the queue, corrects a low-confidence field and approves;
a family looks up the claim's status, typed in lower case and with spaces."""
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
        expect(page.locator("#done")).to_contain_text("CN20260320-0007")  # the queue is empty now
        page.goto(f"{base}/review/claims/CN20260320-0007")
        expect(page.locator("h1")).to_contain_text("已批准")
        expect(page.locator("#history")).to_contain_text("批准赔付")
        shot(page, "review-2-approved")
        context.close()
    with session_scope(db) as session:
        assert session.get(ClaimRow, "CN20260320-0007").status == "approved"
        assert session.scalars(select(FieldRow.corrected_value)
                               .where(FieldRow.name == "total_amount")).one() == "1284.56"


def test_workspace_field_to_box_zoom_keyboard_approve_and_next_case(app, users, browser: Browser) -> None:
    """Desktop workspace: a field and its box light up together (either way round), zoomed photos scroll to every
    edge, a correction saves without reloading the page, A (confirmed) approves and the next case opens."""
    db = app.state.ctx.config.db_url
    today = load_policy().now().date()
    photo = good_photo(DocType.expense_list).jpeg
    for claim_id in ("CN20260320-0011", "CN20260320-0012"):
        seed_case(db, claim_id, review_due=today, store=app.state.ctx.store, photo=photo)
    with serve(app) as base:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        sign_in(page, base, "reviewer", PASSWORD)
        page.goto(f"{base}/review?queue=verification")
        page.click("text=领取下一件")
        expect(page.locator("h1")).to_contain_text("CN20260320-0011")
        expect(page.locator("#approve")).to_be_in_viewport()  # the decisions are in view without scrolling
        assert page.evaluate("document.querySelector('main').getBoundingClientRect().width") > 1400

        page.locator("tr[data-field=name] th").click()
        expect(page.locator("polygon[data-field=name]")).to_have_class(re.compile(r"\bactive\b"))
        page.locator("polygon[data-field=total_amount]").dispatch_event("click")
        expect(page.locator("tr[data-field=total_amount]")).to_have_class(re.compile(r"\bactive\b"))
        expect(page.locator("tr[data-field=total_amount] input[name=value]")).to_be_focused()

        for _ in range(3):
            page.click("[data-zoom='1.25']")
        edges = page.evaluate("""() => {
            const viewer = document.querySelector('.viewer'), img = viewer.querySelector('img');
            viewer.scrollLeft = 0; viewer.scrollTop = 0;
            const v = viewer.getBoundingClientRect(), a = img.getBoundingClientRect();
            const topLeft = a.left >= v.left - 1 && a.top >= v.top - 1;
            viewer.scrollLeft = viewer.scrollWidth; viewer.scrollTop = viewer.scrollHeight;
            const b = img.getBoundingClientRect();
            return [topLeft, b.right <= v.right + 1 + 20, b.bottom <= v.bottom + 1 + 20, a.width > v.width];
        }""")
        assert edges == [True, True, True, True], edges  # 20 px: room for the scroll bars

        page.locator("tr[data-field=total_amount] input[name=value]").fill("1284.56")
        page.evaluate("window.marker = 'same page'")
        page.keyboard.press("Enter")
        expect(page.locator("tr[data-field=total_amount]")).to_contain_text("已更正（原：1234.56）")
        assert page.evaluate("window.marker") == "same page"  # saved without a reload
        page.keyboard.press("Escape")
        shot(page, "review-3-workspace")

        page.once("dialog", lambda dialog: dialog.accept())
        page.keyboard.press("a")
        expect(page.locator("#done")).to_contain_text("CN20260320-0011")
        expect(page.locator("h1")).to_contain_text("CN20260320-0012")
        expect(page.locator("h1")).to_contain_text("处理人 reviewer")  # the next case, claimed
        shot(page, "review-4-next-case")
        context.close()
    with session_scope(db) as session:
        assert session.get(ClaimRow, "CN20260320-0011").status == "approved"
        assert session.get(ClaimRow, "CN20260320-0012").assigned_reviewer == "reviewer"


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
        expect(page.locator("[name=claim_id]")).to_have_value("CN20260320-0008")  # what was typed is kept
        # typed as people type: lower case, the ID number in groups with spaces
        page.fill("[name=claim_id]", " cn20260320-0008 ")
        page.fill("[name=id_number]", f"{INSURED_ID[:6]} {INSURED_ID[6:14]} {INSURED_ID[14:].lower()}")
        page.click("button[type=submit]")
        expect(page.locator("#status")).to_have_text("人工审核中")
        expect(page.locator("#expected")).to_have_text(load_policy().now().date().isoformat())
        expect(page.locator("main")).not_to_contain_text("陈秀英")
        shot(page, "family-status")
        context.close()
