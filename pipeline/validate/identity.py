"""IDENTITY_MISMATCH: the insured's name and ID number on each of the insured's documents against claim.json."""
from models.claim import ClaimReport
from models.decision import Reason
from models.document import Document
from models.enums import DocType, ReasonCode
from models.ids import is_valid_id, masked_matches
from models.policy import Policy
from models.text import normalize
from pipeline.validate.checklist import line_doc_types
from pipeline.validate.evidence import FieldReader, is_usable

NAME_FIELDS = ("name", "passenger_name")


def _has(doc: Document, field: str) -> bool:
    return field in type(doc.fields).model_fields


def _id_form_ok(value: str) -> bool:
    """A full ID with a valid checksum, or a ticket's masked form (18 characters, some hidden)."""
    return is_valid_id(value) or (len(value) == 18 and any(c in "*＊" for c in value))


def insured_documents(claim: ClaimReport, documents: list[Document], policy: Policy) -> list[Document]:
    """The usable checklist documents that speak about the insured (not the beneficiary's, e.g. a death claim's
    ID card). Extra documents are left out: they never hurt, and some name other people (an accident
    determination names every party)."""
    required = {t for line in policy.checklists[claim.claim_type] for t in line_doc_types(line, claim, policy)}
    beneficiary = policy.beneficiary_documents.get(claim.claim_type, ())
    return [d for d in documents
            if is_usable(d, policy) and d.doc_type in required and d.doc_type not in beneficiary]


def _linked_to_named(doc: Document, named: list[Document], fields: FieldReader, policy: Policy) -> bool:
    """The policy links ``doc`` to documents whose name matched: each linking field agrees with that field read
    confidently on one of them (an expense list with the matched invoice's total and the stay's hospital)."""
    link = policy.identity_links.get(doc.doc_type, {})
    return bool(link) and all(
        any(_agrees(doc, field, theirs) for other in named
            if other.doc_type in named_by and (theirs := fields.read(other, field)) is not None)
        for field, named_by in link.items())


def _agrees(doc: Document, field: str, value: object) -> bool:
    """The field as read, or another reading the recogniser found nearly as likely, is ``value`` (a blurred 秀
    read as 香 with 秀 nearly as likely; an unsure total that lands exactly on another document's confident one)."""
    fv = getattr(doc.fields, field)
    return fv is not None and any(_same(r, value) for r in (fv.value, *fv.other_readings))


def _same(a: object, b: object) -> bool:
    """Equal values; text compared as the rules compare it (NFKC, no whitespace)."""
    if isinstance(a, str) and isinstance(b, str):
        return normalize(a) == normalize(b)
    return a == b


def identity_reasons(claim: ClaimReport, documents: list[Document], policy: Policy) -> list[Reason]:
    """IDENTITY_MISMATCH per doc_type.field whose name or ID differs; unreadable names/IDs give LOW_CONFIDENCE.

    The name on each of the insured's checklist documents is needed; it matches when it reads as claim.json's
    or the recogniser found that spelling nearly as likely (a blurred 秀 read as 香 at 57 % to 41 %), while a
    name printed otherwise reads otherwise with near certainty. An unreadable name is accepted only where the
    policy's ``identity_links`` tie the document to one whose name matched. An ID number is needed on the
    insured's ID card and compared wherever else it is printed (masked ticket forms on their visible characters).
    """
    fields = FieldReader(policy)
    want_name = normalize(claim.insured.name)
    want_id = claim.insured.id_number.upper()
    docs = insured_documents(claim, documents, policy)
    named = [d for d in docs for f in NAME_FIELDS
             if _has(d, f) and fields.read(d, f) is not None and _agrees(d, f, want_name)]
    mismatched: list[str] = []
    for doc in docs:
        for field in NAME_FIELDS:
            if not _has(doc, field):
                continue
            if fields.read(doc, field) is None:
                if not _linked_to_named(doc, named, fields, policy):
                    fields.doubt(doc, field)
            elif not _agrees(doc, field, want_name):
                mismatched.append(f"{doc.doc_type.value}.{field}")
        if _has(doc, "id_number"):
            read = fields.need if doc.doc_type == DocType.id_card else fields.read
            value = read(doc, "id_number")
            if value is None:
                continue
            value = normalize(value).upper()
            if not _id_form_ok(value):
                fields.doubt(doc, "id_number")
            elif not masked_matches(value, want_id):
                mismatched.append(f"{doc.doc_type.value}.id_number")
    reasons = [Reason(code=ReasonCode.IDENTITY_MISMATCH, detail=d) for d in dict.fromkeys(mismatched)]
    return reasons + fields.low_confidence()
