from datetime import date
from decimal import Decimal

import pytest

from pipeline.extract.fields import parsers


@pytest.mark.parametrize("text, expected", [
    ("2026年3月5日", date(2026, 3, 5)),
    ("开票日期：2026年03月05日", date(2026, 3, 5)),
    ("2026-03-05", date(2026, 3, 5)),
    ("2026.03.05", date(2026, 3, 5)),
    ("2026/3/5", date(2026, 3, 5)),
    ("20260305", date(2026, 3, 5)),
    ("２０２６年３月５日", date(2026, 3, 5)),  # full-width digits
    ("2025年7月13日20时09分", date(2025, 7, 13)),
    ("2026年2月30日", None),
    ("住院号 4388329", None),
])
def test_dates(text: str, expected: date | None) -> None:
    assert parsers.parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2825-87-18", date(2025, 7, 18)),     # 0 read as 8 in the year and the month; the day is possible as read
    ("开票日期 2025-08-18", None),          # a real date is not "repaired"
    ("2825-00-18", None),                  # month 00 stays impossible
    ("编号 28250718", None),                # only dates with separators
])
def test_repair_date_undoes_eight_for_zero(text: str, expected: date | None) -> None:
    assert parsers.repair_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("(小写)￥3468.00", Decimal("3468.00")),
    ("¥1,234.5元", Decimal("1234.50")),
    ("合计：120元", Decimal("120.00")),
    ("个人账户支付：0、00", Decimal("0.00")),
    ("(（小写)5616,30", Decimal("5616.30")),
    ("合计 12,345", Decimal("12345.00")),
    ("打印时间：2025-06-22 17:19:10", None),
    ("上车 16:56", None),
    ("医保统筹基金支付：1396:46", Decimal("1396.46")),  # a decimal point read as a colon: no clock has hour 1396
    ("无", None),
])
def test_money(text: str, expected: Decimal | None) -> None:
    assert parsers.parse_money(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("叁仟肆佰陆拾捌元整", Decimal("3468.00")),
    ("壹万捌仟叁佰捌拾贰元整", Decimal("18382.00")),
    ("伍仟陆佰壹拾陆元叁角整", Decimal("5616.30")),
    ("壹拾万零伍元伍角", Decimal("100005.50")),
    ("壹佰元零伍分", Decimal("100.05")),
    ("伍角", Decimal("0.50")),
    ("贰仟壹佰肆拾柒元叄角", Decimal("2147.30")),  # traditional 叄
    ("陆仟肆佰捌拾柒元叁", Decimal("6487.30")),  # OCR dropped the 角
    ("壹佰元零伍", Decimal("100.05")),  # ... or the 分
    ("壹万壹仟叁佰肆拾伍元壹角 (小写)¥11345.10", Decimal("11345.10")),
    ("人民币", None),
    ("金额(元)：壹佰元", Decimal("100.00")),
    ("西药费 120.00元", None),
])
def test_uppercase_money(text: str, expected: Decimal | None) -> None:
    amount = parsers.parse_cn_money(text)
    assert (amount.value if amount else None) == expected
    assert amount is None or amount.exact


def test_uppercase_money_with_a_misread_fraction_knows_only_the_yuan() -> None:
    amount = parsers.parse_cn_money("壹万零柒佰零叁元拳")
    assert amount == parsers.UpperAmount(10703, None)
    assert amount.admits(Decimal("10703.30")) and not amount.admits(Decimal("10704.30"))


def test_uppercase_money_with_misread_yuan_knows_the_fraction_and_the_range_of_its_clean_start() -> None:
    amount = parsers.parse_cn_money("贰仟童任器拦结元贰角整")
    assert amount == parsers.UpperAmount(None, Decimal("0.20"), (2000, 2999))
    assert not amount.exact and amount.value is None
    assert amount.admits(Decimal("2146.20"))
    assert not amount.admits(Decimal("2145.29")) and not amount.admits(Decimal("3146.20"))
    assert parsers.parse_cn_money("童任器拦结元贰角整") is None  # no clean start: the 角 alone say too little
    assert parsers.parse_cn_money("贰仟童任器拦结元拳") is None  # nothing but a range: no amount read


