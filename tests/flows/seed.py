"""Seeded claim sets whose photos are already in the extraction cache (the flow tests need no OCR)."""
import hashlib
import json
import random

from pipeline import PIPELINE_VERSION
from pipeline.process.extraction import derived_key
from storage.database.migrate import upgrade
from storage.database.repository import cache_document
from storage.database.session import session_scope
from storage.object_store import open_store
from tests.validate.factory import INSURED_ID, claim, stay_docs, valid_id

# Twelve insured people born 1952-03-15 (the factory's insured first): the claims take turns among them, so
# no one's 180 days a year (policy.md) binds even in the largest set (336 claims of at most 4 days: 28 each,
# at most 112 days).
INSURED_IDS = [INSURED_ID] + [valid_id(f"44052419520315{100 + k:03d}") for k in range(11)]
ROSTER_CSV = ("id_number,name,birth_date,town,covered_from,covered_to\n" + "".join(
    f"{id_number},陈秀英,1952-03-15,峡山街道,2025-01-01,2026-12-31\n" for id_number in INSURED_IDS)).encode()


JPEG_START = b"\xff\xd8\xff\xe0"


def photo_bytes(label: str) -> bytes:
    """Bytes unique to ``label`` that start as a JPEG does (only photo formats are read); never decoded,
    because their Document is put in the extraction cache."""
    return JPEG_START + f"photo {label}".encode()


def add_photo(source: str, url: str, key: str, document) -> None:
    """Upload a photo whose bytes are unique to ``key`` and put its Document in the extraction cache."""
    store = open_store(source)
    data = photo_bytes(key)
    store.put_intake(key, data)
    sha = hashlib.sha256(data).hexdigest()
    with session_scope(url) as session:
        cache_document(session, sha, PIPELINE_VERSION, document)
    store.put_bytes(derived_key(PIPELINE_VERSION, sha), json.dumps({"phash": None, "text": ""}).encode())


MISSING, EXCLUDED, CLEAN = "missing_document", "possible_exclusion", "fast_pay"


def seed_claims(source: str, url: str, n: int, seed: int = 0, first: int = 0) -> dict[str, str]:
    """``n`` hospital-allowance claims of the insured in ROSTER_CSV, in turn, with short stays, reported through
    2025: of every five, one lacks its discharge summary, one has an exclusion term in its diagnosis, three are
    clean. Returns
    claim id → MISSING, EXCLUDED or CLEAN; ``first`` numbers them on from an earlier set (up to 336 in all).
    (The roster is ROSTER_CSV.)"""
    upgrade(url)
    rng = random.Random(seed)
    kinds = {}
    for i in range(first, first + n):
        claim_id = f"CN2025{i // 28 + 1:02d}{i % 28 + 1:02d}-{i:04d}"
        month, day = i // 28 + 1, i % 28 + 1
        admission = f"2025-{month:02d}-{day:02d}"
        discharge = f"2025-{month:02d}-{min(day + rng.randint(1, 4), 28):02d}"
        id_number = INSURED_IDS[i % len(INSURED_IDS)]
        report = claim(accident=admission, reported=f"2025-{month:02d}-28T{10 + i % 8:02d}:00:00+08:00",
                       id_number=id_number).model_copy(
            update={"claim_id": claim_id})
        store = open_store(source)
        store.put_intake(f"intake/{claim_id}/claim.json", report.model_dump_json().encode())
        kind = {4: MISSING, 2: EXCLUDED}.get(i % 5, CLEAN)
        docs = stay_docs(admission=admission, discharge=discharge, invoice_number=f"47{i:08d}", id_number=id_number,
                         diagnosis="急性酒精中毒（醉酒状态）" if kind == EXCLUDED else "右股骨颈骨折")
        if kind == MISSING:
            docs = [d for d in docs if d.doc_type.value != "discharge_summary"]
        for j, document in enumerate(docs):
            add_photo(source, url, f"intake/{claim_id}/IMG_{j}.jpg", document)
        kinds[claim_id] = kind
    return kinds
