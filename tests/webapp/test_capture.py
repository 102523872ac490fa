"""The capture flow's server side (no OCR: the photos' documents are recorded directly): a photo taken out of the
claim stays in intake/ and leaves the checklist, an incomplete claim is submitted only once confirmed, and a
submitted claim shows only its status."""
from __future__ import annotations

from models.document import Document, Quality
from models.enums import DocType
from storage.database.repository import record_document
from storage.database.session import session_scope
from storage.database.tables import ClaimRow, DocumentRow
from tests.webapp.conftest import file_claim


def _photo(app, claim_id: str, name: str, doc_type: DocType) -> int:
    """A photo in intake/ with its document recorded as the upload would; its document id."""
    key = f"intake/{claim_id}/{name}"
    app.state.ctx.store.put_intake(key, f"photo {name}".encode(), "image/jpeg")
    with session_scope(app.state.ctx.config.db_url) as session:
        row = record_document(session, claim_id, Document(object=key, doc_type=doc_type, confidence=0.95,
                                                          quality=Quality(usable=True)),
                              sha256=key.encode().hex()[:64].ljust(64, "0"), pipeline_version="test")
        return row.id


def test_remove_confirm_incomplete_and_status_only(client_for, app) -> None:
    client, token = client_for("field_staff")
    claim_id = file_claim(client, token)
    _photo(app, claim_id, "photo-001.jpg", DocType.id_card)
    wrong = _photo(app, claim_id, "photo-002.jpg", DocType.discharge_summary)
    assert "还缺：费用清单或医疗收费票据" in client.get(f"/claims/{claim_id}").text

    removed = client.post(f"/api/claims/{claim_id}/photos/{wrong}/remove", data={"csrf_token": token}).json()
    assert removed == {"removed": wrong, "missing": ["出院小结", "费用清单或医疗收费票据"]}
    assert app.state.ctx.store.exists(f"intake/{claim_id}/photo-002.jpg")  # kept, never deleted
    with session_scope(app.state.ctx.config.db_url) as session:
        row = session.get(DocumentRow, wrong)
        assert row.superseded_at is not None and row.superseded_by == "field_staff"
    page = client.get(f"/claims/{claim_id}").text
    assert "已移除的照片（1，仍留存备查）" in page and 'id="photo-count">1<' in page

    asked = client.post(f"/claims/{claim_id}/submit", data={"csrf_token": token})
    assert asked.status_code == 200 and "还缺：出院小结、费用清单或医疗收费票据" in asked.text
    with session_scope(app.state.ctx.config.db_url) as session:
        assert session.get(ClaimRow, claim_id).status == "received"  # nothing submitted without a confirmation
    done = client.post(f"/claims/{claim_id}/submit", data={"csrf_token": token, "incomplete": "confirmed"})
    assert done.status_code == 200 and "已提交审核" in done.text

    page = client.get(f"/claims/{claim_id}").text
    assert 'id="claim-status"' in page and 'id="upload"' not in page and 'id="submit"' not in page
    late = client.post(f"/api/claims/{claim_id}/photos/{wrong}/remove", data={"csrf_token": token})
    assert late.status_code == 409 and late.json()["error"] == "理赔已提交，不能再移除照片"


def test_a_stranger_cannot_remove_a_photo(client_for, app) -> None:
    owner, token = client_for("field_staff")
    claim_id = file_claim(owner, token)
    photo = _photo(app, claim_id, "photo-001.jpg", DocType.id_card)
    other, other_token = client_for("field_staff2")
    assert other.post(f"/api/claims/{claim_id}/photos/{photo}/remove",
                      data={"csrf_token": other_token}).status_code == 403
    with session_scope(app.state.ctx.config.db_url) as session:
        assert session.get(DocumentRow, photo).superseded_at is None
