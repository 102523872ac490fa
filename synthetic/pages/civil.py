"""Civil records after a death: death certificates (死亡医学证明) and household cancellations (户籍注销证明)."""
import random
from datetime import timedelta

from PIL import Image

from models.enums import DocType
from synthetic.canvas import Canvas
from synthetic.catalog import CAUSES_OF_DEATH, random_date, random_digits, random_hospital
from synthetic.marks import ink, seal, signature
from synthetic.pages.base import DocSpec, Values, a4, date_text, given, given_date, maybe_fullwidth
from synthetic.people import random_name, random_person, town_of

SECONDARY_CAUSES = ("跌倒", "交通事故", "高处坠落", "道路交通伤", "摔伤", "交通工具内摔倒")
DEATH_PLACES = ("医疗卫生机构", "家中", "来院途中", "其他场所")


def _sample(rng: random.Random, values: Values) -> Values:
    person = random_person(rng, values.get("name"), values.get("id_number"))
    death = given_date(values, "death_date", lambda: random_date(rng))
    return {
        "name": person.name, "id_number": person.id_number, "sex": person.sex, "birth": person.birth,
        "age": person.age_on(death), "address": person.address, "town": town_of(person.address),
        "death_date": death, "cause_of_death": given(values, "cause_of_death", lambda: rng.choice(CAUSES_OF_DEATH)),
        "cancellation_date": given_date(values, "cancellation_date",
                                        lambda: death + timedelta(days=rng.randint(2, 40))),
        "hospital": random_hospital(rng), "relative": random_name(rng), "doctor": random_name(rng),
        "clerk": random_name(rng), "serial": random_digits(rng, rng.choice((10, 12))),
        "hour": rng.randint(0, 23), "minute": rng.randint(0, 59),
    }


def _death_time(rng: random.Random, v: Values, styles: tuple[str, ...]) -> str:
    return f"{date_text(rng, v['death_date'], styles)}{v['hour']}时{v['minute']:02d}分"


