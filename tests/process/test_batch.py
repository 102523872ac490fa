"""The batch flow behind ``claimflow process``: caps and duplicates across claims in the claim database, the
page hash of re-photographed invoices, and whole runs (real OCR) on a local folder and on S3."""
import hashlib
import io
import json
import random
import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from models.document import Document
from models.policy import load_policy
from models.registry import Roster, load_hospitals
from pipeline.process.duplicates import duplicate_hits
from pipeline.process.extraction import Photo
from pipeline.process.phash import hamming, page_hash
from pipeline.process.source_run import process_source
from pipeline.process.steps import decide_claim
from storage.database.repository import record_document, upsert_claim
from storage.database.tables import ClaimRow
from storage.object_store import open_store
from tests.flows.seed import photo_bytes
from tests.validate.factory import INSURED_ID, claim, doc, roster_entry, stay_docs

POLICY = load_policy()
HOSPITALS = load_hospitals()
ROSTER = Roster([roster_entry()])


def _photos(claim_id: str, docs: list[Document], phash: str | None = None) -> list[Photo]:
    out = []
    for i, d in enumerate(docs):
        obj = f"intake/{claim_id}/IMG_{i}.jpg"
        seed = f"{claim_id}:{i}:{d.doc_type.value}"
        out.append(Photo(d.model_copy(update={"object": obj}), hashlib.sha256(seed.encode()).hexdigest(),
                         phash if d.doc_type.value == "hospital_invoice" else None))
    return out


def _file(session: Session, claim_id: str, report, photos: list[Photo]) -> None:
    report = report.model_copy(update={"claim_id": claim_id})
    upsert_claim(session, report)
    for p in photos:
        record_document(session, claim_id, p.document, sha256=p.sha256, pipeline_version="test", phash=p.phash)
    session.flush()


# --- yearly caps across claims ------------------------------------------------------------------------


def test_allowance_caps_across_claims_and_re_runs(db_session: Session) -> None:
    """Two 100-day stays take the 180 days of the year (90 each); a third stay gets nothing; a claim decided
    again does not count its own earlier decision."""
    stays = [("C-1", "2025-01-10", "2025-04-20", "2025-04-25T10:00:00+08:00"),
             ("C-2", "2025-05-01", "2025-08-09", "2025-08-15T10:00:00+08:00"),
             ("C-3", "2025-09-01", "2025-09-13", "2025-09-20T10:00:00+08:00")]
    decided = {}
    for claim_id, admission, discharge, reported in stays:
        report = claim(accident=admission, reported=reported)
        photos = _photos(claim_id, stay_docs(admission=admission, discharge=discharge, invoice_number=claim_id))
        _file(db_session, claim_id, report, photos)
        decided[claim_id] = decide_claim(db_session, report.model_copy(update={"claim_id": claim_id}), photos,
                                         ROSTER, HOSPITALS, POLICY)
    assert [(d.route.value, d.payable_amount) for d in decided.values()] == [
        ("fast_pay", Decimal("2700.00")), ("fast_pay", Decimal("2700.00")), ("fast_pay", Decimal("0.00"))]
    again = decide_claim(db_session, claim(accident="2025-05-01", reported=stays[1][3]).model_copy(
        update={"claim_id": "C-2"}), _photos("C-2", stay_docs(admission="2025-05-01", discharge="2025-08-09",
                                                              invoice_number="C-2")), ROSTER, HOSPITALS, POLICY)
    assert again.payable_amount == Decimal("2700.00")
    row = db_session.get(ClaimRow, "C-1")
    assert row.review_due == date(2025, 4, 29) and row.payment_due == date(2025, 4, 29)  # 4-27 is a working Sunday


def test_medical_cap_across_claims_counts_only_fast_paid_earlier_claims(db_session: Session) -> None:
    amounts = [("M-1", "9000.00", "4500.00", "2025-03-01"), ("M-2", "9000.00", "4500.00", "2025-04-01"),
               ("M-3", "9000.00", "4500.00", "2025-05-01")]
    paid = []
    for claim_id, total, insured, day in amounts:
        report = claim("medical_expense", accident=day, reported=f"{day[:8]}28T10:00:00+08:00")
        docs = stay_docs(admission=day, discharge=f"{day[:8]}10", total=total, insurance_paid=insured,
                         invoice_number=claim_id)
        photos = _photos(claim_id, docs)
        _file(db_session, claim_id, report, photos)
        paid.append(decide_claim(db_session, report.model_copy(update={"claim_id": claim_id}), photos, ROSTER,
                                 HOSPITALS, POLICY).payable_amount)
    assert paid == [Decimal("4500.00"), Decimal("4500.00"), Decimal("1000.00")]


