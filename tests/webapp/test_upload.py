"""Field-staff upload with real OCR on generated photos: per-photo feedback, the checklist, photos kept as sent."""
from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from models.enums import DocType
from pipeline.flows.selection import intake_listing
from storage.database.repository import current_decision
from storage.database.session import session_scope
from storage.database.tables import ClaimRow, DocumentRow
from tests.webapp.conftest import PASSWORD, REPORT, file_claim, make_config, sign_in
from tests.webapp.photos import bad_photo, good_photo
from webapp.accounts import create_user
from webapp.app import create_app

pytestmark = pytest.mark.ocr


def _answers(client, token: str, claim_id: str, name: str, data: bytes) -> list[dict]:
    response = client.post(f"/api/claims/{claim_id}/photos", data={"csrf_token": token},
                           files={"photo": (name, data, "image/jpeg")})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/x-ndjson"
    return [json.loads(line) for line in response.text.splitlines()]


def _upload(client, token: str, claim_id: str, name: str, data: bytes) -> dict:
    answers = _answers(client, token, claim_id, name, data)
    assert answers[-1]["stage"] == "final"
    return answers[-1]


def test_a_first_look_comes_before_the_final_answer(client_for) -> None:
    """The glance (quality before reading, the likely type) is its own line, sent before the full reading."""
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    glance, final = _answers(client, token, claim_id, "id.jpg", good_photo(DocType.id_card).jpeg)
    assert glance == {"stage": "glance", "usable": True, "issues": [], "messages": [], "doc_type": "id_card",
                      "doc_type_label": "身份证"}
    assert (final["stage"], final["doc_type"], final["usable"]) == ("final", "id_card", True)
    glance, final = _answers(client, token, claim_id, "blur.jpg", bad_photo("blur").jpeg)
    assert (glance["usable"], glance["messages"]) == (False, ["照片模糊，请重拍"])
    assert not final["usable"] and "照片模糊，请重拍" in final["messages"]
    only = _answers(client, token, claim_id, "id-again.jpg", good_photo(DocType.id_card).jpeg)
    assert [a["stage"] for a in only] == ["final"] and only[0]["duplicate"] is True  # nothing to look at again


def test_feedback_per_photo_and_checklist(client_for, app) -> None:
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    id_card = good_photo(DocType.id_card)
    first = _upload(client, token, claim_id, "id.jpg", id_card.jpeg)
    assert (first["doc_type"], first["usable"], first["messages"]) == ("id_card", True, [])
    assert first["doc_type_label"] == "身份证"
    assert first["missing"] == ["出院小结", "费用清单或医疗收费票据"]

    blurred = _upload(client, token, claim_id, "blur.jpg", bad_photo("blur").jpeg)
    assert not blurred["usable"] and "照片模糊，请重拍" in blurred["messages"]
    assert blurred["missing"] == ["出院小结", "费用清单或医疗收费票据"]  # a blurred summary does not count

    page = client.get(f"/claims/{claim_id}").text
    assert "还缺：出院小结、费用清单或医疗收费票据" in page and "照片模糊，请重拍" in page and "身份证" in page
    store = app.state.ctx.store
    keys = store.claim_photos(claim_id)
    assert len(keys) == 2 and store.get_bytes(keys[0], 10**8) == id_card.jpeg  # stored exactly as sent


def test_the_same_photo_twice_is_stored_once(client_for, app) -> None:
    """An upload retried after a lost answer must not add a second copy."""
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    photo = good_photo(DocType.id_card)
    _upload(client, token, claim_id, "id.jpg", photo.jpeg)
    again = _upload(client, token, claim_id, "id-again.jpg", photo.jpeg)
    assert again["duplicate"] is True and again["doc_type"] == "id_card"
    assert len(app.state.ctx.store.claim_photos(claim_id)) == 1


def test_submit_hands_the_claim_over(client_for, app) -> None:
    """Until it is submitted the claim has no claim.json, so no batch or trigger decides it half-photographed."""
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    _upload(client, token, claim_id, "id.jpg", good_photo(DocType.id_card).jpeg)
    store = app.state.ctx.store
    assert claim_id not in store.list_claims() and claim_id not in intake_listing(store)
    asked = client.post(f"/claims/{claim_id}/submit", data={"csrf_token": token})  # only an ID card so far
    assert "还缺：出院小结、费用清单或医疗收费票据" in asked.text and claim_id not in store.list_claims()
    response = client.post(f"/claims/{claim_id}/submit", data={"csrf_token": token, "incomplete": "confirmed"})
    assert response.status_code == 200 and "已提交审核" in response.text
    assert claim_id in store.list_claims() and claim_id in intake_listing(store)
    assert store.read_claim(claim_id).insured.name == REPORT["insured_name"]
    with session_scope(app.state.ctx.config.db_url) as session:
        claim = session.get(ClaimRow, claim_id)
        assert claim.status in ("processing", "in_review", "decided")
        assert len(session.query(DocumentRow).filter_by(claim_id=claim_id).all()) == 1


def test_submitted_claim_is_routed_into_a_review_queue(web_db_url, tmp_path) -> None:
    """The submission seam decides the claim from the extraction done at upload: with only an ID card it goes
    to the documents queue with the missing documents as reasons."""
    roster = tmp_path / "roster.csv"
    roster.write_text("id_number,name,birth_date,town,covered_from,covered_to\n"
                      f"{REPORT['insured_id_number']},{REPORT['insured_name']},1952-03-15,陈店镇,2025-01-01,2026-12-31\n",
                      encoding="utf-8")
    config = make_config(web_db_url, tmp_path / "store").model_copy(update={"roster": roster})
    app = create_app(config)
    with session_scope(web_db_url) as session:
        create_user(session, "worker", PASSWORD, "field_staff")
    with TestClient(app) as client:
        token = sign_in(client, "worker")
        claim_id = file_claim(client, token)
        _upload(client, token, claim_id, "id.jpg", good_photo(DocType.id_card).jpeg)
        client.post(f"/claims/{claim_id}/submit", data={"csrf_token": token, "incomplete": "confirmed"})
    with session_scope(web_db_url) as session:
        claim = session.get(ClaimRow, claim_id)
        reasons = current_decision(session, claim_id).reasons
    assert (claim.status, claim.queue) == ("in_review", "documents")
    assert {"code": "MISSING_DOCUMENT", "detail": "discharge_summary"} in reasons
    assert app.state.ctx.store.exists(f"decisions/{claim_id}.json")  # published like the batch does
