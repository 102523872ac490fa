"""The object store's round trips, run alike on a local folder and on a real SeaweedFS S3 server."""
import contextlib
import hashlib
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from models.errors import IntakeProtected, InvalidClaim, ObjectMissing, StorageUnavailable
from storage.local_store import LocalObjectStore
from storage.object_store import CLAIM_JSON_MAX_BYTES, ObjectStore, ObjectTooLarge, open_store
from storage.s3_store import S3ObjectStore
from tests.fixtures.s3 import S3Server

REPO = Path(__file__).resolve().parents[2]
CLAIM = {
    "claim_id": "CN20260310-0001",
    "claim_type": "hospital_allowance",
    "insured": {"name": "陈秀英", "id_number": "440524195203151224"},
    "accident": {"date": "2026-03-10", "description": "在家中浴室滑倒致右股骨骨折", "transport_mode": None},
    "claimant": {"name": "林志强", "relationship": "child", "phone": "13800138000"},
    "payee": {"name": "陈秀英", "bank": "中国农业银行", "account": "6228480000000000000"},
    "reported_at": "2026-03-20T09:30:00+08:00",
    "channel": "service_point",
}


def claim_json(claim_id: str, **changes: object) -> bytes:
    return json.dumps({**CLAIM, "claim_id": claim_id, **changes}, ensure_ascii=False).encode()


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ObjectStore:
    """An empty store: a temporary folder, or a fresh prefix in the test S3 server's bucket."""
    if request.param == "local":
        return open_store(str(tmp_path))
    return open_store(request.getfixturevalue("s3_source"))


def test_open_store_picks_the_implementation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(open_store(str(tmp_path)), LocalObjectStore)
    monkeypatch.setenv("CLAIMFLOW_S3_ENDPOINT", "127.0.0.1:9")
    monkeypatch.setenv("CLAIMFLOW_S3_ACCESS_KEY", "k")
    monkeypatch.setenv("CLAIMFLOW_S3_SECRET_KEY", "s")
    s3 = open_store("s3://claims/batch/2026-03/")
    assert isinstance(s3, S3ObjectStore)
    assert (s3.bucket, s3.prefix, s3.endpoint) == ("claims", "batch/2026-03", "127.0.0.1:9")
    monkeypatch.delenv("CLAIMFLOW_S3_SECRET_KEY")
    with pytest.raises(StorageUnavailable, match="CLAIMFLOW_S3_SECRET_KEY"):
        open_store("s3://claims")


def test_put_get_stat_hash_round_trip(store: ObjectStore) -> None:
    data = bytes(range(256)) * 1500  # 384,000 bytes: several read chunks
    store.put_bytes("derived/CN1/page-1.png", data, content_type="image/png")
    assert store.get_bytes("derived/CN1/page-1.png", max_bytes=len(data)) == data
    info = store.stat("derived/CN1/page-1.png")
    assert (info.key, info.size) == ("derived/CN1/page-1.png", len(data))
    assert info.last_modified is not None and info.last_modified.tzinfo is not None
    assert store.sha256("derived/CN1/page-1.png") == hashlib.sha256(data).hexdigest()
    assert store.exists("derived/CN1/page-1.png")
    assert not store.exists("derived/CN1/page-2.png")
    store.put_bytes("derived/CN1/page-1.png", b"replaced")  # outside intake/, writes may replace
    assert store.get_bytes("derived/CN1/page-1.png", max_bytes=100) == b"replaced"
    store.delete("derived/CN1/page-1.png")
    assert not store.exists("derived/CN1/page-1.png")


def test_list_objects_is_recursive_sorted_and_prefix_exact(store: ObjectStore) -> None:
    for key in ["reports/b.txt", "reports/a/x.txt", "reports/ab.txt", "decisions/run.jsonl"]:
        store.put_bytes(key, key.encode())
    assert [o.key for o in store.list_objects("reports/")] == ["reports/a/x.txt", "reports/ab.txt", "reports/b.txt"]
    assert [o.key for o in store.list_objects("reports/a")] == ["reports/a/x.txt", "reports/ab.txt"]
    assert [o.key for o in store.list_objects("reports/a/")] == ["reports/a/x.txt"]
    assert next((o.key, o.size) for o in store.list_objects()) == ("decisions/run.jsonl", 19)
    assert store.list_objects("nothing/") == []


