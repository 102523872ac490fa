from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from models.decision import Decision
from models.document import Document, HospitalInvoiceFields

CONTRACT_EXAMPLE = (
    '{"claim_id":"CN20260310-0001","route":"manual_review","queues":["documents"],'
    '"reasons":[{"code":"MISSING_DOCUMENT","detail":"discharge_summary"}],"payable_amount":240.00,'
    '"documents":[{"object":"intake/CN20260310-0001/IMG_0001.jpg","doc_type":"hospital_invoice",'
    '"confidence":0.97,"quality":{"usable":true,"issues":[]},"fields":{"total_amount":{"value":1234.56,'
    '"confidence":0.99},"invoice_date":{"value":"2026-03-18","confidence":0.98}}}],'
    '"checklist":{"complete":false,"missing":["discharge_summary"]},'
    '"decided_at":"2026-03-20T09:31:05+08:00","pipeline_version":"0.1.0"}'
)


def test_contract_example_round_trips_byte_for_byte() -> None:
    decision = Decision.from_json(CONTRACT_EXAMPLE)
    assert decision.payable_amount == Decimal("240.00")
    doc = decision.documents[0]
    assert isinstance(doc.fields, HospitalInvoiceFields)
    assert doc.fields.invoice_date.value == date(2026, 3, 18)
    assert doc.fields.total_amount.value == Decimal("1234.56")
    # field order follows the doc type's field model, so normalise the example once, then it is stable
    first = decision.to_json()
    assert Decision.from_json(first).to_json() == first
    assert '"payable_amount":240.00' in first and '"value":1234.56' in first


def test_money_keeps_two_decimals_and_null_amount() -> None:
    d = Decision.from_json(CONTRACT_EXAMPLE.replace("240.00", "null"))
    assert '"payable_amount":null' in d.to_json()
    d = Decision.from_json(CONTRACT_EXAMPLE.replace("240.00", "5"))
    assert '"payable_amount":5.00' in d.to_json()


def test_fields_are_typed_per_doc_type() -> None:
    with pytest.raises(ValidationError):
        Document.model_validate({"object": "o", "doc_type": "disability_assessment", "confidence": 0.9,
                                 "quality": {"usable": True},
                                 "fields": {"disability_grade": {"value": 11, "confidence": 0.9}}})
    with pytest.raises(ValidationError):  # a field the doc type does not have
        Document.model_validate({"object": "o", "doc_type": "id_card", "confidence": 0.9,
                                 "quality": {"usable": True}, "fields": {"fare": {"value": 3, "confidence": 1}}})
