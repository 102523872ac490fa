"""Fake claims and Documents for rule tests (no OCR): one place that builds them, reused by every rule test."""
from datetime import date, timedelta
from typing import Any

from models.claim import ClaimReport
from models.document import Document
from models.ids import check_char
from models.registry import RosterEntry


def valid_id(first17: str) -> str:
    """A GB 11643 ID number with its check character."""
    return first17 + check_char(first17)


INSURED_NAME = "陈秀英"
INSURED_ID = valid_id("44052419520315122")  # born 1952-03-15
HEIR_NAME, HEIR_ID = "林志强", valid_id("44051419800101123")
OTHER_NAME, OTHER_ID = "李玉兰", valid_id("44058219500505456")
HOSPITAL = "汕头市中心医院"  # 三级 in the shipped registry


def claim(claim_type: str = "hospital_allowance", accident: str = "2025-03-10",
          reported: str = "2025-04-01T10:00:00+08:00", mode: str | None = None,
          description: str = "在家中浴室滑倒致右股骨骨折", **insured: str) -> ClaimReport:
    """A valid claim report of the insured above (override name/id_number through ``insured``)."""
    return ClaimReport.model_validate({
        "claim_id": "CN20250401-0001", "claim_type": claim_type,
        "insured": {"name": INSURED_NAME, "id_number": INSURED_ID, **insured},
        "accident": {"date": accident, "description": description, "transport_mode": mode},
        "claimant": {"name": HEIR_NAME, "relationship": "child", "phone": "13800138000"},
        "payee": {"name": INSURED_NAME, "bank": "中国农业银行", "account": "6228480000000000000"},
        "reported_at": reported, "channel": "service_point",
    })


def doc(doc_type: str, obj: str | None = None, *, confidence: float = 0.99, usable: bool = True,
        field_confidence: float = 0.99, confirmed: tuple[str, ...] = (), **fields: Any) -> Document:
    """A Document of ``doc_type`` whose fields all have ``field_confidence`` (a (value, conf) tuple overrides);
    its amounts were confirmed by the checks in ``confirmed``."""
    values = {}
    for name, value in fields.items():
        value, conf = value if isinstance(value, tuple) else (value, field_confidence)
        values[name] = {"value": value, "confidence": conf}
        if name in ("total_amount", "insurance_paid", "fare"):
            values[name]["confirmed_by"] = list(confirmed)
    return Document.model_validate({
        "object": obj or f"intake/CN20250401-0001/{doc_type}.jpg", "doc_type": doc_type, "confidence": confidence,
        "quality": {"usable": usable, "issues": [] if usable else ["blur"]}, "fields": values})


def stay_docs(admission: str = "2025-03-10", discharge: str = "2025-03-23", hospital: str = HOSPITAL,
              name: str = INSURED_NAME, diagnosis: str = "右股骨颈骨折", total: str = "3468.00",
              insurance_paid: str = "2647.21",
              invoice_number: str | tuple[str, float] = "4769288049", id_number: str = INSURED_ID) -> list[Document]:
    """ID card, discharge summary, invoice and expense list of one hospital stay."""
    return [
        doc("id_card", name=name, id_number=id_number),
        doc("discharge_summary", name=name, hospital=hospital, admission_date=admission, discharge_date=discharge,
            diagnosis=diagnosis),
        doc("hospital_invoice", name=name, hospital=hospital, invoice_number=invoice_number, invoice_date=discharge,
            total_amount=total, insurance_paid=insurance_paid, confirmed=("invoice_sum",)),  # it added up
        doc("expense_list", name=name, hospital=hospital, total_amount=total),
    ]


def death_docs(death: str = "2025-03-20", cause: str = "重型颅脑损伤", ticket: str | None = None,
               travel: str = "2025-03-10", cancelled: str | None = None) -> list[Document]:
    """Death certificate, household cancellation (default a week after death) and the beneficiary's ID card,
    plus a ticket when one is named."""
    cancelled = cancelled or (date.fromisoformat(death) + timedelta(days=7)).isoformat()
    docs = [
        doc("death_certificate", name=INSURED_NAME, id_number=INSURED_ID, death_date=death, cause_of_death=cause),
        doc("household_cancellation", name=INSURED_NAME, id_number=INSURED_ID, cancellation_date=cancelled),
        doc("id_card", name=HEIR_NAME, id_number=HEIR_ID),
    ]
    if ticket in ("rail_ticket", "ship_ticket", "air_ticket"):
        docs.append(doc(ticket, passenger_name=INSURED_NAME, id_number=INSURED_ID[:10] + "****" + INSURED_ID[14:],
                        travel_date=travel))
    elif ticket:
        docs.append(doc(ticket, travel_date=travel))
    return docs


def roster_entry(birth: str = "1952-03-15", covered_from: str = "2025-01-01", covered_to: str = "2026-12-31",
                 name: str = INSURED_NAME) -> RosterEntry:
    return RosterEntry(id_number=INSURED_ID, name=name, birth_date=date.fromisoformat(birth), town="峡山街道",
                       covered_from=date.fromisoformat(covered_from), covered_to=date.fromisoformat(covered_to))


def codes(reasons: list) -> list[str]:
    """The reason codes, in order."""
    return [r.code.value for r in reasons]


def details(reasons: list, code: str) -> list[str | None]:
    """The details of the reasons with ``code``."""
    return [r.detail for r in reasons if r.code.value == code]
