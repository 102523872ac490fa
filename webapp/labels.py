"""Chinese labels for the contract's names, from ``webapp/data/labels.yaml``."""
from __future__ import annotations

from functools import lru_cache

import yaml

from webapp.config import DATA_DIR


@lru_cache
def labels() -> dict[str, dict[str, str]]:
    """Every label group (doc_types, quality_issues, statuses, …) as name → Chinese text."""
    return yaml.safe_load((DATA_DIR / "labels.yaml").read_text(encoding="utf-8"))


def label(group: str, name: str | None) -> str:
    """The Chinese label of ``name`` in ``group``; the name itself when there is none."""
    if name is None:
        return ""
    return labels()[group].get(str(name), str(name))


def checklist_line(line: str) -> str:
    """A checklist line such as ``expense_list|hospital_invoice`` as 费用清单或医疗收费票据."""
    return "或".join(label("doc_types", part) for part in line.split("|"))


def reason_detail(code: str, detail: str | None) -> str:
    """A reason's detail in words: doc types and ``doc_type.field`` pairs get their labels; other text stays."""
    if not detail:
        return ""
    if code == "MISSING_DOCUMENT":
        return checklist_line(detail)
    doc_type, _, field = detail.partition(".")
    if field and doc_type in labels()["doc_types"]:
        return f"{label('doc_types', doc_type)}·{label('fields', field)}"
    return detail