def test_claims_and_photos(store: ObjectStore) -> None:
    store.put_intake("intake/CN-B/claim.json", claim_json("CN-B"))
    store.put_intake("intake/CN-A/claim.json", claim_json("CN-A"))
    store.put_intake("intake/CN-A/IMG_2.jpg", b"\xff\xd8jpeg")
    store.put_intake("intake/CN-A/IMG_1.HEIC", b"heic")
    store.put_intake("intake/CN-A/notes.txt", b"any extension is listed")
    store.put_intake("intake/CN-C/IMG_1.jpg", b"photo without claim.json")
    store.put_intake("intake/CN-D/sub/claim.json", claim_json("CN-D"))
    assert store.list_claims() == ["CN-A", "CN-B"]
    assert store.claim_photos("CN-A") == ["intake/CN-A/IMG_1.HEIC", "intake/CN-A/IMG_2.jpg", "intake/CN-A/notes.txt"]
    assert store.claim_photos("CN-B") == []
    assert store.claim_photos("CN-C") == ["intake/CN-C/IMG_1.jpg"]
    claim = store.read_claim("CN-A")
    assert claim.claim_id == "CN-A" and claim.insured.name == "陈秀英"


def test_intake_is_never_overwritten_or_deleted(store: ObjectStore) -> None:
    store.put_intake("intake/CN-A/IMG_1.jpg", b"original")
    with pytest.raises(IntakeProtected, match=r"intake/CN-A/IMG_1\.jpg"):
        store.put_intake("intake/CN-A/IMG_1.jpg", b"replacement")
    with pytest.raises(IntakeProtected):
        store.put_bytes("intake/CN-A/IMG_1.jpg", b"replacement")
    with pytest.raises(IntakeProtected):
        store.put_bytes("intake/CN-A/new.jpg", b"new")
    with pytest.raises(IntakeProtected):
        store.delete("intake/CN-A/IMG_1.jpg")
    with pytest.raises(IntakeProtected):
        store.put_bytes("Intake/CN-A/IMG_1.jpg", b"case trick")
    with pytest.raises(ValueError):
        store.put_bytes("derived/../intake/CN-A/IMG_1.jpg", b"path trick")
    with pytest.raises(ValueError):
        store.put_intake("derived/CN-A/x.jpg", b"put_intake only writes intake/")
    with pytest.raises(ValueError):
        store.put_bytes("roster.csv", b"writes go to decisions/, derived/, reports/ only")
    assert store.get_bytes("intake/CN-A/IMG_1.jpg", max_bytes=100) == b"original"
    assert not store.exists("intake/CN-A/new.jpg")
    assert [o.key for o in store.list_objects("intake/")] == ["intake/CN-A/IMG_1.jpg"]


def test_create_is_atomic_even_without_the_stat(store: ObjectStore) -> None:
    """The create-if-absent write itself refuses an existing key (If-None-Match on S3, link() locally)."""
    store.put_intake("intake/CN-A/IMG_1.jpg", b"original")
    with pytest.raises(IntakeProtected):
        store._write_new("intake/CN-A/IMG_1.jpg", b"racing upload", "image/jpeg")
    assert store.get_bytes("intake/CN-A/IMG_1.jpg", max_bytes=100) == b"original"


def test_size_limit_is_refused(store: ObjectStore) -> None:
    store.put_bytes("derived/big.bin", b"x" * 100_000)
    with pytest.raises(ObjectTooLarge, match=r"derived/big\.bin.*99999"):
        store.get_bytes("derived/big.bin", max_bytes=99_999)
    assert len(store.get_bytes("derived/big.bin", max_bytes=100_000)) == 100_000


def test_missing_object_is_named(store: ObjectStore) -> None:
    for read in (lambda: store.get_bytes("derived/nope.png", 10), lambda: store.stat("derived/nope.png"),
                 lambda: store.sha256("derived/nope.png")):
        with pytest.raises(ObjectMissing, match=r"derived/nope\.png"):
            read()
    with pytest.raises(ObjectMissing, match=r"intake/CN-X/claim\.json"):
        store.read_claim("CN-X")


@pytest.mark.parametrize("raw, field", [
    (b"{not json", "(file)"),
    (b"", "(file)"),
    (claim_json("CN-A", insured={"name": "陈秀英", "id_number": "440524195203151226"}), "insured.id_number"),
    (claim_json("CN-A", claim_type="theft"), "claim_type"),
])
def test_malformed_claim_names_claim_and_field(store: ObjectStore, raw: bytes, field: str) -> None:
    store.put_intake("intake/CN-A/claim.json", raw)
    with pytest.raises(InvalidClaim) as caught:
        store.read_claim("CN-A")
    assert (caught.value.claim, caught.value.field) == ("CN-A", field)


def test_oversized_claim_json_is_an_invalid_claim(store: ObjectStore) -> None:
    store.put_intake("intake/CN-A/claim.json", b" " * (CLAIM_JSON_MAX_BYTES + 1))
    with pytest.raises(InvalidClaim) as caught:
        store.read_claim("CN-A")
    assert (caught.value.claim, caught.value.field) == ("CN-A", "(file)")


def test_bad_keys_are_refused(store: ObjectStore) -> None:
    for key in ["/etc/passwd", "derived/../../x", "derived//x", "derived/x/", "derived\\x", ""]:
        with pytest.raises(ValueError):
            store.get_bytes(key, 10)
    with pytest.raises(ValueError):
        store.claim_photos("CN-A/../CN-B")


