"""The hospital registry and the government's insured roster, loaded from CSV with validation."""
import csv
import io
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from models.errors import InvalidData, first_problem
from models.ids import IdNumber

DEFAULT_HOSPITALS_PATH = Path(str(files("models") / "data" / "hospitals.csv"))
M = TypeVar("M", bound=BaseModel)

HOSPITAL_LEVELS: dict[str, int] = {"未定级": 0, "一级": 1, "二级": 2, "三级": 3}


def level_rank(level: str) -> int:
    """Order of a hospital level (一级 < 二级 < 三级); unknown levels rank lowest."""
    return HOSPITAL_LEVELS.get(level.strip(), 0)


class Hospital(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str = Field(min_length=2)
    level: str
    aliases: tuple[str, ...] = ()

    @field_validator("level")
    @classmethod
    def _known_level(cls, v: str) -> str:
        if v not in HOSPITAL_LEVELS:
            raise ValueError(f"unknown level {v!r}; expected one of {list(HOSPITAL_LEVELS)}")
        return v

    @field_validator("aliases", mode="before")
    @classmethod
    def _split_aliases(cls, v: object) -> object:
        if isinstance(v, str):
            return tuple(a.strip() for a in v.split(";") if a.strip())
        return v


class RosterEntry(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)
    id_number: IdNumber
    name: str = Field(min_length=1)
    birth_date: date
    town: str = ""
    covered_from: date
    covered_to: date

    @model_validator(mode="after")
    def _dates(self) -> "RosterEntry":
        if self.covered_to < self.covered_from:
            raise ValueError("covered_to: before covered_from")
        return self

    def covers(self, day: date) -> bool:
        """True when ``day`` is inside this person's cover."""
        return self.covered_from <= day <= self.covered_to


def _read_rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidData(str(path), "(file)", "file not found") from None
    except UnicodeDecodeError as e:
        raise InvalidData(str(path), "(file)", f"not UTF-8: {e.reason}") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidData(str(path), "header", f"missing column(s) {missing}")
    return [(i, row) for i, row in enumerate(reader, start=2)]


def _validated(model: type[M], path: Path, line: int, row: dict[str, str]) -> M:
    try:
        return model.model_validate(row)
    except ValidationError as e:
        field, msg = first_problem(e, "(row)")
        raise InvalidData(str(path), f"line {line}, column {field}", msg) from None


class HospitalRegistry:
    """Hospitals by name and alias. Fuzzy matching of OCR'd names belongs to validation."""

    def __init__(self, hospitals: list[Hospital]) -> None:
        self.hospitals = hospitals

    def names(self) -> dict[str, Hospital]:
        """Every name and alias, mapped to its hospital."""
        out: dict[str, Hospital] = {}
        for h in self.hospitals:
            for n in (h.name, *h.aliases):
                out[n] = h
        return out


def load_hospitals(path: Path | str | None = None) -> HospitalRegistry:
    """Load a hospital registry CSV (name, level, aliases separated by ';')."""
    source = Path(path) if path else DEFAULT_HOSPITALS_PATH
    rows = _read_rows(source, ("name", "level", "aliases"))
    hospitals = [_validated(Hospital, source, line, row) for line, row in rows]
    seen: set[str] = set()
    for (line, _), h in zip(rows, hospitals):
        if h.name in seen:
            raise InvalidData(str(source), f"line {line}, column name", f"duplicate hospital {h.name!r}")
        seen.add(h.name)
    return HospitalRegistry(hospitals)


class Roster:
    """The insured roster, keyed by ID number."""

    def __init__(self, entries: list[RosterEntry]) -> None:
        self.by_id = {e.id_number: e for e in entries}

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, id_number: str) -> RosterEntry | None:
        return self.by_id.get(id_number.upper())


ROSTER_COLUMNS = ("id_number", "name", "birth_date", "town", "covered_from", "covered_to")


def load_roster(path: Path | str) -> Roster:
    """Load the government's roster CSV (contract §1); errors name line and column."""
    source = Path(path)
    rows = _read_rows(source, ROSTER_COLUMNS)
    entries = [_validated(RosterEntry, source, line, row) for line, row in rows]
    seen: dict[str, int] = {}
    for (line, _), e in zip(rows, entries):
        if e.id_number in seen:
            raise InvalidData(str(source), f"line {line}, column id_number",
                              f"duplicate of line {seen[e.id_number]}")
        seen[e.id_number] = line
    return Roster(entries)