def standard_form(rng: random.Random, v: Values) -> Image.Image:
    """居民死亡医学证明（推断）书, the standard ruled form, one of its copies (联)."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(24 * u), 60 * u, c.w - 60 * u
    c.text(c.w / 2, 110 * u, "居民死亡医学证明（推断）书", int(46 * u), "serif", True, anchor="ms")
    c.kv(x1 - 380 * u, 165 * u, "编号", v["serial"], int(24 * u), value_face="latin_mono")
    ds = (rng.choice(("cn", "cn0")),)
    wid = [(x1 - x0) * f for f in (0.15, 0.17, 0.1, 0.1, 0.12, 0.14, 0.1, 0.12)]
    place = rng.choice(DEATH_PLACES)
    rows = [
        ["死者姓名", v["name"], "性别", v["sex"], "民族", "汉族", "国家", "中国"],
        ["证件类别", "居民身份证", "证件号码", (v["id_number"], 3), "年龄", f"{v['age']}岁"],
        ["出生日期", (date_text(rng, v["birth"], ds), 2), "死亡日期", (_death_time(rng, v, ds), 2), "死亡地点",
         place],
        ["常住地址", (v["address"], 7)],
        ["家属姓名", v["relative"], "联系电话", ("13" + random_digits(rng, 9), 2), "家属住址", (v["town"] + "镇", 2)],
    ]
    y = c.table(x0, 190 * u, wid, 64 * u, rows, s, outer=3)
    cause_rows = [
        [("致死的主要疾病诊断", 3), ("疾病名称（勿填症状体征）", 3), ("发病至死亡大概间隔", 2)],
        [("Ⅰ.(a)直接死亡原因", 3), (v["cause_of_death"], 3), (rng.choice(("1天", "2小时", "3天", "30分钟")), 2)],
        [("(b)引起(a)的疾病或情况", 3), (rng.choice(SECONDARY_CAUSES), 3), (None, 2)],
        [("(c)引起(b)的疾病或情况", 3), (None, 3), (None, 2)],
        [("Ⅱ.其他疾病诊断", 3), (rng.choice(("高血压病", "2型糖尿病", "无")), 3), (None, 2)],
    ]
    y = c.table(x0, y, wid, 62 * u, cause_rows, s, outer=3)
    sign = [["医师签名", None, ("医疗卫生机构盖章", 2), (None, 2), "填表日期",
             date_text(rng, v["death_date"] + timedelta(days=rng.randint(0, 2)), ds)]]
    wid2 = [(x1 - x0) * f for f in (0.12, 0.17, 0.1, 0.12, 0.1, 0.12, 0.11, 0.16)]
    y = c.table(x0, y, wid2, 170 * u, sign, s, outer=3)
    signature(c, x0 + 0.13 * (x1 - x0), y - 110 * u, 45 * u, v["doctor"], rng)
    seal(c.img, x0 + 0.55 * (x1 - x0), y - 85 * u, 105 * u, rng, v["hospital"], rng.choice(("医务科", "")))
    c.text(c.w / 2, y + 70 * u, rng.choice(("（第四联 死者家属保存）", "（第三联 公安机关保存）",
                                            "（第二联 死者家属保存）")),
           int(28 * u), anchor="ms")
    c.para(x0, y + 130 * u, x1 - x0,
           "注：1.此表由医师填写，字迹清楚，内容完整。2.死者家属持此证明到公安机关办理户籍注销手续，"
           "到殡葬管理部门办理尸体火化手续。", int(21 * u))
    return c.img


def line_form(rng: random.Random, v: Values) -> Image.Image:
    """A tinted copy of the certificate with underlined blanks instead of a full grid."""
    tint = rng.choice(((250, 236, 236), (250, 248, 228), (236, 246, 236), (244, 244, 244)))
    w = rng.randint(1240, 1400)
    c = Canvas(w, int(w * 1.1), tint)
    u = c.w / 1240
    s, x0, x1 = int(29 * u), 90 * u, c.w - 90 * u
    c.text(c.w / 2, 110 * u, "居民死亡医学证明（推断）书", int(44 * u), bold=True, anchor="ms", tracking=4 * u)
    c.text(x1, 170 * u, f"No.{v['serial']}", int(26 * u), "latin_mono", fill=(190, 30, 40), anchor="rs")
    ds = (rng.choice(("cn", "dot", "iso")),)
    fields = [
        [(rng.choice(("姓名", "死者姓名")), v["name"], 300), ("性别", v["sex"], 120), ("年龄", f"{v['age']}岁", 140)],
        [("身份证号码", v["id_number"], 480)],
        [(rng.choice(("死亡日期", "死亡时间")), _death_time(rng, v, ds), 420),
         ("死亡地点", rng.choice(DEATH_PLACES), 220)],
        [("直接死亡原因", v["cause_of_death"], 420)],
        [("引起上述原因的疾病或情况", rng.choice(SECONDARY_CAUSES), 300)],
        [("住址", v["address"], 800)],
    ]
    y = 260 * u
    for row in fields:
        x = x0
        for label, value, width in row:
            end = c.text(x, y, label + "：", s)
            c.text(end + 10 * u, y - 4 * u, value, s, fill=(20, 20, 90))
            c.line(end, y + 8 * u, end + width * u, y + 8 * u, 1)
            x = end + width * u + 40 * u
        y += 78 * u
    y += 40 * u
    c.text(x0, y, "医师签名：", s)
    signature(c, x0 + 160 * u, y - 40 * u, 50 * u, v["doctor"], rng)
    c.text(x1 - 430 * u, y, "填报单位（盖章）：", s)
    y += 90 * u
    c.text(x1, y, date_text(rng, v["death_date"], ds), s, anchor="rs")
    seal(c.img, x1 - 180 * u, y - 60 * u, 110 * u, rng, v["hospital"], "")
    return c.img


def village_letter(rng: random.Random, v: Values) -> Image.Image:
    """死亡证明 issued by a township health centre or village committee for a death outside hospital."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(33 * u), 130 * u, c.w - 130 * u
    face = rng.choice(("serif", "sans"))
    issuer = (f"汕头市潮南区{v['town']}镇卫生院" if rng.random() < 0.5
              else f"{v['town']}镇{rng.choice('东西南北')}村村民委员会")
    c.text(c.w / 2, 220 * u, rng.choice(("死亡证明", "居民死亡证明", "死 亡 证 明")), int(58 * u), face, True,
           anchor="ms", tracking=8 * u)
    ds = (rng.choice(("cn", "cn0")),)
    fw = 0.25 if face == "serif" else 0.0
    body = maybe_fullwidth(rng, (
        f"兹有{v['address'].removeprefix('广东省')}居民{v['name']}，{v['sex']}，{v['age']}岁，"
        f"公民身份号码：{v['id_number']}，于{_death_time(rng, v, ds)}在{rng.choice(('家中', '送医途中', '村道旁'))}"
        f"因{v['cause_of_death']}死亡。"), fw)
    y = c.para(x0, 360 * u, x1 - x0, body, s, face, leading=2.0, indent=2)
    y = c.para(x0, y + 20 * u, x1 - x0, "特此证明。", s, face, indent=2)
    y += 200 * u
    c.text(x1, y, issuer, s, face, anchor="rs")
    c.text(x1, y + 75 * u, date_text(rng, v["death_date"] + timedelta(days=rng.randint(0, 3)), ds), s, face,
           anchor="rs")
    seal(c.img, x1 - 200 * u, y - 10 * u, 125 * u, rng, issuer, rng.choice(("", "公章")))
    return c.img