def test_missing_folder_is_named(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path / "absent")
    with pytest.raises(ObjectMissing, match="absent"):
        store.list_claims()
    with pytest.raises(ObjectMissing, match="absent"):
        store.put_bytes("decisions/x.jsonl", b"{}")


@pytest.mark.s3
def test_missing_bucket_is_named(s3_server: S3Server) -> None:
    store = open_store("s3://no-such-bucket-claimflow/batch")
    for op in (store.list_claims, lambda: store.exists("intake/A/claim.json"),
               lambda: store.put_bytes("decisions/x.jsonl", b"{}")):
        with pytest.raises(ObjectMissing, match="no-such-bucket-claimflow"):
            op()


@pytest.mark.s3
def test_wrong_secret_is_refused_clearly(s3_server: S3Server, s3_source: str) -> None:
    bucket, _, prefix = s3_source.removeprefix("s3://").partition("/")
    store = S3ObjectStore(bucket, prefix, endpoint=s3_server.endpoint, access_key=s3_server.access_key,
                          secret_key="not-the-secret")
    with pytest.raises(StorageUnavailable, match="CLAIMFLOW_S3_SECRET_KEY"):
        store.list_claims()


@pytest.mark.s3
def test_prefixes_keep_sources_apart(s3_source: str) -> None:
    one, other = open_store(s3_source + "/one"), open_store(s3_source + "/one-more")
    one.put_intake("intake/CN-A/claim.json", claim_json("CN-A"))
    assert other.list_claims() == []
    assert [o.key for o in one.list_objects()] == ["intake/CN-A/claim.json"]
    assert [o.key for o in open_store(s3_source).list_objects()] == ["one/intake/CN-A/claim.json"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        accepted: list[socket.socket] = []
        stop = threading.Event()

        def accept() -> None:
            s.settimeout(0.1)
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    accepted.append(s.accept()[0])

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        yield s.getsockname()[1]
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()


@pytest.mark.parametrize("server", ["closed port", "silent server"])
def test_unreachable_server_fails_fast(server: str, request: pytest.FixtureRequest) -> None:
    port = _closed_port() if server == "closed port" else request.getfixturevalue("silent_server")
    store = S3ObjectStore("claims", endpoint=f"127.0.0.1:{port}", access_key="k", secret_key="s")
    t0 = time.monotonic()
    with pytest.raises(StorageUnavailable, match="not reachable"):
        store.list_claims()
    assert time.monotonic() - t0 < 5.0


def _listening(pid: int) -> set:
    return {c.laddr for c in psutil.Process(pid).net_connections("tcp") if c.status == psutil.CONN_LISTEN}


@pytest.mark.s3
def test_s3_server_script_starts_on_loopback_and_stops(tmp_path: Path) -> None:
    script = [sys.executable, str(REPO / "scripts" / "s3-server")]
    started = subprocess.run([*script, "start", "--state-dir", str(tmp_path), "--bucket", "other"],
                             capture_output=True, text=True, timeout=90, check=True)
    env = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
               if line.startswith("export "))
    state = json.loads((tmp_path / "s3-server.json").read_text())
    try:
        assert env["CLAIMFLOW_S3_ENDPOINT"].startswith("127.0.0.1:") and env == state["env"]
        deadline = time.monotonic() + 10  # the admin server comes up last
        while len(listening := _listening(state["pid"])) < 10 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(listening) >= 10 and {addr.ip for addr in listening} == {"127.0.0.1"}
        store = S3ObjectStore("other", endpoint=env["CLAIMFLOW_S3_ENDPOINT"],
                              access_key=env["CLAIMFLOW_S3_ACCESS_KEY"], secret_key=env["CLAIMFLOW_S3_SECRET_KEY"])
        assert store.list_claims() == []
    finally:
        subprocess.run([*script, "stop", "--state-dir", str(tmp_path)], capture_output=True, timeout=60, check=True)
    assert not psutil.pid_exists(state["pid"]) or psutil.Process(state["pid"]).status() == psutil.STATUS_ZOMBIE
    assert not Path(state["data_dir"]).exists() and not (tmp_path / "s3-server.json").exists()
    tmp = Path(tempfile.gettempdir())
    assert not [sock for port in state["ports"].values() for sock in tmp.glob(f"seaweedfs-*-{port}.sock")]


def test_local_folder_marked_read_only_accepts_no_writes(tmp_path: Path) -> None:
    """A read-only source (like ../shared/samples) is only read, even by root, who could write anyway."""
    (tmp_path / "intake").mkdir()
    store = LocalObjectStore(tmp_path)
    assert store.accepts_writes()
    tmp_path.chmod(0o555)
    try:
        assert not store.accepts_writes()
    finally:
        tmp_path.chmod(0o755)
