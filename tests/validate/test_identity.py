"""IDENTITY_MISMATCH and the LOW_CONFIDENCE it gives instead of guessing."""
from decimal import Decimal

from pipeline.validate.eligibility import eligibility_reasons
from pipeline.validate.identity import identity_reasons
from tests.validate.factory import (
    HOSPITAL,
    INSURED_ID,
    INSURED_NAME,
    OTHER_ID,
    OTHER_NAME,
    claim,
    death_docs,
    details,
    doc,
    roster_entry,
    stay_docs,
)


def test_matching_documents_give_nothing(policy) -> None:
    assert identity_reasons(claim(), stay_docs(), policy) == []


def test_another_name_on_a_document(policy) -> None:
    docs = stay_docs()
    docs[1] = doc("discharge_summary", name=OTHER_NAME, hospital="汕头市中心医院", admission_date="2025-03-10",
                  discharge_date="2025-03-20", diagnosis="骨折")
    assert details(identity_reasons(claim(), docs, policy), "IDENTITY_MISMATCH") == ["discharge_summary.name"]


def test_full_width_and_spaces_do_not_count(policy) -> None:
    docs = stay_docs(name="陈 秀英")
    assert identity_reasons(claim(), docs, policy) == []


def test_another_id_card(policy) -> None:
    docs = stay_docs()
    docs[0] = doc("id_card", name=OTHER_NAME, id_number=OTHER_ID)
    assert details(identity_reasons(claim(), docs, policy), "IDENTITY_MISMATCH") == [
        "id_card.name", "id_card.id_number"]


def test_masked_ticket_id_compared_on_visible_digits(policy) -> None:
    c = claim("transport_death", mode="rail")
    assert identity_reasons(c, death_docs(ticket="rail_ticket"), policy) == []
    docs = death_docs()
    masked_other = OTHER_ID[:10] + "****" + OTHER_ID[14:]
    docs.append(doc("rail_ticket", passenger_name=INSURED_NAME, id_number=masked_other, travel_date="2025-03-10"))
    assert details(identity_reasons(c, docs, policy), "IDENTITY_MISMATCH") == ["rail_ticket.id_number"]


def test_the_beneficiarys_id_card_is_not_the_insured(policy) -> None:
    assert identity_reasons(claim("accidental_death"), death_docs(), policy) == []


def _with_readings(document, field: str, *readings: object):
    """The document with ``field`` carrying other spellings, as the recogniser reports them."""
    fv = getattr(document.fields, field).model_copy(update={"other_readings": list(readings)})
    return document.model_copy(update={"fields": document.fields.model_copy(update={field: fv})})


def test_an_ambiguous_name_matches_when_one_likely_spelling_is_the_insureds(policy) -> None:
    docs = stay_docs()
    docs[2] = _with_readings(doc("hospital_invoice", name="陈香英", hospital=HOSPITAL, invoice_number="4769288049",
                                 invoice_date="2025-03-23", total_amount="3468.00"), "name", "陈秀英", "陈禿英")
    assert identity_reasons(claim(), docs, policy) == []
    docs[2] = _with_readings(docs[2], "name", "陈禿英")  # no likely spelling is the insured's
    assert details(identity_reasons(claim(), docs, policy), "IDENTITY_MISMATCH") == ["hospital_invoice.name"]


def test_low_confidence_name_is_not_guessed(policy) -> None:
    bar = policy.thresholds.field_confidence
    docs = stay_docs()
    docs[3] = doc("expense_list", name=(OTHER_NAME, bar - 0.05), hospital="汕头市中心医院", total_amount="10.00")
    reasons = identity_reasons(claim(), docs, policy)
    assert details(reasons, "IDENTITY_MISMATCH") == []
    assert details(reasons, "LOW_CONFIDENCE") == ["expense_list.name"]


def test_missing_name_or_id_is_low_confidence(policy) -> None:
    docs = stay_docs()
    docs[0] = doc("id_card", name=INSURED_NAME)
    docs[2] = doc("hospital_invoice", hospital="汕头市中心医院", total_amount="10.00")
    assert details(identity_reasons(claim(), docs, policy), "LOW_CONFIDENCE") == [
        "id_card.id_number", "hospital_invoice.name"]


def test_an_id_failing_its_checksum_is_a_misread(policy) -> None:
    docs = stay_docs()
    broken = INSURED_ID[:17] + ("0" if INSURED_ID[17] != "0" else "1")
    docs[0] = doc("id_card", name=INSURED_NAME, id_number=broken)
    reasons = identity_reasons(claim(), docs, policy)
    assert details(reasons, "LOW_CONFIDENCE") == ["id_card.id_number"] and not details(reasons, "IDENTITY_MISMATCH")


