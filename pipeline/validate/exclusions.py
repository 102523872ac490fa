"""POSSIBLE_EXCLUSION: exclusion terms in diagnoses, causes of death and the accident description."""
from models.claim import ClaimReport
from models.decision import Reason
from models.document import Document
from models.enums import DocType, ReasonCode
from models.policy import Policy
from models.text import normalize
from pipeline.validate.evidence import FieldReader, is_usable

# Where the terms are looked for, and which of those texts the rule cannot do without.
TEXT_FIELDS: dict[DocType, str] = {
    DocType.discharge_summary: "diagnosis",
    DocType.medical_record: "diagnosis",
    DocType.death_certificate: "cause_of_death",
}
NEEDED: tuple[DocType, ...] = (DocType.discharge_summary, DocType.death_certificate)
# Pages whose whole text is searched too: a diagnosis read only in part must not hide a term.
PAGE_TEXT_TYPES: tuple[DocType, ...] = (*TEXT_FIELDS, DocType.accident_proof)


def exclusion_terms(claim: ClaimReport, policy: Policy) -> tuple[str, ...]:
    """The terms that apply: all benefits', plus hospital benefits' (dental care) for those claim types."""
    terms = policy.exclusions.all_benefits
    if claim.claim_type in policy.hospital_benefit_claim_types:
        terms += policy.exclusions.hospital_benefits
    return terms


def exclusion_reasons(claim: ClaimReport, documents: list[Document], policy: Policy,
                      page_texts: dict[str, str] | None = None) -> list[Reason]:
    """POSSIBLE_EXCLUSION per term found (detail: the term), in the policy's order.

    Every photo's diagnosis or cause of death is searched, whatever its confidence (finding a term only sends
    the claim to a reviewer), and so is the whole OCR text (``page_texts``, by object) of the clinical pages,
    death certificates and accident proofs. A usable discharge summary's diagnosis or death certificate's
    cause that cannot be read confidently gives LOW_CONFIDENCE, since then the search proves little.
    """
    fields = FieldReader(policy)
    texts = [claim.accident.description]
    for doc in documents:
        if doc.doc_type in PAGE_TEXT_TYPES and page_texts:
            texts.append(page_texts.get(doc.object, ""))
        name = TEXT_FIELDS.get(doc.doc_type)
        if name is None:
            continue
        value = getattr(doc.fields, name)
        if value is not None:
            texts.append(value.value)
        if doc.doc_type in NEEDED and is_usable(doc, policy):
            fields.need(doc, name)
    haystack = "\n".join(normalize(t) for t in texts)
    found = [t for t in exclusion_terms(claim, policy) if normalize(t) in haystack]
    return [Reason(code=ReasonCode.POSSIBLE_EXCLUSION, detail=t) for t in found] + fields.low_confidence()
