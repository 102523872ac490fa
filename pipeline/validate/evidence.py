"""Which photos count as evidence, and reading their fields under the policy's confidence bar."""
from typing import Any

from models.decision import Reason
from models.document import Document
from models.enums import DocType, ReasonCode
from models.policy import Policy


def is_usable(doc: Document, policy: Policy) -> bool:
    """A readable photo classified, confidently enough, as a contract document (it can satisfy a checklist line)."""
    return (doc.quality.usable and doc.doc_type != DocType.other
            and doc.confidence >= policy.thresholds.doc_type_confidence)


def is_unknown(doc: Document, policy: Policy) -> bool:
    """A photo that is no contract document (classified ``other``, or too unsure of its type), readable or not:
    a blurred photo of a street scene is still no document, and a reviewer needs to hear both."""
    return doc.doc_type == DocType.other or doc.confidence < policy.thresholds.doc_type_confidence


def of_type(documents: list[Document], *doc_types: DocType) -> list[Document]:
    """The documents of the given types, in their order."""
    return [d for d in documents if d.doc_type in doc_types]


class FieldReader:
    """Reads document fields for one rule, remembering each needed field that was missing or too unsure.

    ``need`` is for fields the rule cannot decide without: a missing or unsure one is noted and gives
    LOW_CONFIDENCE. ``read`` is for fields the rule only uses when they are present and confident.
    """

    def __init__(self, policy: Policy) -> None:
        self.threshold = policy.thresholds.field_confidence
        self._low: list[str] = []

    def read(self, doc: Document, name: str) -> Any:
        """The field's value when present and confident, else None."""
        fv = getattr(doc.fields, name, None)
        if fv is None or fv.confidence < self.threshold:
            return None
        return fv.value

    def need(self, doc: Document, name: str) -> Any:
        """Like ``read``, but a missing or unsure field is noted."""
        value = self.read(doc, name)
        if value is None:
            self.doubt(doc, name)
        return value

    def doubt(self, doc: Document, name: str) -> None:
        """Note a needed field as unreadable (also for a confident value the rule can tell is misread)."""
        detail = f"{doc.doc_type.value}.{name}"
        if detail not in self._low:
            self._low.append(detail)

    def low_confidence(self) -> list[Reason]:
        """One LOW_CONFIDENCE reason per doc_type.field noted, in the order first noted."""
        return [Reason(code=ReasonCode.LOW_CONFIDENCE, detail=d) for d in self._low]
