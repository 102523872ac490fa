"""axe-core (from the npm registry, installed by scripts/install) run by Playwright in Debian's chromium on the
field-staff, reviewer and family pages: no serious or critical WCAG 2 A/AA violation."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from models.enums import DocType
from models.policy import load_policy
from storage.database.session import session_scope
from storage.database.tables import ClaimRow
from tests.webapp.browser import DESKTOP, PHONE, sign_in
from tests.webapp.conftest import PASSWORD
from tests.webapp.live import serve
from tests.webapp.photos import good_photo
from tests.webapp.seed import INSURED_ID, seed_case

AXE = Path(__file__).resolve().with_name("axe") / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def _violations(page: Page) -> list[str]:
    """The page's serious and critical axe violations, each with the elements it found."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']}))
        .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))""")
    return [f"{v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in found if v["impact"] in BLOCKING]


@pytest.fixture(scope="module")
def axe_ready() -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run scripts/install (it installs axe-core with npm)")


def test_field_staff_and_family_pages_on_a_phone(app, users, browser: Browser, axe_ready) -> None:
    db = app.state.ctx.config.db_url
    seed_case(db, "CN20260320-0031", review_due=load_policy().now().date(), store=app.state.ctx.store,
              photo=good_photo(DocType.expense_list).jpeg)
    with serve(app) as base:
        context = browser.new_context(**PHONE, bypass_csp=True)  # axe goes in as a script of its own
        page = context.new_page()
        problems = {}
        page.goto(f"{base}/status")
        problems["/status"] = _violations(page)
        page.fill("[name=claim_id]", "CN20260320-0031")
        page.fill("[name=id_number]", INSURED_ID)
        page.click("button[type=submit]")
        problems["/status (found)"] = _violations(page)
        sign_in(page, base, "field_staff", PASSWORD)
        with session_scope(db) as session:  # the field worker's own claim, still taking photos
            claim = session.get(ClaimRow, "CN20260320-0031")
            claim.created_by, claim.status = "field_staff", "received"
        for path in ("/claims", "/claims/new"):
            page.goto(base + path)
            problems[path] = _violations(page)
        page.click("main button[type=submit]")  # the form with every field missing: messages beside the fields
        problems["/claims/new (errors)"] = _violations(page)
        page.goto(f"{base}/claims/CN20260320-0031")
        problems["/claims/<id> (taking photos)"] = _violations(page)
        context.close()
    assert all(not v for v in problems.values()), problems


def test_reviewer_pages_on_a_desktop(app, users, browser: Browser, axe_ready) -> None:
    db = app.state.ctx.config.db_url
    seed_case(db, "CN20260320-0032", review_due=load_policy().now().date(), store=app.state.ctx.store,
              photo=good_photo(DocType.expense_list).jpeg)
    with serve(app) as base:
        context = browser.new_context(**DESKTOP, bypass_csp=True)
        page = context.new_page()
        sign_in(page, base, "reviewer", PASSWORD)
        problems = {}
        page.goto(f"{base}/review?queue=verification")
        problems["/review"] = _violations(page)
        page.click("text=领取下一件")
        page.wait_for_selector("#approve")
        problems["/review/claims/…"] = _violations(page)
        context.close()
    assert all(not v for v in problems.values()), problems


def test_the_check_finds_what_it_should(browser: Browser, axe_ready) -> None:
    """The check itself: an image without alternative text and a button without a name are found."""
    page = browser.new_page()
    page.set_content('<html lang="zh-CN"><title>t</title><main><img src="data:,"><button></button></main></html>')
    found = _violations(page)
    page.close()
    assert any(v.startswith("image-alt") for v in found) and any(v.startswith("button-name") for v in found), found
