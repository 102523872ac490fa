"""Random insured people: Chaoshan names, valid GB 11643 ID numbers, Chaonan addresses."""
import random
from dataclasses import dataclass
from datetime import date, timedelta

from models.ids import birth_date, check_char

SURNAMES = (
    "陈", "林", "黄", "郑", "李", "张", "王", "吴", "蔡", "许", "谢", "杨", "佘", "詹", "姚", "柯",
    "肖", "苏", "赖", "蚁", "纪", "洪", "马", "周", "刘", "翁", "方", "钟", "庄", "沈", "朱", "余",
)
# Common surnames appear more often, like on a Chaonan roster.
_SURNAME_WEIGHTS = (18, 16, 10, 9, 7, 7, 5, 5, 5, 5, 4, 4, 2, 2, 2, 2, 2, 2, 2, 1, 2, 4, 3, 2, 3, 2, 2, 2, 2, 2, 2, 1)
_MALE_CHARS = "德志荣茂盛汉城木炳锦泽树松乾坤宏伟国明建华财金顺合发振海清水永亚少俊鸿耀镇楚桂雄豪奕"
_FEMALE_CHARS = "秀英桂兰玉珍淑梅妙娟琴凤惠丽燕芳莲月娥婵爱春銮卿香雪亚少瑞素碧彩丹宝"
AREA_CODES = ("440514", "440524", "440582")
TOWNS = (
    "峡山街道", "井都镇", "陇田镇", "雷岭镇", "成田镇", "红场镇", "胪岗镇", "两英镇",
    "仙城镇", "陈店镇", "司马浦镇", "沙陇镇", "田心镇",
)
_VILLAGE_HEADS = "东南西北上下新大后前"
_VILLAGE_TAILS = ("村", "社区", "乡")
_STREETS = ("新兴路", "和平路", "中山路", "环城路", "广兴路", "文化路", "振兴街", "金光路")


@dataclass(frozen=True)
class Person:
    """One insured person as printed on their documents."""

    name: str
    id_number: str
    sex: str
    birth: date
    address: str
    ethnicity: str = "汉"

    def age_on(self, day: date) -> int:
        """Age in whole years on a given day."""
        return day.year - self.birth.year - ((day.month, day.day) < (self.birth.month, self.birth.day))


def random_name(rng: random.Random, sex: str | None = None) -> str:
    """A 2- or 3-character Chinese name with a Chaoshan-frequent surname."""
    sex = sex or rng.choice("男女")
    pool = _MALE_CHARS if sex == "男" else _FEMALE_CHARS
    surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    given = rng.choice(pool) if rng.random() < 0.2 else rng.choice(pool) + rng.choice(pool)
    return surname + given


def random_id_number(rng: random.Random, sex: str, born: date) -> str:
    """A valid 18-digit ID number (GB 11643 checksum) with a Chaonan-area code."""
    sequence = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "男" else (0, 2, 4, 6, 8))
    first17 = f"{rng.choice(AREA_CODES)}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)


def random_birth(rng: random.Random) -> date:
    """A birth date between 1930 and 1965."""
    start = date(1930, 1, 1)
    return start + timedelta(days=rng.randrange((date(1965, 12, 31) - start).days + 1))


def random_address(rng: random.Random) -> str:
    """A household address in Chaonan District."""
    village = rng.choice(_VILLAGE_HEADS) + rng.choice("溪洋埔塘头寮厝围田岭") + rng.choice(_VILLAGE_TAILS)
    if rng.random() < 0.3:
        tail = f"{rng.choice(_STREETS)}{rng.randint(1, 180)}号"
    else:
        tail = f"{village}{rng.choice('一二三四五六')}片{rng.randint(1, 90)}号"
    return f"广东省汕头市潮南区{rng.choice(TOWNS)}{tail}"


def random_person(rng: random.Random, name: str | None = None, id_number: str | None = None) -> Person:
    """A person; a given ID number fixes birth date and sex, a given name is kept as is."""
    if id_number:
        born = birth_date(id_number)
        sex = "男" if int(id_number[16]) % 2 else "女"
    else:
        sex, born = rng.choice("男女"), random_birth(rng)
        id_number = random_id_number(rng, sex, born)
    return Person(name or random_name(rng, sex), id_number, sex, born, random_address(rng))


def town_of(address: str) -> str:
    """The town named in an address, without its suffix (陈店镇 -> 陈店); 峡山 when none is named."""
    for town in TOWNS:
        if town in address:
            return town.removesuffix("街道").removesuffix("镇")
    return "峡山"


def mask_middle(id_number: str) -> str:
    """An ID number masked as tickets print it: 4405241952****1226."""
    return id_number[:10] + "****" + id_number[14:]