# --- duplicates across claims ---------------------------------------------------------------------------


def test_duplicates_same_bytes_same_invoice_and_a_confirmed_page_hash(db_session: Session) -> None:
    first = _photos("D-1", stay_docs(invoice_number="4769288049"), phash="f0f0f0f0f0f0f0f0")
    _file(db_session, "D-1", claim(), first)
    # the same invoice number, read on another print
    same_number = _photos("D-2", stay_docs(invoice_number="4769 288049", total="1.00"))
    _file(db_session, "D-2", claim(), same_number)
    assert [(h.other_claim_id, h.matched_on) for h in duplicate_hits(db_session, "D-2", same_number, POLICY)] == [
        ("D-1", "invoice_number")]
    # a near page hash whose fields agree is the same page; one whose amount differs is another invoice
    rephoto = _photos("D-3", stay_docs(invoice_number=("4769288049", 0.2)), phash="f0f0f0f0f0f0f0f3")
    other = _photos("D-4", stay_docs(invoice_number=("1111111111", 0.2), total="999.00"), phash="f0f0f0f0f0f0f0f3")
    for claim_id, photos in (("D-3", rephoto), ("D-4", other)):
        _file(db_session, claim_id, claim(), photos)
    assert {(h.other_claim_id, h.matched_on) for h in duplicate_hits(db_session, "D-3", rephoto, POLICY)} == {
        ("D-1", "phash")}
    assert [h.other_claim_id for h in duplicate_hits(db_session, "D-4", other, POLICY)] == []
    # the same bytes in another claim; ID cards are exempt, and a claim is never its own duplicate
    copied = [Photo(p.document.model_copy(update={"object": f"intake/D-5/{i}.jpg"}), p.sha256, p.phash)
              for i, p in enumerate(first)]
    _file(db_session, "D-5", claim(), copied)
    hits = duplicate_hits(db_session, "D-5", copied, POLICY)
    assert {h.other_claim_id for h in hits if h.matched_on == "sha256"} == {"D-1"}
    assert not any(h.object.endswith("/0.jpg") for h in hits)  # the ID card
    assert all(h.other_claim_id != "D-5" for h in hits)
    # a photo nobody could classify still counts when its bytes are another claim's
    scene = [Photo(doc("other", "intake/D-6/x.jpg"), first[2].sha256)]
    _file(db_session, "D-6", claim(), scene)
    assert [(h.other_claim_id, h.matched_on) for h in duplicate_hits(db_session, "D-6", scene, POLICY)] == [
        ("D-1", "sha256"), ("D-5", "sha256")]


# --- the page hash on real photos -----------------------------------------------------------------------

INVOICE = {"name": "陈秀英", "id_number": INSURED_ID, "hospital": "汕头市中心医院", "invoice_number": "4769288049",
           "admission_date": date(2025, 3, 10), "discharge_date": date(2025, 3, 23), "invoice_date": date(2025, 3, 23),
           "total_amount": 3468.0, "insurance_paid": 2647.21}
OTHER_INVOICE = {**INVOICE, "name": "李玉兰", "invoice_number": "1234509876", "total_amount": 5120.5,
                 "insurance_paid": 3000.0}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture(scope="module")
def extractor():
    from pipeline.extract.stage import Extractor

    return Extractor()


def _shoot(extractor, page, seed: str, difficulty: str) -> tuple[Document, str]:
    from pipeline.extract.loading import load_photo
    from synthetic.dataset import encode_jpeg
    from synthetic.photo import photograph

    image, _ = photograph(page.image, random.Random(seed), difficulty, None, page.full_frame, page.corner_radius)
    data = encode_jpeg(image, 88)
    result = extractor.extract(data, f"{seed}.jpg")
    photo = load_photo(data, f"{seed}.jpg", extractor.settings.photos)
    return result.document, page_hash(photo, result.lines, extractor.settings.page)


