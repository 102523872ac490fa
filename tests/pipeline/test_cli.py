"""The claimflow CLI's check command on the shared samples and on a broken intake folder."""
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import EXIT_PROBLEMS_FOUND, app

runner = CliRunner()


def test_check_passes_on_the_samples(samples_dir: Path) -> None:
    result = runner.invoke(app, ["check", str(samples_dir)])
    assert result.exit_code == 0, result.output
    assert "16 claim(s) checked, 0 with problems" in result.output


def test_check_lists_what_is_wrong(tmp_path: Path) -> None:
    folder = tmp_path / "intake" / "CN20260101-0001"
    folder.mkdir(parents=True)
    (folder / "claim.json").write_text('{"claim_id": "CN20260101-0001"}', encoding="utf-8")
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "intake" / "CN20260101-0002").mkdir()
    (tmp_path / "intake" / "CN20260101-0002" / "IMG_1.jpg").write_bytes(b"\xff\xd8")
    result = runner.invoke(app, ["check", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == EXIT_PROBLEMS_FOUND
    for expected in ("claim_type", "photo is empty", "not a photo format", "claim.json is missing",
                     "2 claim(s) checked, 2 with problems"):
        assert expected in result.output, result.output
