"""NOT_ELIGIBLE from the roster: listed, aged 60 or more on the accident date, covered on that date."""
from pipeline.validate.eligibility import age_on, eligibility_reasons
from tests.validate.factory import claim, codes, roster_entry


def test_listed_old_enough_and_covered(policy) -> None:
    assert eligibility_reasons(claim(), roster_entry(), policy) == []


def test_not_on_the_roster(policy) -> None:
    assert [(r.code.value, r.detail) for r in eligibility_reasons(claim(), None, policy)] == [
        ("NOT_ELIGIBLE", "not on the roster")]


def test_sixty_on_the_accident_date_is_enough(policy) -> None:
    assert eligibility_reasons(claim(accident="2025-03-10"), roster_entry(birth="1965-03-10"), policy) == []
    reasons = eligibility_reasons(claim(accident="2025-03-09"), roster_entry(birth="1965-03-10"), policy)
    assert codes(reasons) == ["NOT_ELIGIBLE"] and reasons[0].detail == "aged 59 on the accident date"


def test_not_covered_on_the_accident_date(policy) -> None:
    accident = claim(accident="2025-03-10")
    assert codes(eligibility_reasons(accident, roster_entry(covered_from="2025-04-01"), policy)) == ["NOT_ELIGIBLE"]
    assert codes(eligibility_reasons(accident, roster_entry(covered_to="2025-03-09"), policy)) == ["NOT_ELIGIBLE"]
    assert eligibility_reasons(claim(accident="2025-03-10"), roster_entry(covered_to="2025-03-10"), policy) == []


def test_age_in_completed_years() -> None:
    from datetime import date
    assert age_on(date(1960, 2, 29), date(2020, 2, 28)) == 59
    assert age_on(date(1960, 2, 29), date(2020, 2, 29)) == 60