def test_id_numbers_full_masked_and_bad_checksum() -> None:
    assert parsers.parse_id_number("公民身份号码440514193509262822") == ("440514193509262822", True)
    assert parsers.parse_id_number("4405141954****1410钟少鹏") == ("4405141954****1410", True)
    assert parsers.parse_id_number("440514193509262823") == ("440514193509262823", False)
    assert parsers.parse_id_number("４４０５１４１９３５０９２６２８２２") == ("440514193509262822", True)
    assert parsers.parse_id_number("电话 0754-87595544") is None


@pytest.mark.parametrize("text, expected", [
    ("车号 粤D·T9599", "粤D·T9599"), ("粤DT9599", "粤D·T9599"), ("粤D T9599", "粤D·T9599"),
    ("粤d·t9599", "粤D·T9599"), ("电话 12345", None),
    ("车号 A-X2769", "A-X2769"), ("B-14T85", "B-14T85"),  # printed without the province
    ("TEL-12345", None), ("A-BCDEF", None), ("0755-83123456", None),
])
def test_plates(text: str, expected: str | None) -> None:
    assert parsers.parse_plate(text) == expected


def test_train_flight_grade_invoice() -> None:
    assert parsers.parse_train_number("G7417") == "G7417"
    assert parsers.parse_train_number("车次 D2315次") == "D2315"
    assert parsers.parse_train_number("乘车线路 13号线") == "13号线"
    assert parsers.parse_train_number("2025年05月18日") is None
    assert parsers.parse_flight_number("航班 CZ3456") == "CZ3456"
    assert parsers.parse_flight_number("3U8888") == "3U8888"
    assert parsers.parse_grade("伤残等级：十级") == 10
    assert parsers.parse_grade("构成九级伤残") == 9
    assert parsers.parse_grade("10级") == 10
    assert parsers.parse_grade("无") is None
    assert parsers.parse_invoice_number("票据号码：0482209465") == "0482209465"


@pytest.mark.parametrize("text,expected", [
    ("2025.06.26—2025.07.04", (date(2025, 6, 26), date(2025, 7, 4))),
    ("2025年06月26日至2025年07月04日", (date(2025, 6, 26), date(2025, 7, 4))),
    ("2025-06-26 至 07-04", (date(2025, 6, 26), date(2025, 7, 4))),
    ("2025.12.28~01.03", (date(2025, 12, 28), date(2026, 1, 3))),  # the last day in the next year
    ("20250626", (date(2025, 6, 26), None)),
    ("2025-06-26 共8天", (date(2025, 6, 26), None)),
    ("8天", None),
])
def test_date_ranges(text: str, expected: tuple | None) -> None:
    assert parsers.parse_date_range(text) == expected


def test_a_clock_time_right_after_a_date_is_not_part_of_its_day() -> None:
    assert parsers.parse_date("2024.3.3 10:17") == date(2024, 3, 3)
    assert parsers.parse_date("2024.03.31 10:17") == date(2024, 3, 31)
    assert parsers.parse_date("2024.3.31") == date(2024, 3, 31)


def test_airline_dates_are_read_with_their_letter_o_taken_for_a_zero() -> None:
    assert parsers.parse_date("CZ1704 Y 04OCT25 2200") == date(2025, 10, 4)
    assert parsers.parse_date("040CT25") == date(2025, 10, 4)
    assert parsers.parse_date("25JAN2025") == date(2025, 1, 25)
    assert parsers.parse_date("31FEB25") is None


def test_grades_in_roman_numerals() -> None:
    assert parsers.parse_grade("评定为VII级。") == 7
    assert parsers.parse_grade("Ⅸ级") == 9
    assert parsers.parse_grade("X级") == 10


def test_a_day_of_two_digits_before_an_hour_in_words() -> None:
    assert parsers.parse_date("2025-08-0820时30分") == date(2025, 8, 8)


def test_a_span_of_days_with_times_of_day_and_a_grade_with_its_numeral_twice() -> None:
    assert parsers.parse_date_range("2024-09-11 15:23至2024-09-20 10:00") == (date(2024, 9, 11), date(2024, 9, 20))
    assert parsers.parse_grade("评定为V（五）级伤残") == 5
