"""All rules on one claim: the shared samples' outcomes from hand-built documents."""
from decimal import Decimal

from pipeline.validate.benefits import PriorUse
from pipeline.validate.claim import Context, validate_claim
from pipeline.validate.duplicates import DuplicateHit
from tests.validate.factory import claim, codes, death_docs, roster_entry, stay_docs


def test_clean_allowance_claim_has_no_reason(policy, hospitals) -> None:
    result = validate_claim(claim(), stay_docs(), Context(roster_entry(), hospitals), policy)
    assert result.reasons == [] and result.checklist.complete and result.payable.amount == Decimal("390.00")


def test_every_applicable_reason_is_collected(policy, hospitals) -> None:
    c = claim("transport_death", mode="air")
    hit = DuplicateHit("intake/a.jpg", "CN-OTHER", "intake/b.jpg", "sha256")
    result = validate_claim(c, death_docs(ticket="ship_ticket", travel="2025-03-10"),
                            Context(None, hospitals, [hit], PriorUse()), policy)
    assert set(codes(result.reasons)) == {"MISSING_DOCUMENT", "NOT_ELIGIBLE", "TRANSPORT_MODE_MISMATCH",
                                          "REVIEW_REQUIRED_CLAIM_TYPE", "HIGH_VALUE", "DUPLICATE_DOCUMENT"}
    assert result.payable.amount == Decimal("100000.00")
