"""Classification from keywords and layout on hand-made OCR lines (fake OCR: classifier unit tests)."""
import pytest

from models.enums import DocType
from pipeline.extract.classify import classify, load_lexicon
from tests.extract.test_fields import line

TITLES = {
    DocType.id_card: ["姓名 黄秀琴", "性别 女 民族 汉", "出生 1935年9月26日", "住址 广东省汕头市潮南区",
                      "公民身份号码 440514193509262822"],
    DocType.hospital_invoice: ["广东省医疗收费票据", "票据代码：44060524", "合计（大写）叁仟元整"],
    DocType.expense_list: ["住院费用清单", "项目名称 规格 数量 单价 金额"],
    DocType.discharge_summary: ["出院小结", "入院日期：2025-03-15", "出院诊断：骨折"],
    DocType.medical_record: ["门诊病历", "主诉：摔倒致右腕痛", "现病史："],
    DocType.death_certificate: ["居民死亡医学证明（推断）书", "死亡日期 2025年7月13日", "直接死亡原因"],
    DocType.household_cancellation: ["注销户口证明", "兹证明：许茂盛，公民身份号码：440524193604158233", "派出所"],
    DocType.disability_assessment: ["司法鉴定意见书", "被鉴定人：洪汉城", "伤残等级：十级"],
    DocType.accident_proof: ["道路交通事故认定书", "当事人柯亚龙"],
    DocType.rail_ticket: ["普宁站 G7417 深圳北站", "二等座", "限乘当日当次车", "中国铁路祝您旅途愉快"],
    DocType.bus_ticket: ["广东省汽车客票", "发车站 陈店汽车站", "班次"],
    DocType.taxi_receipt: ["广东省汕头市出租汽车专用发票", "车号 粤D·T9599", "上车 21:47", "下车 22:11"],
    DocType.ship_ticket: ["汕头港客运站", "船票", "船名：南澳岛1号"],
    DocType.air_ticket: ["航空运输电子客票行程单", "航班 CZ6735", "揭阳潮汕机场"],
}


@pytest.mark.parametrize("doc_type", list(TITLES))
def test_each_type_is_recognised(doc_type: DocType) -> None:
    lines = [line(text, 50, 60 * i, h=40 if i else 60) for i, text in enumerate(TITLES[doc_type])]
    result = classify(lines)
    assert result.doc_type == doc_type, result.scores
    assert result.confidence > 0.5


def test_a_body_sentence_near_the_top_does_not_count_as_a_title() -> None:
    """A village's accident proof names the insured's 公民身份号码 in its first sentence: not an ID card."""
    texts = ["证明", "兹证明我村村民郑明树，男，73岁，公民身份号码", "440524195007174111，于2024年3月16日下楼梯时不慎",
             "踩空摔倒致伤。以上情况属实。", "汕头市潮南区仙城镇下塘村民委员会", "2024年4月4日"]
    lines = [line(text, 50, 60 * i, h=40 if i else 60) for i, text in enumerate(texts)]
    assert classify(lines).doc_type == DocType.accident_proof


def test_a_diagnosis_certificate_of_a_hospital_stay_is_a_discharge_summary() -> None:
    texts = ["汕头市中医医院", "诊断证明书", "住院号：52175126",
             "兹证明患者李发桂，男，83岁，因摔伤致伤，于2025年5月26日入住",
             "我院治疗，于2025年6月11日出院，共住院16天。", "出院诊断：左桡骨远端骨折"]
    lines = [line(text, 50, 60 * i, h=40 if i else 60) for i, text in enumerate(texts)]
    assert classify(lines).doc_type == DocType.discharge_summary


def test_a_register_card_copy_stamped_cancelled_is_a_household_cancellation() -> None:
    """The 常住人口登记卡 carries an ID card's labels; its register-card labels decide (photo cropped to the table)."""
    texts = ["姓名", "许英梅", "性别", "女", "户主或与户主关系", "母亲", "出生日期", "1946-03-16", "民族", "汉",
             "公民身份号码", "440582194603161789", "住址", "广东省汕头市潮南区雷岭镇新田乡四片18号",
             "何时由何地迁来本址", "何时何因注销", "2025-09-20因死亡注销"]
    assert classify(_page(texts)).doc_type == DocType.household_cancellation


