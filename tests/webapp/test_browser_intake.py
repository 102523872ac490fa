"""In a real browser on a phone-sized screen: a field worker files a claim and uploads a good photo and a blurred
one over a connection that drops once; each photo gets its card at once and its answer as it comes, the page
retries, says which photo to retake and which document is still missing; the blurred one is removed and
retaken, a photo sent twice is told apart, an incomplete claim is submitted only after a confirmation and then
shows only its status (real OCR, so marked ocr)."""
from __future__ import annotations

import pytest
from playwright.sync_api import Browser, FilePayload, expect

from models.enums import DocType
from tests.webapp.browser import PHONE, shot, sign_in
from tests.webapp.conftest import PASSWORD, REPORT
from tests.webapp.live import serve
from tests.webapp.photos import bad_photo, good_photo

pytestmark = pytest.mark.ocr


def test_phone_upload_bad_photo_and_missing_document(app, users, browser: Browser) -> None:
    with serve(app) as base:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        sign_in(page, base, "field_staff", PASSWORD)
        page.click("text=新建报案")
        for name, value in REPORT.items():
            selector = f"[name={name}]"
            if name in ("claim_type", "relationship", "channel", "transport_mode"):
                if value:
                    page.select_option(selector, value)
            else:
                page.fill(selector, value)
        page.fill("[name=insured_id_number]", "440524195203151225")  # wrong check digit first
        page.click("button[type=submit]")
        expect(page.locator(".field-error")).to_contain_text("身份证号无效")
        shot(page, "intake-1-form-error")
        page.fill("[name=insured_id_number]", REPORT["insured_id_number"])
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_contain_text("报案 CN")
        expect(page.locator("#checklist")).to_contain_text("还缺：身份证、出院小结")

        dropped: list[str] = []

        def drop_first_attempt(route):  # the phone loses its connection once: the page must retry
            if not dropped:
                dropped.append(route.request.url)
                route.abort("internetdisconnected")
            else:
                route.continue_()

        page.route("**/api/claims/*/photos", drop_first_attempt)
        page.evaluate("""() => {  // every state the cards go through, to see the first look before the answer
            window.seen = [];
            const list = document.getElementById("photos");
            new MutationObserver(() => window.seen.push(list.innerText))
                .observe(list, {subtree: true, childList: true, characterData: true});
        }""")
        page.set_input_files("#album input", [
            FilePayload(name="id.jpg", mimeType="image/jpeg", buffer=good_photo(DocType.id_card).jpeg),
            FilePayload(name="summary.jpg", mimeType="image/jpeg", buffer=bad_photo("blur").jpeg),
        ])
        expect(page.locator("#photos li")).to_have_count(2)  # both cards at once, before any answer
        expect(page.locator("#photos li.pending").first).to_contain_text("正在上传并识别")
        expect(page.locator("#submit")).to_be_disabled()  # locked while uploading
        expect(page.locator("#photos li.pending")).to_have_count(0, timeout=60_000)
        assert len(dropped) == 1
        seen = page.evaluate("window.seen")
        assert any("初步识别：身份证" in text and "正在细读" in text for text in seen)  # the first look came first
        assert "正在细读" not in seen[-1]  # the final answers replaced the first looks
        expect(page.locator("#photos")).to_contain_text("照片模糊，请重拍")
        expect(page.locator("#photos li.ok")).to_contain_text("身份证")
        expect(page.locator("#checklist")).to_have_text("还缺：出院小结、费用清单或医疗收费票据")
        expect(page.locator("#submit")).to_be_enabled()
        shot(page, "intake-2-feedback")

        page.set_input_files("#album input", [FilePayload(name="id-again.jpg", mimeType="image/jpeg",
                                                          buffer=good_photo(DocType.id_card).jpeg)])
        expect(page.locator("#photos li.duplicate-card")).to_contain_text("这张照片已经上传过", timeout=60_000)
        page.locator("#photos li.duplicate-card button").click()
        expect(page.locator("#photo-count")).to_have_text("2")

        with page.expect_file_chooser() as chooser:
            page.locator("#photos li.bad button", has_text="移除并重拍").click()
        expect(page.locator("#upload-status")).to_contain_text("已移除，请重新拍这张")
        chooser.value.set_files([FilePayload(name="summary-2.jpg", mimeType="image/jpeg",
                                             buffer=good_photo(DocType.discharge_summary).jpeg)])
        expect(page.locator("#photos li.ok")).to_have_count(2, timeout=60_000)
        expect(page.locator("#checklist")).to_have_text("还缺：费用清单或医疗收费票据")
        assert page.locator("#photos").inner_text().count("照片模糊") == 0
        shot(page, "intake-3-retaken")

        page.click("#submit")
        expect(page.locator("#missing")).to_contain_text("还缺：费用清单或医疗收费票据")
        shot(page, "intake-4-confirm-incomplete")
        page.click("#confirm-incomplete")
        expect(page.locator("main")).to_contain_text("已提交审核")
        page.goto(f"{base}/claims")
        page.locator(".cards a").first.click()
        expect(page.locator("#claim-status")).to_contain_text("此理赔已提交")
        expect(page.locator("#upload")).to_have_count(0)
        expect(page.locator("#submit")).to_have_count(0)
        shot(page, "intake-5-submitted")

        context.close()