@pytest.fixture
def sqlite_session(tmp_path: Path):
    """A session on a migrated SQLite file (the OCR tests run without network, so without PostgreSQL)."""
    from storage.database.migrate import upgrade
    from storage.database.session import make_engine

    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.mark.ocr
def test_a_rephotographed_invoice_is_caught_and_a_different_one_is_not(extractor, sqlite_session: Session) -> None:
    from models.enums import DocType
    from synthetic.render import render_page

    db_session = sqlite_session

    page = render_page(DocType.hospital_invoice, random.Random("inv-a"), INVOICE, layout="electronic")
    same_form = render_page(DocType.hospital_invoice, random.Random("inv-b"), OTHER_INVOICE, layout="electronic")
    other_form = render_page(DocType.hospital_invoice, random.Random("inv-c"), OTHER_INVOICE, layout="paper_inpatient")
    first, h1 = _shoot(extractor, page, "shot-1", "easy")
    second, h2 = _shoot(extractor, page, "shot-2", "normal")
    _, h3 = _shoot(extractor, other_form, "shot-3", "easy")
    third, h4 = _shoot(extractor, same_form, "shot-4", "easy")
    bar = POLICY.thresholds.duplicate_phash_distance
    assert hamming(h1, h2) <= bar < hamming(h1, h3)
    # a different invoice printed on the same form may hash close by: its fields tell it apart
    without_number = {k: v for k, v in second.fields.present().items() if k != "invoice_number"}
    second = second.model_copy(update={"fields": type(second.fields)(**without_number)})
    for claim_id, document, phash in (("P-1", first, h1), ("P-2", second, h2), ("P-3", third, h4)):
        photo = Photo(document.model_copy(update={"object": f"intake/{claim_id}/1.jpg"}), _sha(claim_id), phash)
        _file(db_session, claim_id, claim(), [photo])
    hits = duplicate_hits(db_session, "P-2", [Photo(second.model_copy(update={"object": "intake/P-2/1.jpg"}),
                                                    _sha("P-2"), h2)], POLICY)
    assert [(h.other_claim_id, h.matched_on) for h in hits] == [("P-1", "phash")]
    third_hits = duplicate_hits(db_session, "P-3", [Photo(third.model_copy(update={"object": "intake/P-3/1.jpg"}),
                                                          _sha("P-3"), h4)], POLICY)
    assert third_hits == []


# --- whole runs --------------------------------------------------------------------------------------------

RUN_CLAIMS = ("CN20250804-0006", "CN20260228-0015")  # the smallest: 3 photos each


