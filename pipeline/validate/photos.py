"""Photos that are not evidence: unreadable ones and ones that are no contract document."""
from models.decision import Reason
from models.document import Document
from models.enums import ReasonCode
from models.policy import Policy
from pipeline.validate.evidence import is_unknown


def unreadable_reasons(documents: list[Document]) -> list[Reason]:
    """UNREADABLE_DOCUMENT per photo too blurred, dark, cut off, glared (or undecodable) to read; detail the object."""
    return [Reason(code=ReasonCode.UNREADABLE_DOCUMENT, detail=d.object) for d in documents if not d.quality.usable]


def unknown_reasons(documents: list[Document], policy: Policy) -> list[Reason]:
    """UNKNOWN_DOCUMENT per photo classified ``other`` (or below the doc-type bar), readable or not; detail the
    object."""
    return [Reason(code=ReasonCode.UNKNOWN_DOCUMENT, detail=d.object) for d in documents if is_unknown(d, policy)]
