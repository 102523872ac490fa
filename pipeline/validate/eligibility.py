"""NOT_ELIGIBLE from the government's roster: listed, old enough and covered on the accident date."""
from datetime import date

from models.claim import ClaimReport
from models.decision import Reason
from models.enums import ReasonCode
from models.policy import Policy
from models.registry import RosterEntry
from models.text import normalize


def age_on(birth: date, day: date) -> int:
    """Age in completed years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def eligibility_reasons(claim: ClaimReport, entry: RosterEntry | None, policy: Policy) -> list[Reason]:
    """NOT_ELIGIBLE when the insured is not on the roster, under age or not covered on the accident date.

    A roster entry under the claim's ID number but with another name is an IDENTITY_MISMATCH (roster.name).
    """
    if entry is None:
        return [Reason(code=ReasonCode.NOT_ELIGIBLE, detail="not on the roster")]
    accident = claim.accident.date
    reasons = []
    if normalize(entry.name) != normalize(claim.insured.name):
        reasons.append(Reason(code=ReasonCode.IDENTITY_MISMATCH, detail="roster.name"))
    age = age_on(entry.birth_date, accident)
    if age < policy.insured_min_age:
        reasons.append(Reason(code=ReasonCode.NOT_ELIGIBLE, detail=f"aged {age} on the accident date"))
    if not entry.covers(accident):
        reasons.append(Reason(code=ReasonCode.NOT_ELIGIBLE,
                              detail=f"not covered on {accident} ({entry.covered_from} to {entry.covered_to})"))
    return reasons
