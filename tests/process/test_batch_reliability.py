"""The batch on bad input and broken infrastructure: a claim's own problem stays that claim's error in a
queue a person works; a store or database failure stops the batch (exit 6) and overwrites nothing.

Photos are seeded with their Documents already in the extraction cache (tests.flows.seed), so no OCR runs
here; photos that are not read at all (links, FIFOs, bad names, empty or undecodable files) need none.
"""
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import func, select

from pipeline.extract.loading import load_photo
from pipeline.extract.settings import load_settings
from pipeline.process.extraction import PhotoReader
from pipeline.process.settings import load_batch_settings
from pipeline.process.source_run import process_source
from storage.database.session import session_scope
from storage.database.tables import DocumentRow, PaymentRow
from storage.object_store import open_store
from tests.flows.seed import ROSTER_CSV, seed_claims
from tests.validate.factory import INSURED_ID, INSURED_NAME

REPO = Path(__file__).resolve().parents[2]
CLAIMFLOW = REPO / ".venv" / "bin" / "claimflow"


@pytest.fixture
def source(tmp_path: Path) -> tuple[Path, str, dict[str, str]]:
    """A local source with two clean claims whose photos are in the extraction cache, its database URL and
    the claims' kinds."""
    root = tmp_path / "source"
    root.mkdir()
    (root / "roster.csv").write_bytes(ROSTER_CSV)
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    return root, url, seed_claims(str(root), url, 2)


def _claim_json(claim_id: str, **changes: object) -> bytes:
    report = {"claim_id": claim_id, "claim_type": "hospital_allowance",
              "insured": {"name": INSURED_NAME, "id_number": INSURED_ID},
              "accident": {"date": "2025-03-01", "description": "在家中滑倒", "transport_mode": None},
              "claimant": {"name": INSURED_NAME, "relationship": "self", "phone": "13800138000"},
              "payee": {"name": INSURED_NAME, "bank": "中国农业银行", "account": "6228480000000000000"},
              "reported_at": "2025-03-20T09:30:00+08:00", "channel": "service_point", **changes}
    return json.dumps(report, ensure_ascii=False).encode()


def _folder(root: Path, name: str | bytes, claim_json: bytes) -> None:
    folder = os.path.join(os.fsencode(root / "intake"), os.fsencode(name))
    os.makedirs(folder)
    Path(os.fsdecode(folder), "claim.json").write_bytes(claim_json)


