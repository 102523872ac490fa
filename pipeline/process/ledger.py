"""What the insured already received in a policy year from other claims (for the per-year caps)."""
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from models.claim import ClaimReport
from models.enums import ClaimType
from pipeline.validate.benefits import PriorUse
from storage.database import lifecycle
from storage.database.repository import earlier_allowance_days, id_number_hash
from storage.database.tables import ClaimRow, DecisionRow


def earlier_medical_paid(session: Session, claim: ClaimReport, policy_year: int) -> Decimal:
    """Medical-expense amounts of the insured's other, earlier-reported claims counted in ``policy_year``
    (current decisions of claims granted or still waiting for a reviewer, lifecycle.COUNTED; ties in reported_at
    broken by claim_id)."""
    query = (
        select(func.coalesce(func.sum(DecisionRow.payable_amount), 0))
        .join(ClaimRow, ClaimRow.claim_id == DecisionRow.claim_id)
        .where(
            ClaimRow.insured_id_hash == id_number_hash(claim.insured.id_number),
            ClaimRow.claim_type == ClaimType.medical_expense.value,
            ClaimRow.claim_id != claim.claim_id,
            ClaimRow.status.in_(lifecycle.COUNTED),
            DecisionRow.is_current.is_(True),
            DecisionRow.policy_year == policy_year,
            DecisionRow.payable_amount.is_not(None),
            or_(ClaimRow.reported_at < claim.reported_at,
                and_(ClaimRow.reported_at == claim.reported_at, ClaimRow.claim_id < claim.claim_id)),
        )
    )
    return Decimal(session.scalar(query) or 0)


def prior_use(session: Session, claim: ClaimReport, policy_year: int) -> PriorUse:
    """Allowance days and medical amounts already granted to the insured in the policy year by earlier claims."""
    days = earlier_allowance_days(session, claim.insured.id_number, policy_year, claim_id=claim.claim_id,
                                  reported_at=claim.reported_at)
    return PriorUse(allowance_days=days, medical_paid=earlier_medical_paid(session, claim, policy_year))
