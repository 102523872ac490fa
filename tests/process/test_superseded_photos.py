"""A photo the field staff took out of a claim stays in intake/ but no batch, check or duplicate search uses it."""
from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from pipeline.process.source_run import process_source
from storage.database.repository import find_duplicates, set_superseded
from storage.database.session import session_scope
from storage.database.tables import DocumentRow
from storage.object_store import open_store
from tests.flows.seed import ROSTER_CSV, photo_bytes, seed_claims


def test_the_batch_leaves_out_a_photo_taken_out_of_its_claim(tmp_path: Path) -> None:
    root = tmp_path / "source"
    root.mkdir()
    (root / "roster.csv").write_bytes(ROSTER_CSV)
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    (claim_id,) = seed_claims(str(root), url, 1)  # a clean claim: ID card, discharge summary, invoice, list
    first = process_source(str(root), tmp_path / "first.jsonl", db_url=url, workers=0).decisions[0]
    assert first.route.value == "fast_pay"
    with session_scope(url) as session:
        summary = session.scalars(select(DocumentRow).where(DocumentRow.doc_type == "discharge_summary")).one()
        key, sha = summary.object_key, summary.sha256
        set_superseded(session, claim_id, summary.id, "field_staff")
    again = process_source(str(root), tmp_path / "again.jsonl", db_url=url, workers=0).decisions[0]
    assert again.route.value == "manual_review"
    assert {"code": "MISSING_DOCUMENT", "detail": "discharge_summary"} in [r.model_dump() for r in again.reasons]
    assert key not in {d.object for d in again.documents}
    assert open_store(str(root)).get_bytes(key, 1 << 20) == photo_bytes(key)  # kept, unchanged
    with session_scope(url) as session:
        assert find_duplicates(session, exclude_claim_id="another", sha256=sha) == []  # no duplicate of anything
    assert json.loads((root / "decisions" / f"{claim_id}.json").read_text())["route"] == "manual_review"