def _station(v: Values) -> str:
    return f"汕头市公安局潮南分局{v['town']}派出所"


def cancellation_letter(rng: random.Random, v: Values) -> Image.Image:
    """户籍注销证明 as a letter from the police station with its 户口专用章."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(33 * u), 120 * u, c.w - 120 * u
    face = rng.choice(("serif", "sans"))
    c.text(c.w / 2, 200 * u, rng.choice(("户籍注销证明", "注销户口证明", "证  明")), int(56 * u), face, True,
           anchor="ms", tracking=6 * u)
    c.text(x1, 280 * u, f"潮南公（{v['town']}）户证字〔{v['cancellation_date'].year}〕{rng.randint(10, 400)}号",
           int(26 * u), face, anchor="rs")
    ds = (rng.choice(("cn", "cn0")),)
    fw = 0.2
    if rng.random() < 0.5:
        body = (f"兹证明：{v['name']}，性别：{v['sex']}，民族：汉，出生日期：{date_text(rng, v['birth'], ds)}，"
                f"公民身份号码：{v['id_number']}，原户籍地址：{v['address']}。该人已于"
                f"{date_text(rng, v['cancellation_date'], ds)}因死亡注销户口。")
    else:
        body = (f"经查，{v['name']}（公民身份号码：{v['id_number']}）原系我所辖区常住户口，户籍地址为{v['address']}。"
                f"因其已于{date_text(rng, v['death_date'], ds)}死亡，"
                f"我所已于{date_text(rng, v['cancellation_date'], ds)}"
                "办理户口注销。")
    y = c.para(x0, 380 * u, x1 - x0, maybe_fullwidth(rng, body, fw), s, face, leading=1.9, indent=2)
    c.para(x0, y + 20 * u, x1 - x0, "特此证明。", s, face, indent=2)
    y = c.h * 0.62
    c.text(x1, y, _station(v), s, face, anchor="rs")
    c.text(x1, y + 70 * u, date_text(rng, v["cancellation_date"], ds), s, face, anchor="rs")
    seal(c.img, x1 - 200 * u, y, 130 * u, rng, _station(v), "户口专用章")
    c.kv(x0, y + 250 * u, "经办人", v["clerk"], int(28 * u), face=face)
    c.kv(x0, y + 310 * u, "联系电话", f"0754-8{random_digits(rng, 7)}", int(28 * u), face=face)
    return c.img


def cancellation_table(rng: random.Random, v: Values) -> Image.Image:
    """注销户口证明 as a ruled table form."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(28 * u), 100 * u, c.w - 100 * u
    c.text(c.w / 2, 170 * u, rng.choice(("注销户口证明", "户口注销证明", "户籍注销证明")), int(52 * u), bold=True,
           anchor="ms", tracking=10 * u)
    ds = (rng.choice(("iso", "cn0", "dot")),)
    wid = [(x1 - x0) * f for f in (0.2, 0.3, 0.2, 0.3)]
    rows = [
        ["姓名", v["name"], "性别", v["sex"]],
        ["民族", "汉", "出生日期", date_text(rng, v["birth"], ds)],
        ["公民身份号码", (v["id_number"], 3)],
        ["户籍地址", (v["address"], 3)],
        ["注销原因", "死亡", rng.choice(("注销日期", "注销时间")), date_text(rng, v["cancellation_date"], ds)],
        ["死亡日期", date_text(rng, v["death_date"], ds), "证明编号", random_digits(rng, 8)],
        ["备注", ("死者家属凭此证明办理相关手续", 3)],
    ]
    y = c.table(x0, 250 * u, wid, 90 * u, rows, s, outer=4)
    y += 150 * u
    c.text(x1, y, _station(v), s, anchor="rs")
    c.text(x1, y + 70 * u, "（盖章）", s, anchor="rs")
    c.text(x1, y + 140 * u, date_text(rng, v["cancellation_date"], ("cn",)), s, anchor="rs")
    seal(c.img, x1 - 220 * u, y + 40 * u, 125 * u, rng, _station(v), "户口专用章")
    return c.img


