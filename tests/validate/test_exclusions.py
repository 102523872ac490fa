"""POSSIBLE_EXCLUSION terms in diagnoses, causes of death and the accident description."""
from pipeline.validate.exclusions import exclusion_reasons
from tests.validate.factory import claim, death_docs, details, doc, stay_docs


def test_clean_claim(policy) -> None:
    assert exclusion_reasons(claim(), stay_docs(), policy) == []


def test_term_in_a_diagnosis_description_or_cause(policy) -> None:
    drunk = stay_docs(diagnosis="左髌骨骨折；急性酒精中毒（醉酒状态）")
    assert details(exclusion_reasons(claim(), drunk, policy), "POSSIBLE_EXCLUSION") == ["醉酒", "酒精中毒"]
    fight = claim(description="与邻居打架致头皮裂伤")
    assert details(exclusion_reasons(fight, stay_docs(), policy), "POSSIBLE_EXCLUSION") == ["打架"]
    sudden = death_docs(cause="猝死")
    assert details(exclusion_reasons(claim("accidental_death"), sudden, policy), "POSSIBLE_EXCLUSION") == ["猝死"]


def test_dental_only_for_hospital_benefits(policy) -> None:
    dental = stay_docs(diagnosis="上颌中切牙冠折；牙齿修复")
    assert details(exclusion_reasons(claim(), dental, policy), "POSSIBLE_EXCLUSION") == ["牙齿修复"]
    record = [doc("medical_record", diagnosis="种植牙")]
    assert exclusion_reasons(claim("accidental_death"), death_docs() + record, policy) == []


def test_unreadable_diagnosis_is_low_confidence(policy) -> None:
    docs = stay_docs()
    docs[1] = doc("discharge_summary", name="陈秀英", diagnosis=("骨折", 0.2))
    assert details(exclusion_reasons(claim(), docs, policy), "LOW_CONFIDENCE") == ["discharge_summary.diagnosis"]


def test_terms_on_unreadable_photos_still_count(policy) -> None:
    blurred = doc("medical_record", usable=False, diagnosis=("斗殴致伤", 0.4))
    assert details(exclusion_reasons(claim(), [*stay_docs(), blurred], policy), "POSSIBLE_EXCLUSION") == ["斗殴"]


def test_a_diagnosis_read_only_in_part_does_not_hide_a_term(policy) -> None:
    docs = stay_docs(diagnosis="左髌骨骨折")
    page = "出院小结\n出院诊断：1.左髌骨骨折 2.高血压病\n3.急性酒精中毒（醉酒状态）"
    texts = {docs[1].object: page}
    assert details(exclusion_reasons(claim(), docs, policy, texts), "POSSIBLE_EXCLUSION") == ["醉酒", "酒精中毒"]
    invoice_page = {docs[2].object: "醉酒"}  # only clinical pages, death certificates and accident proofs count
    assert exclusion_reasons(claim(), docs, policy, invoice_page) == []
