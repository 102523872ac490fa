"""What claimants are told, from ``pipeline/notify/data/notices.yaml`` (validated)."""
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from models.labels import label

DATA = Path(__file__).resolve().with_name("data") / "notices.yaml"


class Wording(BaseModel):
    """The notice texts and the claim statuses in their words (documents by the shared labels)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sign_off: str
    progress: str
    documents: str
    decision_paid: str
    decision_rejected: str
    to_be_set: str
    statuses: dict[str, str]

    def missing(self, checklist_lines: list[str]) -> str:
        """Checklist lines (``expense_list|hospital_invoice``) as words: 费用清单或医疗收费票据、出院小结."""
        return "、".join("或".join(label("doc_types", t) for t in line.split("|")) for line in checklist_lines)


@lru_cache
def load_wording(path: Path = DATA) -> Wording:
    """The wording file, validated."""
    return Wording.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
