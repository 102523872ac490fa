"""No fast-pay on an amount nobody checked: each amount of the payable needs an independent confirmation."""
from decimal import Decimal

from models.document import HospitalInvoiceFields
from models.enums import DocType
from pipeline.validate.amounts import unconfirmed_amount_reasons, with_confirmations
from pipeline.validate.claim import Context, validate_claim
from tests.validate.factory import claim, details, doc, roster_entry, stay_docs

MEDICAL = claim("medical_expense")


def _invoice(total: str = "3468.00", insured: str = "2647.21", confirmed: tuple[str, ...] = ()):
    return doc("hospital_invoice", total_amount=total, insurance_paid=insured, confirmed=confirmed)


def test_a_sure_but_unchecked_amount_is_named(policy) -> None:
    docs = with_confirmations([_invoice()], policy)
    assert details(unconfirmed_amount_reasons(MEDICAL, docs, policy), "LOW_CONFIDENCE") == [
        "hospital_invoice.total_amount", "hospital_invoice.insurance_paid"]


def test_the_expense_list_confirms_the_total_and_the_sum_both(policy) -> None:
    docs = with_confirmations([_invoice(), doc("expense_list", total_amount="3468.00")], policy)
    assert isinstance(docs[0].fields, HospitalInvoiceFields)
    assert [c.value for c in docs[0].fields.total_amount.confirmed_by] == ["expense_list"]
    assert details(unconfirmed_amount_reasons(MEDICAL, docs, policy), "LOW_CONFIDENCE") == [
        "hospital_invoice.insurance_paid"]
    summed = with_confirmations([_invoice(confirmed=("invoice_sum",))], policy)
    assert unconfirmed_amount_reasons(MEDICAL, summed, policy) == []


def test_an_expense_list_that_differs_by_a_digit_confirms_nothing(policy) -> None:
    docs = with_confirmations([_invoice(), doc("expense_list", total_amount="3168.00")], policy)
    assert isinstance(docs[0].fields, HospitalInvoiceFields)
    assert docs[0].fields.total_amount.confirmed_by == []


def test_another_document_with_the_same_insurance_amount_confirms_it(policy) -> None:
    docs = with_confirmations([_invoice(), doc("expense_list", total_amount="3468.00", insurance_paid="2647.21")],
                              policy)
    assert unconfirmed_amount_reasons(MEDICAL, docs, policy) == []


def test_only_the_claim_types_that_pay_amounts_are_checked(policy) -> None:
    assert unconfirmed_amount_reasons(claim("hospital_allowance"), [_invoice()], policy) == []


def test_an_unconfirmed_insurance_amount_stops_fast_pay_and_the_decision_says_so(policy, hospitals) -> None:
    docs = stay_docs()
    invoice = docs[2]
    assert isinstance(invoice.fields, HospitalInvoiceFields)
    docs[2] = invoice.model_copy(update={"fields": invoice.fields.model_copy(update={
        "insurance_paid": invoice.fields.insurance_paid.model_copy(update={"confirmed_by": [],
                                                                           "value": Decimal("2047.21")})})})
    result = validate_claim(MEDICAL, docs, Context(roster_entry(), hospitals), policy)
    assert details(result.reasons, "LOW_CONFIDENCE") == ["hospital_invoice.insurance_paid"]
    checked = next(d for d in result.documents if d.doc_type == DocType.hospital_invoice)
    assert isinstance(checked.fields, HospitalInvoiceFields)
    assert [c.value for c in checked.fields.total_amount.confirmed_by] == ["invoice_sum", "expense_list"]
