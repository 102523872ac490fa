"""The QA sample: a configurable, deterministic share of fast-paid claims."""
from pipeline.route.qa_sample import in_qa_sample


def test_deterministic_and_about_the_configured_rate(policy) -> None:
    ids = [f"CN20250101-{i:04d}" for i in range(4000)]
    flagged = [i for i in ids if in_qa_sample(i, policy)]
    assert flagged == [i for i in ids if in_qa_sample(i, policy)]
    assert abs(len(flagged) / len(ids) - policy.qa_sample.fast_pay_rate) < 0.015


def test_rate_and_seed_are_configuration(policy) -> None:
    everyone = policy.model_copy(update={"qa_sample": policy.qa_sample.model_copy(update={"fast_pay_rate": 1.0})})
    nobody = policy.model_copy(update={"qa_sample": policy.qa_sample.model_copy(update={"fast_pay_rate": 0.0})})
    assert in_qa_sample("X", everyone) and not in_qa_sample("X", nobody)
    reseeded = policy.model_copy(update={"qa_sample": policy.qa_sample.model_copy(update={"seed": "other"})})
    ids = [f"C{i}" for i in range(400)]
    assert [in_qa_sample(i, policy) for i in ids] != [in_qa_sample(i, reseeded) for i in ids]