def _page(texts: list[str]):
    return [line(text, 50, 60 * i, h=40 if i else 60) for i, text in enumerate(texts)]


def test_a_title_read_with_one_character_wrong_still_counts() -> None:
    lines = _page(["汕头市潮南区司马浦镇卫生院「诊病历", "姓名：黄爱 性别：女",
                   "骑电动自行车时与小汽车发生碰撞，伤处痛1天",
                   "印象：多处软组织挫伤", "处理：石膏固定，止痛，1周复诊。"])
    assert classify(lines).doc_type == DocType.medical_record


def test_a_village_notice_is_not_an_accident_proof() -> None:
    """村民委员会 signs notices too, and 居民委员会 is a keyword of its own, not 村民委员会 misread."""
    lines = _page(["停水通知", "各位村民：因供水管网改造施工，本村部分区域将暂停供水一天，",
                   "请各住户提前做好储水准备。特此通知。", "山城镇西村村民委员会", "2025年5月"])
    assert classify(lines).doc_type == DocType.other


def test_an_account_of_how_someone_was_hurt_is_an_accident_proof() -> None:
    lines = _page(["受伤经过证明", "兹证明我村村民李鸿，男，75岁，公民身份号码",
                   "440514194904289499，于2025年04月10日11时00分步行过马路时被",
                   "摩托车撞倒致伤，当即被送往汕头市潮南区陈店镇卫生院救治。以上", "情况属实。"])
    assert classify(lines).doc_type == DocType.accident_proof


def test_unrelated_text_is_other() -> None:
    lines = [line("欢迎光临潮汕牛肉火锅", 50, 0, h=60), line("牛肉丸 2份 36.00", 50, 80), line("谢谢惠顾", 50, 140)]
    assert classify(lines).doc_type == DocType.other
    assert classify([]).doc_type == DocType.other


def test_ambiguous_page_is_other_by_margin() -> None:
    lexicon = load_lexicon().model_copy(update={"min_margin": 0.99})
    lines = [line("出院小结", 50, 0, h=60), line("入院日期", 50, 80)]
    assert classify(lines, lexicon).doc_type == DocType.other


def test_traditional_forms_the_recogniser_reads_count_as_the_simplified_keyword() -> None:
    """A generated ID card's 公民身份号码 read as 公民身份號碼 (triage set claim CN20250717-0058)."""
    texts = ["沈志伟", "姓名", "性别", "男", "民族　汉", "出生", "1941年6月15日", "住址", "广东省汕头市潮南区田心",
             "公民身份號碼", "440514194106155170"]
    traditional = classify([line(text, 50, 60 * i) for i, text in enumerate(texts)])
    simplified = classify([line(text.replace("號碼", "号码"), 50, 60 * i) for i, text in enumerate(texts)])
    assert traditional.doc_type == DocType.id_card
    assert traditional.confidence == simplified.confidence


OTHER_WORDINGS = {  # names these documents go by elsewhere, beside the titles above
    DocType.taxi_receipt: ["的士发票", "B-14T85", "15.00"],
    DocType.expense_list: ["住院费用一日清单", "规格 数量"],
    DocType.household_cancellation: ["户籍证明", "该户籍已注销"],
    DocType.bus_ticket: ["道路旅客运输客票", "潮阳—广州"],
    DocType.rail_ticket: ["火车票", "席别 新空调"],
}


@pytest.mark.parametrize("doc_type", list(OTHER_WORDINGS))
def test_other_wordings_of_a_type_are_recognised(doc_type: DocType) -> None:
    lines = [line(text, 50, 60 * i, h=40 if i else 60) for i, text in enumerate(OTHER_WORDINGS[doc_type])]
    assert classify(lines).doc_type == doc_type, classify(lines).scores
