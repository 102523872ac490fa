"""HOSPITAL_NOT_QUALIFIED: registry levels, names and aliases tolerant to OCR noise, never assumed fine."""
from pipeline.validate.hospitals import hospital_reasons, match_hospital
from tests.validate.factory import claim, codes, details, doc, stay_docs


def test_names_aliases_and_ocr_noise(hospitals, policy) -> None:
    bar = policy.thresholds.hospital_name_match
    assert match_hospital("汕头市潮南区中医医院", hospitals, bar).level == "二级"
    assert match_hospital("潮南民生医院", hospitals, bar).name == "汕头潮南民生医院"  # alias
    assert match_hospital("汕头市潮南区中医医阮", hospitals, bar).name == "汕头市潮南区中医医院"  # one character off
    assert match_hospital("汕头市潮阳区人民医院", hospitals, bar).name == "汕头市潮阳区人民医院"  # not 潮南
    assert match_hospital("汕头潮南协和医院", hospitals, bar) is None


def test_qualified_hospital(hospitals, policy) -> None:
    assert hospital_reasons(claim(), stay_docs(), hospitals, policy) == []
    assert hospital_reasons(claim("medical_expense"), stay_docs(hospital="普宁人民医院"), hospitals, policy) == []


def test_level_one_and_unknown_hospitals(hospitals, policy) -> None:
    low = hospital_reasons(claim(), stay_docs(hospital="汕头市潮南区雷岭镇卫生院"), hospitals, policy)
    assert details(low, "HOSPITAL_NOT_QUALIFIED") == ["汕头市潮南区雷岭镇卫生院: 一级, below 二级"]
    unknown = hospital_reasons(claim(), stay_docs(hospital="汕头潮南协和医院"), hospitals, policy)
    assert details(unknown, "HOSPITAL_NOT_QUALIFIED") == ["汕头潮南协和医院: not in the registry"]


def test_no_hospital_anywhere_is_not_assumed_fine(hospitals, policy) -> None:
    docs = [doc("id_card", name="陈秀英"), doc("discharge_summary", name="陈秀英")]
    assert codes(hospital_reasons(claim(), docs, hospitals, policy)) == ["HOSPITAL_NOT_QUALIFIED"]
    unsure = [doc("discharge_summary", hospital=("汕头市中心医院", 0.3))]
    assert details(hospital_reasons(claim(), unsure, hospitals, policy), "LOW_CONFIDENCE") == [
        "discharge_summary.hospital"]


def test_hospital_from_any_document_even_an_unreadable_one(hospitals, policy) -> None:
    invoice = doc("hospital_invoice", name="陈秀英", total_amount="10.00")  # hospital only in its seal
    blurred = doc("discharge_summary", usable=False, hospital="汕头市潮南区雷岭镇卫生院")
    assert codes(hospital_reasons(claim(), [invoice, blurred], hospitals, policy)) == ["HOSPITAL_NOT_QUALIFIED"]
    expenses = doc("expense_list", hospital="汕头市中心医院")
    assert hospital_reasons(claim(), [invoice, expenses], hospitals, policy) == []


def test_death_claims_have_no_hospital_rule(hospitals, policy) -> None:
    assert hospital_reasons(claim("accidental_death"), [], hospitals, policy) == []