def test_unusable_photos_are_not_read(policy) -> None:
    docs = [*stay_docs(), doc("medical_record", usable=False, name=OTHER_NAME)]
    assert identity_reasons(claim(), docs, policy) == []


def test_roster_name_differs(policy) -> None:
    reasons = eligibility_reasons(claim(), roster_entry(name=OTHER_NAME), policy)
    assert [(r.code.value, r.detail) for r in reasons] == [("IDENTITY_MISMATCH", "roster.name")]


def test_extra_documents_are_not_compared(policy) -> None:
    unnamed_proof = doc("accident_proof", accident_date="2025-03-10")
    other_party = doc("accident_proof", name=OTHER_NAME, accident_date="2025-03-10")  # names every party
    assert identity_reasons(claim(), [*stay_docs(), unnamed_proof, other_party], policy) == []


def _unreadable_name_list(total: str = "3468.00", hospital: str = HOSPITAL, total_confidence: float = 0.99):
    """An expense list whose printed name is too small and blurred to read."""
    return doc("expense_list", name=("陈禾荚", 0.41), hospital=hospital, total_amount=(total, total_confidence))


def test_an_unreadable_name_on_the_invoices_itemised_list_is_tied_to_the_invoice(policy) -> None:
    docs = stay_docs()
    docs[3] = _unreadable_name_list()  # same hospital, same total to the fen as the invoice
    assert identity_reasons(claim(), docs, policy) == []


def test_the_tie_needs_every_linking_field_to_agree(policy) -> None:
    for unlike in (_unreadable_name_list(total="3468.01"), _unreadable_name_list(hospital="潮南区人民医院")):
        docs = stay_docs()
        docs[3] = unlike
        assert details(identity_reasons(claim(), docs, policy), "LOW_CONFIDENCE") == ["expense_list.name"]


def test_an_unsure_total_agrees_when_it_or_a_likely_reading_is_the_invoices(policy) -> None:
    unsure = policy.thresholds.field_confidence - 0.2
    docs = stay_docs()
    docs[3] = _unreadable_name_list(total_confidence=unsure)  # read unsurely, but exactly the invoice's total
    assert identity_reasons(claim(), docs, policy) == []
    docs[3] = _with_readings(_unreadable_name_list(total="3458.00", total_confidence=unsure), "total_amount",
                             Decimal("3468.00"))  # a blurred 6 read as 5, with 6 nearly as likely
    assert identity_reasons(claim(), docs, policy) == []
    docs[3] = _with_readings(docs[3], "total_amount", Decimal("3458.60"))  # no likely reading is the invoice's
    assert details(identity_reasons(claim(), docs, policy), "LOW_CONFIDENCE") == ["expense_list.name"]


def test_the_hospital_may_agree_with_the_stays_discharge_summary(policy) -> None:
    docs = stay_docs()
    docs[2] = doc("hospital_invoice", name=INSURED_NAME, invoice_number="4769288049", invoice_date="2025-03-23",
                  total_amount="3468.00")  # the hospital's name is in a seal ring, not read
    docs[3] = _unreadable_name_list()
    assert identity_reasons(claim(), docs, policy) == []
    docs[1] = docs[1].model_copy(update={"fields": docs[1].fields.model_copy(update={"name": None})})
    assert "expense_list.name" in details(identity_reasons(claim(), docs, policy), "LOW_CONFIDENCE")


def test_the_tie_needs_an_invoice_whose_name_matched(policy) -> None:
    docs = stay_docs()
    docs[3] = _unreadable_name_list()
    docs[2] = doc("hospital_invoice", name=OTHER_NAME, hospital=HOSPITAL, invoice_number="4769288049",
                  invoice_date="2025-03-23", total_amount="3468.00")
    reasons = identity_reasons(claim(), docs, policy)
    assert details(reasons, "IDENTITY_MISMATCH") == ["hospital_invoice.name"]
    assert details(reasons, "LOW_CONFIDENCE") == ["expense_list.name"]


def test_no_link_in_the_policy_means_no_tie(policy) -> None:
    docs = stay_docs()
    docs[3] = _unreadable_name_list()
    unlinked = policy.model_copy(update={"identity_links": {}})
    assert details(identity_reasons(claim(), docs, unlinked), "LOW_CONFIDENCE") == ["expense_list.name"]
