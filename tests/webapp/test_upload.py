"""Field-staff upload with real OCR on generated photos: per-photo feedback, the checklist, photos kept as sent."""
from __future__ import annotations

import pytest

from models.enums import DocType
from storage.database.session import session_scope
from storage.database.tables import ClaimRow, DocumentRow
from tests.webapp.conftest import file_claim
from tests.webapp.photos import bad_photo, good_photo

pytestmark = pytest.mark.ocr


def _upload(client, token: str, claim_id: str, name: str, data: bytes) -> dict:
    response = client.post(f"/api/claims/{claim_id}/photos", data={"csrf_token": token},
                           files={"photo": (name, data, "image/jpeg")})
    assert response.status_code == 200, response.text
    return response.json()


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
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    _upload(client, token, claim_id, "id.jpg", good_photo(DocType.id_card).jpeg)
    response = client.post(f"/claims/{claim_id}/submit", data={"csrf_token": token})
    assert response.status_code == 200 and "已提交审核" in response.text
    with session_scope(app.state.ctx.config.db_url) as session:
        claim = session.get(ClaimRow, claim_id)
        assert claim.status in ("processing", "in_review", "decided")
        assert len(session.query(DocumentRow).filter_by(claim_id=claim_id).all()) == 1
