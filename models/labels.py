"""The Chinese words for the contract's names (doc types, fields, reasons, statuses, queues, …), from
``models/data/labels.yaml``: one vocabulary for the web app, the claimants' notices and the daily report."""
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LABELS = Path(__file__).resolve().with_name("data") / "labels.yaml"


@lru_cache
def labels() -> dict[str, Any]:
    """Every label group (doc_types, quality_issues, statuses, …) as name → Chinese text."""
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def label(group: str, name: str | None) -> str:
    """The Chinese label of ``name`` in ``group``; the name itself when there is none."""
    if name is None:
        return ""
    return labels()[group].get(str(name), str(name))
