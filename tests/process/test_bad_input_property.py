"""A property of the batch, over random bad claim folders and random bad photo bytes (Hypothesis): it
finishes, writes one line per claim folder, decides every valid claim as it decides it alone, reads
nothing outside the source and writes nothing under intake/.

The valid claims' photos are in the extraction cache (tests.flows.seed); a bad photo that decodes (a tiny
PNG, random bytes that happen to be one) goes through the real OCR stage, hence the ``ocr`` mark.
"""
import json
import os
import random
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract.settings import load_settings
from pipeline.process.source_run import process_source
from storage.object_store import printable
from synthetic.bad_inputs import (
    FOLDER_KINDS,
    PHOTO_KINDS,
    intake_snapshot,
    outside_photo,
    plant_bad_folder,
    plant_bad_photos,
    plant_valid_claim,
)
from tests.flows.seed import ROSTER_CSV, seed_claims

pytestmark = pytest.mark.ocr
MAGIC = (b"", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"\x00\x00\x00\x18ftypheic")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A source of three valid claims (photos cached) with its database before any batch, and the lines a
    batch gives them alone (without decided_at)."""
    work = tmp_path_factory.mktemp("template")
    (work / "source").mkdir()
    (work / "source" / "roster.csv").write_bytes(ROSTER_CSV)
    seed_claims(str(work / "source"), f"sqlite:///{work / 'template.db'}", 3)
    alone = work / "alone"
    shutil.copytree(work / "source", alone / "source")
    shutil.copy(work / "template.db", alone / "claimflow.db")
    process_source(str(alone / "source"), alone / "out.jsonl", db_url=f"sqlite:///{alone / 'claimflow.db'}",
                   workers=0)
    return work, {d["claim_id"]: _timeless(d) for d in _read(alone / "out.jsonl")}


def _read(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _timeless(line: dict) -> str:
    return json.dumps({k: v for k, v in line.items() if k != "decided_at"}, sort_keys=True, ensure_ascii=False)


@settings(max_examples=int(os.environ.get("CLAIMFLOW_PROPERTY_EXAMPLES", "15")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(folder_kinds=st.lists(st.sampled_from(FOLDER_KINDS), max_size=4),
       photo_claims=st.lists(st.lists(st.sampled_from(PHOTO_KINDS), min_size=1, max_size=3), max_size=3),
       raw_photos=st.lists(st.tuples(st.sampled_from(MAGIC), st.binary(max_size=600)), max_size=4),
       raw_claim=st.one_of(st.none(), st.binary(max_size=300), st.text(max_size=200)),
       seed=st.integers(0, 2**16))
def test_bad_inputs_never_cost_a_valid_claim(template, folder_kinds, photo_claims, raw_photos, raw_claim,
                                             seed) -> None:
    work, alone = template
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        shutil.copytree(work / "source", source, symlinks=True)
        shutil.copy(work / "template.db", Path(tmp) / "claimflow.db")
        outside = Path(tmp) / "outside.jpg"
        outside_sha = outside_photo(outside)
        folders = {printable(plant_bad_folder(source, kind, n, rng, outside).folder)
                   for n, kind in enumerate(folder_kinds)}
        for n, kinds in enumerate(photo_claims, start=100):
            bad = plant_bad_photos(source, kinds, n, rng, outside, over_limit=load_settings().photos.max_bytes + 1)
            folders.add(bad[0].folder)
        if raw_photos:
            folder = plant_valid_claim(source, "RAWPHOTOS-0001", rng)
            for i, (magic, body) in enumerate(raw_photos):
                (folder / f"raw-{i}.jpg").write_bytes(magic + body)
            folders.add(folder.name)
        if raw_claim is not None:
            (source / "intake" / "RAWCLAIM-0001").mkdir()
            data = raw_claim if isinstance(raw_claim, bytes) else raw_claim.encode("utf-8", "surrogateescape")
            (source / "intake" / "RAWCLAIM-0001" / "claim.json").write_bytes(data)
            folders.add("RAWCLAIM-0001")
        before = intake_snapshot(source)

        out = Path(tmp) / "out.jsonl"
        process_source(str(source), out, db_url=f"sqlite:///{Path(tmp) / 'claimflow.db'}", workers=0)

        lines = {d["claim_id"]: d for d in _read(out)}
        assert len(_read(out)) == len(lines) == len(alone) + len(folders)
        assert set(lines) == set(alone) | folders
        assert {c: _timeless(lines[c]) for c in alone} == alone
        assert all(line["queues"] for c, line in lines.items() if c not in alone)  # a person sees every one
        with sqlite3.connect(Path(tmp) / "claimflow.db") as db:
            assert db.execute("SELECT count(*) FROM documents WHERE sha256 = ?", (outside_sha,)).fetchone() == (0,)
        assert not list(source.glob(f"derived/**/{outside_sha}*"))
        assert intake_snapshot(source) == before
