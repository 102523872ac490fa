"""The after-the-fact QA sample of fast-paid claims: a fixed share, drawn deterministically per claim."""
import hashlib

from models.policy import Policy


def in_qa_sample(claim_id: str, policy: Policy) -> bool:
    """True for about ``qa_sample.fast_pay_rate`` of claim ids, always the same ones for the same seed.

    Only flags a fast-paid claim for a later look; it never holds the payment back.
    """
    digest = hashlib.sha256(f"{policy.qa_sample.seed}:{claim_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") < policy.qa_sample.fast_pay_rate * 2**64
