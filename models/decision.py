"""The decision for one claim (contract §5) and its canonical JSON form."""

from decimal import Decimal
from typing import Any

from pydantic import AwareDatetime, BaseModel, Field

from models.canonical_json import canonical_dumps
from models.document import Document, FieldValue
from models.enums import Queue, ReasonCode, Route
from models.money import Money


class Reason(BaseModel):
    code: ReasonCode
    detail: str | None = None


class ChecklistResult(BaseModel):
    complete: bool
    missing: list[str] = Field(default_factory=list)


class Decision(BaseModel):
    """fast_pay or manual_review, with every reason, the documents it rested on and the versions used."""

    claim_id: str
    route: Route
    queues: list[Queue] = Field(default_factory=list)
    reasons: list[Reason] = Field(default_factory=list)
    payable_amount: Money | None
    documents: list[Document] = Field(default_factory=list)
    checklist: ChecklistResult
    decided_at: AwareDatetime
    pipeline_version: str
    policy_version: str | None = None
    error: str | None = None

    def to_contract_dict(self) -> dict[str, Any]:
        """The contract §5 object: field boxes left out, optional keys only when set."""
        out: dict[str, Any] = {
            "claim_id": self.claim_id,
            "route": self.route.value,
            "queues": [q.value for q in self.queues],
            "reasons": [{"code": r.code.value, "detail": r.detail} for r in self.reasons],
            "payable_amount": self.payable_amount,
            "documents": [_document_dict(d) for d in self.documents],
            "checklist": self.checklist.model_dump(),
            "decided_at": self.decided_at.isoformat(),
            "pipeline_version": self.pipeline_version,
        }
        if self.policy_version is not None:
            out["policy_version"] = self.policy_version
        if self.error is not None:
            out["error"] = self.error
        return out

    def to_json(self) -> str:
        """One canonical JSON line: stable key order, money with 2 decimals, no spaces."""
        return canonical_dumps(self.to_contract_dict())

    @classmethod
    def from_json(cls, line: str) -> "Decision":
        return cls.model_validate_json(line)


def _field_dict(fv: FieldValue) -> dict[str, Any]:
    """A field as contract §5 writes it; an amount also says which checks confirmed it (maybe none)."""
    out: dict[str, Any] = {"value": fv.value, "confidence": round(fv.confidence, 3)}
    if isinstance(fv.value, Decimal):
        out["confirmed_by"] = [c.value for c in fv.confirmed_by]
    return out


def _document_dict(doc: Document) -> dict[str, Any]:
    fields = {name: _field_dict(fv) for name, fv in doc.fields.present().items()}
    return {
        "object": doc.object,
        "doc_type": doc.doc_type.value,
        "confidence": round(doc.confidence, 3),
        "quality": {"usable": doc.quality.usable, "issues": [i.value for i in doc.quality.issues]},
        "fields": fields,
    }



