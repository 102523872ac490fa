"""HOSPITAL_NOT_QUALIFIED: the hospital on the claim's documents, found in the registry despite OCR noise."""
from rapidfuzz import fuzz, process

from models.claim import ClaimReport
from models.decision import Reason
from models.document import Document
from models.enums import ClaimType, ReasonCode
from models.policy import Policy
from models.registry import Hospital, HospitalRegistry, level_rank
from models.text import normalize
from pipeline.validate.evidence import FieldReader, is_usable


def match_hospital(name: str, registry: HospitalRegistry, min_score: int) -> Hospital | None:
    """The registry hospital whose name or alias is closest to ``name`` (rapidfuzz ratio ≥ min_score), if any."""
    choices = {normalize(n): h for n, h in registry.names().items()}
    best = process.extractOne(normalize(name), list(choices), scorer=fuzz.ratio, score_cutoff=min_score)
    return choices[best[0]] if best else None


def min_level(claim_type: ClaimType, policy: Policy) -> str | None:
    """The lowest qualifying hospital level for the claim type's benefit, or None when it has none."""
    benefit = getattr(policy.benefits, claim_type.value)
    return getattr(benefit, "min_hospital_level", None)


def hospital_reasons(claim: ClaimReport, documents: list[Document], registry: HospitalRegistry,
                     policy: Policy) -> list[Reason]:
    """HOSPITAL_NOT_QUALIFIED for each hospital named on the claim's documents that is not in the registry or
    is below the benefit's level; no hospital name at all is not qualified either (never assumed fine).

    Names come from the usable documents, else from any photo that has one (an invoice may carry its hospital
    only in a seal); a hospital field read too unsurely where no other name exists gives LOW_CONFIDENCE.
    """
    level = min_level(claim.claim_type, policy)
    if level is None:
        return []
    fields = FieldReader(policy)
    with_field = [d for d in documents if "hospital" in type(d.fields).model_fields]
    usable = [d for d in with_field if is_usable(d, policy)]
    names = [n for d in usable if (n := fields.read(d, "hospital"))]
    if not names:
        names = [n for d in with_field if (n := fields.read(d, "hospital"))]
    if not names:
        unsure = [d for d in with_field if "hospital" in d.fields.present()]
        for doc in unsure:
            fields.need(doc, "hospital")
        if unsure:
            return fields.low_confidence()
        return [Reason(code=ReasonCode.HOSPITAL_NOT_QUALIFIED, detail="no hospital named on any document")]
    reasons = []
    for name in dict.fromkeys(names):
        hospital = match_hospital(name, registry, policy.thresholds.hospital_name_match)
        if hospital is None:
            reasons.append(Reason(code=ReasonCode.HOSPITAL_NOT_QUALIFIED, detail=f"{name}: not in the registry"))
        elif level_rank(hospital.level) < level_rank(level):
            reasons.append(Reason(code=ReasonCode.HOSPITAL_NOT_QUALIFIED,
                                  detail=f"{hospital.name}: {hospital.level}, below {level}"))
    return reasons
