from pathlib import Path

import pytest

from models.errors import InvalidData
from models.registry import level_rank, load_hospitals, load_roster


def test_shipped_registry_is_the_sample_registry(samples_dir: Path) -> None:
    shipped = load_hospitals()
    sample = load_hospitals(samples_dir / "hospitals.csv")
    assert shipped.hospitals == sample.hospitals
    names = shipped.names()
    assert names["潮南民生医院"].name == "汕头潮南民生医院"
    assert level_rank(names["陈店卫生院"].level) < level_rank("二级") <= level_rank(names["汕大一附院"].level)


def test_sample_roster_loads(samples_dir: Path) -> None:
    roster = load_roster(samples_dir / "roster.csv")
    assert len(roster) > 10
    entry = next(iter(roster.by_id.values()))
    assert entry.covers(entry.covered_from) and not entry.covers(entry.covered_to.replace(year=2100))


HEADER = "id_number,name,birth_date,town,covered_from,covered_to\n"


@pytest.mark.parametrize("row, where", [
    ("440524195203151227,陈秀英,1952-03-15,红场镇,2025-01-01,2026-12-31", "line 2, column id_number"),
    ("440524195203151224,陈秀英,1952-13-15,红场镇,2025-01-01,2026-12-31", "line 2, column birth_date"),
    ("440524195203151224,陈秀英,1952-03-15,红场镇,2026-01-01,2025-12-31", "line 2, column covered_to"),
])
def test_roster_errors_name_line_and_column(tmp_path: Path, row: str, where: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_roster(path)
    assert info.value.where == where


def test_roster_duplicate_and_missing_column(tmp_path: Path) -> None:
    row = "440524195203151224,陈秀英,1952-03-15,红场镇,2025-01-01,2026-12-31\n"
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + row + row, encoding="utf-8")
    with pytest.raises(InvalidData, match="duplicate of line 2"):
        load_roster(path)
    path.write_text("id_number,name\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="missing column"):
        load_roster(path)


def test_hospital_unknown_level(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text("name,level,aliases\n某某医院,五级,\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="line 2, column level"):
        load_hospitals(path)