@pytest.fixture(scope="module")
def source(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two sample claims, a malformed one, the samples' roster and registry, in a fresh folder."""
    root = tmp_path_factory.mktemp("source")
    for claim_id in RUN_CLAIMS:
        shutil.copytree(samples_dir / "intake" / claim_id, root / "intake" / claim_id)
    bad = root / "intake" / "CN20250101-9999"
    bad.mkdir()
    (bad / "claim.json").write_text('{"claim_id": "CN20250101-9999", "claim_type": "hospital_allowance"}')
    for name in ("roster.csv", "hospitals.csv"):
        shutil.copy(samples_dir / name, root / name)
    shutil.copy(samples_dir / "truth.jsonl", root.parent / "truth.jsonl")  # beside the source, not in it
    return root


def _without_time(text: str) -> str:
    return re.sub(r'"decided_at":"[^"]*"', "", text)


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((folder / "intake").rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def first_run(source: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    work = tmp_path_factory.mktemp("run")
    url = f"sqlite:///{work / 'claimflow.db'}"
    before = _hashes(source)
    result = process_source(str(source), work / "first.jsonl", db_url=url, workers=0)
    assert result.extracted == 6 and result.cached == 0
    return work, url, before


@pytest.mark.ocr
def test_process_decides_every_claim_and_never_touches_photos(source: Path, first_run) -> None:
    work, _, before = first_run
    lines = [json.loads(line) for line in (work / "first.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["claim_id"] for d in lines] == ["CN20250101-9999", *RUN_CLAIMS]
    bad, level1, clean = lines
    assert bad["route"] == "manual_review" and "CN20250101-9999" in bad["error"] and bad["reasons"] == []
    assert level1["route"] == "manual_review" and "HOSPITAL_NOT_QUALIFIED" in {r["code"] for r in level1["reasons"]}
    assert clean["route"] == "fast_pay" and clean["payable_amount"] == 390.0 and clean["policy_version"]
    assert (source / "decisions" / f"{RUN_CLAIMS[1]}.json").read_text(encoding="utf-8").strip() == \
        (work / "first.jsonl").read_text(encoding="utf-8").splitlines()[2]
    assert _hashes(source) == before


@pytest.mark.ocr
def test_a_second_run_gives_the_same_lines_from_the_cache(source: Path, first_run) -> None:
    work, url, _ = first_run
    claimflow = Path(sys.executable).with_name("claimflow")
    done = subprocess.run([str(claimflow), "process", str(source), "--out", str(work / "second.jsonl"), "--db", url],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "fast-pay" in done.stdout and "0 / 6" in done.stdout  # nothing extracted again
    first = (work / "first.jsonl").read_text(encoding="utf-8")
    second = (work / "second.jsonl").read_text(encoding="utf-8")
    assert _without_time(first) == _without_time(second)
    stamps = [[json.loads(line)["decided_at"] for line in text.splitlines()] for text in (first, second)]
    assert all(a <= b for a, b in zip(*stamps))  # decided again (the same second is possible), never earlier


@pytest.mark.ocr
def test_no_personal_data_in_plain_text_in_the_database_or_derived(source: Path, first_run) -> None:
    """The insured's name and ID number, the claimant's phone, the bank account and the diagnoses are in
    neither the database file's raw bytes nor any object under derived/ (which the run did write)."""
    _work, url, _ = first_run
    secrets: set[str] = set()
    for claim_id in RUN_CLAIMS:
        report = json.loads((source / "intake" / claim_id / "claim.json").read_text(encoding="utf-8"))
        secrets |= {report["insured"]["name"], report["insured"]["id_number"], report["claimant"]["phone"],
                    report["payee"]["account"]}
    truth = [json.loads(line) for line in (source.parent / "truth.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["claim_id"] in RUN_CLAIMS] if (source.parent / "truth.jsonl").exists() else []
    secrets |= {d["fields"]["diagnosis"] for t in truth for d in t["documents"] if "diagnosis" in d["fields"]}
    derived = [p for p in (source / "derived").rglob("*") if p.is_file()]
    assert derived, "the run wrote nothing under derived/: the check would be empty"
    db_file = Path(url.removeprefix("sqlite:///"))
    stored = [*(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*")), *(p.read_bytes() for p in derived)]
    for secret in secrets:
        assert not any(secret.encode() in raw for raw in stored), f"{secret!r} stored in plain text"


ROSTER_CSV = ("id_number,name,birth_date,town,covered_from,covered_to\n"
              f"{INSURED_ID},陈秀英,1952-03-15,峡山街道,2025-01-01,2026-12-31\n").encode()


def _seed_cached_claim(source: str, url: str, claim_id: str = "CN20250414-0001") -> None:
    """A claim whose photos are all in the extraction cache already (Documents and derived page data)."""
    from pipeline import PIPELINE_VERSION
    from pipeline.process.extraction import derived_key
    from storage.database.migrate import upgrade
    from storage.database.repository import cache_document
    from storage.database.session import session_scope

    upgrade(url)
    store = open_store(source)
    report = claim(accident="2025-03-15", reported="2025-04-14T17:13:48+08:00").model_copy(
        update={"claim_id": claim_id})
    store.put_intake(f"intake/{claim_id}/claim.json", report.model_dump_json().encode())
    with session_scope(url) as session:
        for i, document in enumerate(stay_docs(admission="2025-03-15", discharge="2025-03-28")):
            data = photo_bytes(f"{claim_id} {i}")
            store.put_intake(f"intake/{claim_id}/IMG_{i}.jpg", data)
            sha = hashlib.sha256(data).hexdigest()
            cache_document(session, sha, PIPELINE_VERSION, document)
            store.put_bytes(derived_key(PIPELINE_VERSION, sha), json.dumps({"phash": None, "text": ""}).encode())


def test_cached_run_twice_with_a_broken_claim(tmp_path: Path) -> None:
    """A local source without OCR: the same lines twice (apart from decided_at), an error line for a claim
    whose claim.json is broken, decisions/ written, the photos untouched."""
    source = tmp_path / "source"
    source.mkdir()
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    _seed_cached_claim(str(source), url)
    (source / "intake" / "CN20250101-0002").mkdir()
    (source / "intake" / "CN20250101-0002" / "claim.json").write_text("{not json")
    (source / "roster.csv").write_bytes(ROSTER_CSV)
    before = _hashes(source)
    first = process_source(str(source), tmp_path / "first.jsonl", db_url=url, workers=0)
    second = process_source(str(source), tmp_path / "second.jsonl", db_url=url, workers=0)
    assert (first.cached, first.extracted, second.cached) == (4, 0, 4)
    lines = (tmp_path / "first.jsonl").read_text(encoding="utf-8").splitlines()
    broken, good = (json.loads(line) for line in lines)
    assert broken["claim_id"] == "CN20250101-0002" and broken["route"] == "manual_review"
    assert "not valid JSON" in broken["error"]
    assert (good["route"], good["payable_amount"], good["reasons"]) == ("fast_pay", 390.0, [])
    assert _without_time((tmp_path / "first.jsonl").read_text(encoding="utf-8")) == \
        _without_time((tmp_path / "second.jsonl").read_text(encoding="utf-8"))
    assert (source / "decisions" / "CN20250414-0001.json").exists()
    assert _hashes(source) == before


@pytest.mark.s3
def test_process_reads_an_s3_source_with_cached_photos(s3_server, s3_source: str, tmp_path: Path) -> None:
    """An s3:// source end to end, every photo already in the cache (no OCR in this test)."""
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    _seed_cached_claim(s3_source, url)
    prefix = s3_source.removeprefix(f"s3://{s3_server.bucket}/")
    s3_server.client().put_object(s3_server.bucket, f"{prefix}/roster.csv", io.BytesIO(ROSTER_CSV), len(ROSTER_CSV))
    result = process_source(s3_source, tmp_path / "s3.jsonl", db_url=url, workers=0)
    assert (result.cached, result.extracted) == (4, 0)
    decision = json.loads((tmp_path / "s3.jsonl").read_text(encoding="utf-8"))
    assert (decision["route"], decision["payable_amount"]) == ("fast_pay", 390.0)
    assert json.loads(open_store(s3_source).get_bytes("decisions/CN20250414-0001.json", 1 << 20)) == decision
    assert decision["documents"][0]["object"] == "intake/CN20250414-0001/IMG_0.jpg"


# --- the generated claim set of bench/triage.py ------------------------------------------------------------


def test_generated_set_plants_every_reason_code_five_times() -> None:
    from collections import Counter

    from models.claim import ClaimReport
    from models.enums import ReasonCode
    from synthetic.claims import _claim_json, plan

    claims = plan(150, 3, POLICY)
    planted = Counter(code for c in claims for code in c.reasons)
    assert all(planted[code] >= 5 for code in ReasonCode), planted
    assert len({c.claim_id for c in claims}) == 150
    assert sum(not c.reasons for c in claims) >= 40  # clean claims the truth fast-pays
    for c in claims:
        ClaimReport.model_validate(_claim_json(c, random.Random(c.claim_id)))


@pytest.mark.ocr
def test_derived_artefacts_kept_beside_the_decisions(source: Path, first_run) -> None:
    """Each extracted photo leaves its OCR lines (text, confidence, box) and its flattened page in derived/,
    sealed with the data keyring."""
    import cv2
    import numpy as np

    from pipeline import PIPELINE_VERSION
    from storage.crypto import keyring

    ring = keyring()
    kept = [json.loads(ring.decrypt_bytes(p.read_bytes()))
            for p in (source / "derived" / "ocr" / PIPELINE_VERSION).glob("*.json")]
    pages = sorted((source / "derived" / "page" / PIPELINE_VERSION).glob("*.jpg"))
    assert all(ring.sealed_with(p.read_bytes()) for p in pages)
    assert len(kept) == 6 and len(pages) == sum(k["phash"] is not None for k in kept) >= 5
    assert all(set(line) == {"text", "confidence", "box"} for k in kept for line in k["lines"])
    assert all(k["text"] == "\n".join(line["text"] for line in k["lines"]) for k in kept)
    page = cv2.imdecode(np.frombuffer(ring.decrypt_bytes(pages[0].read_bytes()), np.uint8), cv2.IMREAD_UNCHANGED)
    assert page.ndim == 2 and min(page.shape) >= 300
