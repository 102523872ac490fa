"""Value pools: hospitals, diagnoses, causes of death, stations, ports, airports, vehicles."""
import csv
import random
from datetime import date, timedelta
from functools import lru_cache

from models.registry import DEFAULT_HOSPITALS_PATH

# Invented hospitals, absent from the registry on purpose (the pipeline must flag them).
INVENTED_HOSPITALS = ("汕头潮南协和医院", "汕头市潮南区峡山仁爱医院", "潮南康华骨科医院", "汕头市练江医院")
DEPARTMENTS = ("骨科", "创伤骨科", "神经外科", "普外科", "急诊科", "脊柱外科", "关节外科", "外科")

INJURIES = (
    "右股骨颈骨折", "左股骨粗隆间骨折", "左桡骨远端骨折", "右桡骨远端骨折", "腰1椎体压缩性骨折",
    "胸12椎体压缩性骨折", "多发肋骨骨折", "左髌骨骨折", "右踝关节骨折", "左肱骨外科颈骨折",
    "右锁骨骨折", "头皮裂伤", "脑震荡", "创伤性硬膜下血肿", "多处软组织挫伤", "右胫腓骨骨折",
    "左尺骨鹰嘴骨折", "骨盆骨折", "右手第五掌骨骨折", "面部挫裂伤",
)
COMORBIDITIES = ("高血压病", "2型糖尿病", "冠状动脉粥样硬化性心脏病", "骨质疏松症", "慢性支气管炎", "脑梗死后遗症")
CAUSES_OF_DEATH = (
    "重型颅脑损伤", "多发性损伤", "创伤性休克", "失血性休克", "颅脑损伤", "溺水",
    "颈椎骨折伴高位截瘫", "胸腹联合伤", "创伤性脑出血", "多器官功能衰竭",
)
ACCIDENT_EVENTS = (
    "在家中浴室滑倒", "下楼梯时不慎踩空摔倒", "在菜园劳作时跌倒", "骑电动自行车时与小汽车发生碰撞",
    "步行过马路时被摩托车撞倒", "在村道上被三轮车刮倒", "被高处坠落的花盆砸伤", "在厨房地面滑倒",
)

RAIL_STATIONS = {
    "汕头站": "Shantou", "潮汕站": "Chaoshan", "潮阳站": "Chaoyang", "普宁站": "Puning",
    "揭阳站": "Jieyang", "广州南站": "Guangzhounan", "深圳北站": "Shenzhenbei", "厦门北站": "Xiamenbei",
    "汕尾站": "Shanwei", "惠州南站": "Huizhounan", "梅州西站": "Meizhouxi", "广州东站": "Guangzhoudong",
    "深圳坪山站": "Shenzhenpingshan", "饶平站": "Raoping",
}
METRO_STATIONS = ("体育西路站", "广州南站", "公园前站", "客村站", "珠江新城站", "福田站", "车公庙站", "会展中心站")
BUS_STATIONS = (
    "汕头汽车客运中心站", "潮南汽车客运站", "陈店汽车站", "两英汽车站", "峡山汽车站", "潮阳汽车站",
    "普宁汽车总站", "广州省汽车客运站", "深圳福田汽车站", "深圳罗湖汽车站", "揭阳汽车客运站", "惠来汽车站",
)
SHIP_NAMES = ("南澳岛1号", "汕妈渡2号", "粤海铁3号", "椰城号", "紫荆15号", "北游22号", "海峡号")
AIRPORTS = {
    "揭阳潮汕": "SWA", "广州白云": "CAN", "北京首都": "PEK", "北京大兴": "PKX", "上海虹桥": "SHA",
    "上海浦东": "PVG", "深圳宝安": "SZX", "成都天府": "TFU", "杭州萧山": "HGH", "昆明长水": "KMG",
}
AIRLINES = {"CZ": "中国南方航空", "MU": "中国东方航空", "CA": "中国国际航空", "ZH": "深圳航空", "3U": "四川航空",
            "HU": "海南航空"}
TAXI_COMPANIES = ("汕头市出租汽车有限公司", "汕头市粤运出租车有限公司", "潮南区客运出租车有限公司")
PLATE_CITY = "DDDDDDDDDVBA"  # mostly 粤D (Shantou), sometimes 粤V/粤B/粤A


@lru_cache(maxsize=1)
def registry_hospitals() -> tuple[str, ...]:
    """Hospital names from the shipped registry (models/data/hospitals.csv)."""
    with open(DEFAULT_HOSPITALS_PATH, encoding="utf-8-sig") as fh:
        return tuple(row["name"] for row in csv.DictReader(fh))


def random_hospital(rng: random.Random) -> str:
    """Mostly a registry hospital, sometimes an invented one."""
    if rng.random() < 0.1:
        return rng.choice(INVENTED_HOSPITALS)
    return rng.choice(registry_hospitals())


def random_diagnosis(rng: random.Random) -> str:
    """One or two injuries, sometimes with a chronic condition, joined by '；'."""
    parts = rng.sample(INJURIES, rng.choice((1, 1, 1, 2)))
    if rng.random() < 0.35:
        parts.append(rng.choice(COMORBIDITIES))
    return "；".join(parts)


def random_date(rng: random.Random, start: date = date(2024, 1, 1), end: date = date(2026, 6, 30)) -> date:
    """A day in [start, end]."""
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def random_amount(rng: random.Random, low: float, high: float, step: float = 0.01) -> float:
    """A money amount on a grid of `step` yuan, rounded to 2 decimals."""
    steps = round((high - low) / step)
    return round(low + rng.randint(0, steps) * step, 2)


def random_train(rng: random.Random) -> str:
    """A train number such as G7417, D2325, K228, T8."""
    kind = rng.choices("GDKTC", weights=(5, 3, 2, 1, 1))[0]
    digits = {"G": (1, 4), "D": (1, 4), "C": (3, 4), "K": (2, 4), "T": (1, 3)}[kind]
    return kind + str(rng.randint(10 ** (digits[0] - 1), 10 ** digits[1] - 1))


def random_flight(rng: random.Random) -> str:
    """A flight number such as CZ3571 or MU2935."""
    carrier = rng.choice(tuple(AIRLINES))
    if carrier == "CZ":
        return f"CZ3{rng.randint(0, 999):03d}" if rng.random() < 0.7 else f"CZ{rng.randint(1000, 8999)}"
    return f"{carrier}{rng.randint(1000, 9899)}"


def random_plate(rng: random.Random) -> str:
    """A taxi plate as in the truth: 粤D·T1234 (the dot is part of the canonical form)."""
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    tail = rng.choice("TTTT" + letters) + "".join(rng.choice("0123456789") for _ in range(4))
    return f"粤{rng.choice(PLATE_CITY)}·{tail}"


def random_digits(rng: random.Random, n: int) -> str:
    """n random decimal digits (leading zeros allowed)."""
    return "".join(rng.choice("0123456789") for _ in range(n))
