"""Checklist lines from the policy data: alternatives, extra documents, unusable photos, declared-mode tickets."""
from models.decision import ChecklistResult
from pipeline.validate.checklist import evaluate_checklist, missing_document_reasons
from pipeline.validate.photos import unknown_reasons, unreadable_reasons
from tests.validate.factory import claim, codes, death_docs, doc, stay_docs


def test_complete_allowance_with_an_extra_document(policy) -> None:
    docs = [*stay_docs(), doc("taxi_receipt", travel_date="2025-03-10")]
    assert evaluate_checklist(claim(), docs, policy) == ChecklistResult(complete=True, missing=[])


def test_alternatives_either_satisfies_the_line(policy) -> None:
    id_card, summary, invoice, expenses = stay_docs()
    for bill in (invoice, expenses):
        assert evaluate_checklist(claim(), [id_card, summary, bill], policy).complete
    result = evaluate_checklist(claim(), [id_card, summary], policy)
    assert result.missing == ["expense_list|hospital_invoice"]
    assert codes(missing_document_reasons(result)) == ["MISSING_DOCUMENT"]
    assert missing_document_reasons(result)[0].detail == "expense_list|hospital_invoice"


def test_medical_expense_needs_both_bills(policy) -> None:
    id_card, summary, invoice, _ = stay_docs()
    result = evaluate_checklist(claim("medical_expense"), [id_card, summary, invoice], policy)
    assert result.missing == ["expense_list"]


def test_an_unreadable_photo_satisfies_nothing_and_is_named(policy) -> None:
    id_card, _summary, invoice, _expenses = stay_docs()
    blurred = doc("discharge_summary", "intake/CN20250401-0001/IMG_2.jpg", usable=False)
    docs = [id_card, blurred, invoice]
    assert evaluate_checklist(claim(), docs, policy).missing == ["discharge_summary"]
    assert [(r.code.value, r.detail) for r in unreadable_reasons(docs)] == [
        ("UNREADABLE_DOCUMENT", "intake/CN20250401-0001/IMG_2.jpg")]


def test_other_and_unsure_types_are_unknown_documents(policy) -> None:
    scene = doc("other", "intake/x/scene.jpg")
    unsure = doc("bus_ticket", "intake/x/unsure.jpg", confidence=policy.thresholds.doc_type_confidence - 0.01)
    assert [r.detail for r in unknown_reasons([scene, unsure, *stay_docs()], policy)] == [
        "intake/x/scene.jpg", "intake/x/unsure.jpg"]
    blurred_other = doc("other", "intake/x/blur.jpg", usable=False)  # a blurred scene: unreadable and unknown
    assert [r.detail for r in unknown_reasons([blurred_other], policy)] == ["intake/x/blur.jpg"]
    assert [r.detail for r in unreadable_reasons([blurred_other])] == ["intake/x/blur.jpg"]
    blurred_invoice = doc("hospital_invoice", "intake/x/invoice.jpg", usable=False)
    assert unknown_reasons([blurred_invoice], policy) == []  # unreadable, but known


def test_transport_death_needs_the_declared_modes_ticket(policy) -> None:
    rail = claim("transport_death", mode="rail")
    assert evaluate_checklist(rail, death_docs(ticket="rail_ticket"), policy).complete
    assert evaluate_checklist(rail, death_docs(ticket="bus_ticket"), policy).missing == ["rail_ticket"]
    road = claim("transport_death", mode="motor_vehicle")
    assert evaluate_checklist(road, death_docs(ticket="taxi_receipt"), policy).complete
    assert evaluate_checklist(road, death_docs(), policy).missing == ["bus_ticket|taxi_receipt"]


def test_death_claim_checklist(policy) -> None:
    assert evaluate_checklist(claim("accidental_death"), death_docs(), policy).complete
    result = evaluate_checklist(claim("accidental_death"), death_docs()[1:], policy)
    assert result.missing == ["death_certificate"]
