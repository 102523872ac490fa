"""The example claims of the README's first command: written by the generator, nothing needed beside the repo."""
import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_claimflow_examples_writes_a_small_set_with_its_truth(tmp_path: Path) -> None:
    out = tmp_path / "examples"
    done = subprocess.run([str(REPO / ".venv/bin/claimflow"), "examples", str(out)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    truth = [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(truth) == 8 and {t["route"] for t in truth} == {"fast_pay", "manual_review"}
    assert all((out / "intake" / t["claim_id"] / "claim.json").is_file() for t in truth)
    assert (out / "roster.csv").is_file() and (out / "hospitals.csv").is_file()
    again = subprocess.run([str(REPO / ".venv/bin/claimflow"), "examples", str(out)], capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 0 and "kept as they are" in again.stdout