def register_card(rng: random.Random, v: Values) -> Image.Image:
    """A copy of the 常住人口登记卡 stamped 注销, with a certifying note and cancellation date below."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(26 * u), 90 * u, c.w - 90 * u
    c.text(c.w / 2, 130 * u, rng.choice(("户口注销证明", "户籍注销证明")), int(46 * u), bold=True, anchor="ms")
    c.text(c.w / 2, 200 * u, "（常住人口登记卡复印件）", int(28 * u), anchor="ms")
    ds = (rng.choice(("cn", "iso", "dot")),)
    wid = [(x1 - x0) * f for f in (0.16, 0.2, 0.12, 0.14, 0.16, 0.22)]
    rows = [
        ["姓名", v["name"], "性别", v["sex"], "户主或与户主关系", rng.choice(("户主", "配偶", "母亲", "父亲"))],
        ["出生日期", (date_text(rng, v["birth"], ds), 2), "民族", "汉", None],
        ["公民身份号码", (v["id_number"], 3), "文化程度", rng.choice(("小学", "文盲", "初中"))],
        ["住址", (v["address"], 5)],
        ["何时由何地迁来本址", ("", 5)],
        ["何时何因注销", (f"{date_text(rng, v['cancellation_date'], ds)} 因死亡注销", 5)],
    ]
    y = c.table(x0, 240 * u, wid, 80 * u, rows, s, outer=4)
    stamp = Canvas(420, 200, (255, 255, 255))
    stamp.rect(8, 8, 412, 192, 10, (0, 0, 0))
    stamp.text(210, 100, "注  销", 110, bold=True, fill=(0, 0, 0), anchor="mm")
    coverage = stamp.img.convert("L").point(lambda p: 255 - p).rotate(rng.uniform(15, 30), expand=True)
    ink(c.img, coverage.resize((int(coverage.width * u), int(coverage.height * u))), int(c.w * 0.5), int(300 * u),
         (200, 30, 40), rng, 0.8)
    y += 90 * u
    y = c.para(x0, y, x1 - x0, f"经核实，以上人员户口已于{date_text(rng, v['cancellation_date'], ds)}注销，特此证明。",
               s, indent=2)
    y += 120 * u
    c.text(x1, y, _station(v), s, anchor="rs")
    c.text(x1, y + 60 * u, date_text(rng, v["cancellation_date"], ("cn",)), s, anchor="rs")
    seal(c.img, x1 - 200 * u, y, 120 * u, rng, _station(v), "户口专用章")
    return c.img


SPECS = {
    DocType.death_certificate: DocSpec(
        ("name", "id_number", "death_date", "cause_of_death"), _sample,
        {"standard_form": standard_form, "line_form": line_form, "village_letter": village_letter}),
    DocType.household_cancellation: DocSpec(
        ("name", "id_number", "cancellation_date"), _sample,
        {"cancellation_letter": cancellation_letter, "cancellation_table": cancellation_table,
         "register_card": register_card}),
}