def _lines(out: Path) -> dict[str, dict]:
    return {d["claim_id"]: d for d in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


def _reasons(line: dict) -> set[tuple[str, str | None]]:
    return {(r["code"], r["detail"]) for r in line["reasons"]}


def test_bad_folders_and_claim_files_become_error_lines_in_a_queue(source, tmp_path: Path) -> None:
    """Findings 1, 7, 8: a backslash or non-UTF-8 folder name, a claim.json naming another id, a numeric or
    future reported_at: each its folder's error line in the documents queue, recorded as an intake problem;
    nothing published under a name that is no claim id; the good claims paid once each."""
    root, url, kinds = source
    _folder(root, "BAD\\F", _claim_json("BAD\\F"))
    _folder(root, b"BAD\xff", _claim_json("BADFF"))
    _folder(root, "CN20250320-0901", _claim_json("../../etc/passwd"))
    _folder(root, "CN20250320-0902", _claim_json("CN20250320-0902", reported_at=1_760_000_000))
    _folder(root, "CN20250320-0903", _claim_json("CN20250320-0903", reported_at="2099-01-01T09:00:00+08:00"))
    out = tmp_path / "out.jsonl"
    process_source(str(root), out, db_url=url, workers=0)
    lines = _lines(out)
    bad = {"BAD\\F": "(folder)", "BAD\\xff": "(folder)", "CN20250320-0901": "claim_id",
           "CN20250320-0902": "reported_at", "CN20250320-0903": "reported_at"}
    assert set(lines) == set(kinds) | set(bad)
    for claim_id, field in bad.items():
        line = lines[claim_id]
        assert (line["route"], line["queues"]) == ("manual_review", ["documents"])
        assert f"field '{field}'" in line["error"] and "etc/passwd" not in line["error"]
    assert all(lines[c]["route"] == "fast_pay" for c in kinds)
    from storage.database.repository import open_intake_problems  # here, so the other tests run on older code

    with session_scope(url) as session:
        assert {p.folder: p.field for p in open_intake_problems(session)} == bad
        assert session.scalar(select(func.count()).select_from(PaymentRow)) == len(kinds)
    published = sorted(p.name for p in (root / "decisions").iterdir())
    assert published == sorted(f"{c}.json" for c in [*kinds, "CN20250320-0901", "CN20250320-0902",
                                                      "CN20250320-0903"])


def test_a_read_only_database_stops_the_batch_and_overwrites_nothing(source, tmp_path: Path) -> None:
    """Finding 2: with the database read-only the batch exits 6 at once, says so without SQL or personal
    data, writes no output file and leaves every published decision as it was."""
    root, url, kinds = source
    process_source(str(root), tmp_path / "first.jsonl", db_url=url, workers=0)
    published = {p.name: p.read_bytes() for p in (root / "decisions").iterdir()}
    assert len(published) == len(kinds)
    read_only = f"sqlite:///file:{tmp_path / 'claimflow.db'}?mode=ro&uri=true"
    out = tmp_path / "second.jsonl"
    done = subprocess.run([str(CLAIMFLOW), "process", str(root), "--out", str(out), "--db", read_only,
                           "--workers", "0"], capture_output=True, text=True, timeout=300)
    said = done.stdout + done.stderr
    assert done.returncode == 6, said
    assert "read" in said.lower() and "database" in said.lower()
    for secret in ("INSERT", "UPDATE", "SELECT", "[SQL", INSURED_ID, INSURED_NAME, "6228480000000000000"):
        assert secret not in said
    assert not out.exists()
    assert {p.name: p.read_bytes() for p in (root / "decisions").iterdir()} == published


def test_links_and_fifos_are_never_read(source, tmp_path: Path) -> None:
    """Finding 3: a photo that links out of the source, a link to a folder, a FIFO and a claim.json that is a
    link are not read (each said so per object); the outside file's content never reaches the database or
    derived/."""
    root, url, kinds = source
    claim_id = sorted(kinds)[0]
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(b"\xff\xd8\xff\xe0 outside the source")
    folder = root / "intake" / claim_id
    (folder / "shadow.jpg").symlink_to(outside)
    (folder / "etc").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(folder / "pipe.jpg")
    (tmp_path / "outside-claim.json").write_bytes(_claim_json("CN20250320-0904"))
    (root / "intake" / "CN20250320-0904").mkdir()
    (root / "intake" / "CN20250320-0904" / "claim.json").symlink_to(tmp_path / "outside-claim.json")
    out = tmp_path / "out.jsonl"
    result = process_source(str(root), out, db_url=url, workers=0)
    lines = _lines(out)
    for name in ("shadow.jpg", "etc", "pipe.jpg"):
        assert ("UNREADABLE_DOCUMENT", f"intake/{claim_id}/{name}") in _reasons(lines[claim_id])
    notes = {n.object: n.problem for n in result.notes}
    assert "symbolic link" in notes[f"intake/{claim_id}/shadow.jpg"]
    assert "FIFO" in notes[f"intake/{claim_id}/pipe.jpg"]
    assert "claim.json is not read: it is a symbolic link" in lines["CN20250320-0904"]["error"]
    with session_scope(url) as session:
        hashes = set(session.scalars(select(DocumentRow.sha256)))
    assert hashlib.sha256(outside.read_bytes()).hexdigest() not in hashes
    assert not any("outside" in p.read_text(errors="replace") for p in root.glob("derived/**/*.json"))


def test_ocr_workers_die_with_the_batch(tmp_path: Path) -> None:
    """Finding 4: SIGKILL of the process that owns the OCR pool takes its workers with it."""
    script = (
        "import os, sys, time\n"
        "from pipeline.process.extraction import PhotoReader\n"
        "from storage.object_store import open_store\n"
        f"reader = PhotoReader(open_store({str(tmp_path)!r}), 'sqlite://', 'v', 1 << 20, workers=2)\n"
        "pool = reader._ensure_pool()\n"
        "futures = [pool.submit(os.getpid) for _ in range(2)]\n"
        "print(' '.join(str(p) for p in pool._processes), flush=True)\n"
        "time.sleep(600)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 2 and all(psutil.pid_exists(p) for p in workers)
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers)


def test_the_batch_ocr_processes_yield_the_cores_to_uploads(tmp_path: Path) -> None:
    """The batch's OCR workers run at the configured niceness above their parent, so an upload's feedback (read
    in the web process at normal priority) gets the cores first on a shared machine."""
    with PhotoReader(open_store(str(tmp_path)), "sqlite://", "v", 1 << 20, workers=1) as reader:
        worker = reader._ensure_pool().submit(os.nice, 0).result()  # os.nice(0) tells the current niceness
    assert worker == min(19, os.nice(0) + load_batch_settings().ocr_worker_niceness) > os.nice(0)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_identical_empty_or_undecodable_files_are_not_duplicates(source, tmp_path: Path) -> None:
    """Finding 5: the same empty and undecodable files in two claims are unreadable documents, not the same
    document twice."""
    root, url, kinds = source
    for claim_id in kinds:
        (root / "intake" / claim_id / "a.jpg").write_bytes(b"")
        (root / "intake" / claim_id / "b.jpg").write_bytes(b"the same bytes, no photo at all")
    out = tmp_path / "out.jsonl"
    process_source(str(root), out, db_url=url, workers=0)
    for claim_id, line in _lines(out).items():
        codes = {code for code, _ in _reasons(line)}
        assert "DUPLICATE_DOCUMENT" not in codes and "fraud" not in line["queues"]
        assert {("UNREADABLE_DOCUMENT", f"intake/{claim_id}/{n}") for n in ("a.jpg", "b.jpg")} <= _reasons(line)


def test_odd_names_fail_only_their_photo(source, tmp_path: Path) -> None:
    """Finding 6 (names): a backslash, bytes that are not UTF-8 and a control character in photo names make
    those photos unreadable documents shown by a printable name; the claim keeps its other documents."""
    root, url, kinds = source
    claim_id = sorted(kinds)[0]
    folder = os.fsencode(root / "intake" / claim_id)
    for name in (b"IMG\\1.jpg", b"IMG\xff2.jpg", b"IMG\x073.jpg"):
        Path(os.fsdecode(os.path.join(folder, name))).write_bytes(b"\xff\xd8\xff\xe0 not read")
    out = tmp_path / "out.jsonl"
    process_source(str(root), out, db_url=url, workers=0)
    line = _lines(out)[claim_id]
    assert "error" not in line
    shown = {f"intake/{claim_id}/IMG\\1.jpg", f"intake/{claim_id}/IMG\\xff2.jpg", f"intake/{claim_id}/IMG\x073.jpg"}
    assert {("UNREADABLE_DOCUMENT", name) for name in shown} <= _reasons(line)
    assert sum(d["quality"]["usable"] for d in line["documents"]) == 4


def test_stale_temporaries_are_removed_and_oversized_files_never_hashed(source, tmp_path: Path) -> None:
    """Finding 10: half-written files a killed run left (older than the setting) are removed at start, young
    ones and anything under intake/ kept; a file over the size limit is refused from its listing, unhashed."""
    root, url, kinds = source
    claim_id = sorted(kinds)[0]
    (root / "decisions").mkdir()
    stale = root / "decisions" / ".x.json.claimflow-tmp-0001"
    young = root / "decisions" / ".y.json.claimflow-tmp-0002"
    upload = root / "intake" / claim_id / ".p.jpg.claimflow-tmp-0003"
    for path in (stale, young, upload):
        path.write_bytes(b"half")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    os.utime(upload, (old, old))
    with open(root / "intake" / claim_id / "huge.jpg", "wb") as f:
        f.truncate(load_settings().photos.max_bytes + 1)
    out = tmp_path / "out.jsonl"
    result = process_source(str(root), out, db_url=url, workers=0)
    assert not stale.exists() and young.exists() and upload.exists()
    with session_scope(url) as session:
        row = session.scalars(select(DocumentRow).where(DocumentRow.object_key.endswith("huge.jpg"))).one()
        assert (row.sha256, row.quality_usable) == ("", False)
    assert any("over the" in n.problem for n in result.notes if n.object.endswith("huge.jpg"))


def test_only_photo_formats_are_decoded() -> None:
    """Finding 10: an EPS or HTML renamed .jpg is refused by its content before any decoder sees it."""
    limits = load_settings().photos
    for data in (b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n", b"<html><body>x</body></html>",
                 b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"):
        with pytest.raises(Exception) as info:
            load_photo(data, "intake/X/a.jpg", limits)
        assert "not an image in a format we read" in str(info.value)
