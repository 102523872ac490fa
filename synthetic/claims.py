"""Seeded sets of whole claims for the triage benchmark: claim.json and photos per claim, roster.csv,
hospitals.csv and a truth.jsonl in the format of ../shared/samples.

Every photo shows values consistent with its claim (synthetic.dataset.make_photo); scenarios plant each
reason code of contract §4 at least five times (sets of 150 claims or more) beside clean claims, plus the
benefit edges (90 days per stay, 180 days and 10,000 yuan per year across claims). Run
``python -m synthetic.claims --help``.
"""
import argparse
import csv
import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from models.document import KEY_FIELDS
from models.enums import ClaimType, DocType, ReasonCode, TransportMode
from models.money import to_money
from models.policy import Policy, load_policy
from models.registry import DEFAULT_HOSPITALS_PATH, level_rank, load_hospitals
from synthetic.catalog import (
    ACCIDENT_EVENTS,
    CAUSES_OF_DEATH,
    INJURIES,
    INVENTED_HOSPITALS,
    random_diagnosis,
    random_digits,
)
from synthetic.dataset import SyntheticPhoto, encode_jpeg, make_photo
from synthetic.people import Person, random_id_number, random_name, random_person
from synthetic.photo import DEFECTS, photograph
from synthetic.render import RenderedPage, render_page

MIN_CLAIMS = 150
CST = timezone(timedelta(hours=8))
FIRST_ACCIDENT, LAST_ACCIDENT = date(2025, 1, 10), date(2026, 5, 31)
COVER = (date(2025, 1, 1), date(2026, 12, 31))
BANKS = ("中国农业银行", "中国工商银行", "中国建设银行", "中国邮政储蓄银行", "广东潮阳农村商业银行")
TICKETS = {TransportMode.motor_vehicle: (DocType.bus_ticket, DocType.taxi_receipt),
           TransportMode.rail: (DocType.rail_ticket,), TransportMode.ship: (DocType.ship_ticket,),
           TransportMode.air: (DocType.air_ticket,)}
RIDES = {TransportMode.motor_vehicle: "乘坐客运班车途中车辆急刹", TransportMode.rail: "乘坐火车途中列车紧急制动时摔倒",
         TransportMode.ship: "乘坐客船途中遇风浪摔倒", TransportMode.air: "乘坐航班途中遇强烈颠簸摔倒"}
EXCLUSIONS = {  # variant: (where the term goes, the text, the term)
    "drunk": ("diagnosis", "急性酒精中毒（醉酒状态）", "醉酒"),
    "fight": ("description", "与邻居发生口角后打架", "打架"),
    "dental": ("diagnosis", "上颌中切牙冠折；牙齿修复", "牙齿修复"),
    "sudden_death": ("cause_of_death", "猝死", "猝死"),
    "suicide": ("description", "在家中服毒自杀", "自杀"),
}


@dataclass
class Doc:
    """One photo to make: its doc type, the values it shows, a defect, or ready bytes (duplicates)."""

    doc_type: DocType
    values: dict[str, Any] = field(default_factory=dict)
    defect: str | None = None
    photo: SyntheticPhoto | None = None


@dataclass
class Stay:
    hospital: str
    admission: date
    discharge: date
    diagnosis: str
    invoice_number: str
    total: float
    insurance_paid: float


@dataclass
class Claim:
    """A planned claim: what claim.json says, its photos, the roster row and the expected outcome."""

    claim_type: ClaimType
    insured: Person
    accident: date
    description: str
    reported: date
    docs: list[Doc]
    scenario: str
    mode: TransportMode | None = None
    beneficiary: Person | None = None
    stay: Stay | None = None
    payable: Decimal | None = None
    reasons: set[ReasonCode] = field(default_factory=set)
    optional: set[ReasonCode] = field(default_factory=set)
    terms: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    roster: tuple[date, date] | None = COVER
    claim_id: str = ""

    def hospital_stay(self) -> Stay:
        """The stay of a hospital claim, which always has one."""
        assert self.stay is not None, f"a {self.claim_type.value} claim without a stay"
        return self.stay

    def transport_mode(self) -> TransportMode:
        """The transport mode of a transport death claim, which always has one."""
        assert self.mode is not None, f"a {self.claim_type.value} claim without a transport mode"
        return self.mode


# --- people and stays --------------------------------------------------------------------------------


def _elderly(rng: random.Random, accident: date) -> Person:
    """An insured person aged 61 to 92 on the accident date."""
    sex = rng.choice("男女")
    born = accident - timedelta(days=rng.randint(61 * 366, 92 * 365))
    return random_person(rng, id_number=random_id_number(rng, sex, born))


def _adult(rng: random.Random) -> Person:
    """A beneficiary or stranger aged 30 to 58."""
    sex = rng.choice("男女")
    return random_person(rng, id_number=random_id_number(rng, sex, date(1968, 1, 1) + timedelta(
        days=rng.randint(0, 28 * 365))))


def _qualified_hospitals(policy: Policy) -> list[str]:
    level = policy.benefits.hospital_allowance.min_hospital_level
    return [h.name for h in load_hospitals().hospitals if level_rank(h.level) >= level_rank(level)]


def _level1_hospitals(policy: Policy) -> list[str]:
    level = policy.benefits.hospital_allowance.min_hospital_level
    return [h.name for h in load_hospitals().hospitals if level_rank(h.level) < level_rank(level)]


def _stay(rng: random.Random, accident: date, policy: Policy, days: int | None = None, hospital: str | None = None,
          self_paid: tuple[float, float] = (300, 4600)) -> Stay:
    admission = accident + timedelta(days=rng.choice((0, 0, 0, 1)))
    days = days if days is not None else rng.randint(2, 25)
    own = round(rng.uniform(*self_paid), 2)
    total = round(own / rng.uniform(0.3, 0.6), 1)
    return Stay(hospital or rng.choice(_qualified_hospitals(policy)), admission, admission + timedelta(days=days),
                random_diagnosis(rng), random_digits(rng, 10), total, round(total - own, 2))


def _injury_description(rng: random.Random, injury: str) -> str:
    return f"{rng.choice(ACCIDENT_EVENTS)}致{injury}"


# --- documents ---------------------------------------------------------------------------------------


def _person_values(p: Person) -> dict[str, object]:
    return {"name": p.name, "id_number": p.id_number}


def _stay_docs(p: Person, s: Stay, *types: DocType) -> list[Doc]:
    base = {**_person_values(p), "hospital": s.hospital, "admission_date": s.admission, "discharge_date": s.discharge}
    values = {
        DocType.discharge_summary: {**base, "diagnosis": s.diagnosis},
        DocType.medical_record: {**base, "visit_date": s.admission, "diagnosis": s.diagnosis},
        DocType.hospital_invoice: {**base, "invoice_date": s.discharge, "invoice_number": s.invoice_number,
                                   "total_amount": s.total, "insurance_paid": s.insurance_paid},
        DocType.expense_list: {**base, "total_amount": s.total, "insurance_paid": s.insurance_paid},
    }
    return [Doc(t, values[t]) for t in types]


def _ticket(mode: TransportMode, rng: random.Random, p: Person, day: date) -> Doc:
    doc_type = rng.choice(TICKETS[mode])
    values: dict[str, object] = {"travel_date": day}
    if doc_type not in (DocType.bus_ticket, DocType.taxi_receipt):
        values.update(passenger_name=p.name, id_number=p.id_number)
    return Doc(doc_type, values)


# --- claim types ---------------------------------------------------------------------------------------


def _reported_after(rng: random.Random, day: date) -> date:
    return day + timedelta(days=rng.randint(2, 20))


def hospital_claim(rng: random.Random, policy: Policy, claim_type: ClaimType, **stay_args: object) -> Claim:
    """A hospital allowance or medical expense claim with its full checklist."""
    accident = FIRST_ACCIDENT + timedelta(days=rng.randint(0, (LAST_ACCIDENT - FIRST_ACCIDENT).days))
    insured = _elderly(rng, accident)
    stay = _stay(rng, accident, policy, **stay_args)  # type: ignore[arg-type]
    bills: tuple[DocType, ...]
    if claim_type == ClaimType.medical_expense:
        bills = (DocType.hospital_invoice, DocType.expense_list)
    else:
        bills = rng.choice(((DocType.hospital_invoice,), (DocType.expense_list,),
                            (DocType.hospital_invoice, DocType.expense_list)))
    docs = [Doc(DocType.id_card, _person_values(insured)),
            *_stay_docs(insured, stay, DocType.discharge_summary, *bills)]
    if rng.random() < 0.15:
        docs.append(Doc(DocType.accident_proof, {**_person_values(insured), "accident_date": accident}))
    injury = stay.diagnosis.split("；")[0]
    return Claim(claim_type, insured, accident, _injury_description(rng, injury), _reported_after(rng, stay.discharge),
                 docs, f"clean:{claim_type.value}", stay=stay)


def disability_claim(rng: random.Random, policy: Policy) -> Claim:
    accident = FIRST_ACCIDENT + timedelta(days=rng.randint(0, (LAST_ACCIDENT - FIRST_ACCIDENT).days - 170))
    insured = _elderly(rng, accident)
    stay = _stay(rng, accident, policy)
    assessed = accident + timedelta(days=rng.randint(60, 170))
    grade = rng.choice((5, 6, 7, 8, 9, 9, 10, 10))
    docs = [Doc(DocType.id_card, _person_values(insured)),
            Doc(DocType.disability_assessment, {**_person_values(insured), "accident_date": accident,
                                                "disability_grade": grade, "assessment_date": assessed}),
            *_stay_docs(insured, stay, rng.choice((DocType.medical_record, DocType.discharge_summary)),
                        rng.choice((DocType.expense_list, DocType.hospital_invoice)))]
    claim = Claim(ClaimType.disability, insured, accident, _injury_description(rng, stay.diagnosis.split("；")[0]),
                  _reported_after(rng, assessed), docs, "clean:disability", stay=stay)
    claim.notes.append(f"grade {grade}")
    return claim


def death_claim(rng: random.Random, policy: Policy, mode: TransportMode | None = None,
                death_after: tuple[int, int] = (0, 40)) -> Claim:
    """An accidental death claim, or a transport death one when ``mode`` is given."""
    accident = FIRST_ACCIDENT + timedelta(days=rng.randint(0, (LAST_ACCIDENT - FIRST_ACCIDENT).days - 60))
    insured, heir = _elderly(rng, accident), _adult(rng)
    death = accident + timedelta(days=rng.randint(*death_after))
    cancelled = death + timedelta(days=rng.randint(3, 30))
    cause = rng.choice(CAUSES_OF_DEATH)
    docs = [Doc(DocType.death_certificate, {**_person_values(insured), "death_date": death, "cause_of_death": cause}),
            Doc(DocType.household_cancellation, {**_person_values(insured), "death_date": death,
                                                 "cancellation_date": cancelled}),
            Doc(DocType.id_card, _person_values(heir))]
    if mode is None:
        description = f"{rng.choice(ACCIDENT_EVENTS)}致{rng.choice(INJURIES)}，经抢救无效死亡"
        claim_type = ClaimType.accidental_death
    else:
        description = f"{RIDES[mode]}致颅脑损伤，经抢救无效死亡"
        claim_type = ClaimType.transport_death
        docs.append(_ticket(mode, rng, insured, accident))
    return Claim(claim_type, insured, accident, description, _reported_after(rng, cancelled), docs,
                 f"clean:{claim_type.value}" + (f"/{mode.value}" if mode else ""), mode=mode, beneficiary=heir)


def any_claim(rng: random.Random, policy: Policy, claim_type: ClaimType) -> Claim:
    """A clean claim of the given type (transport mode drawn at random)."""
    if claim_type in (ClaimType.hospital_allowance, ClaimType.medical_expense):
        return hospital_claim(rng, policy, claim_type)
    if claim_type == ClaimType.disability:
        return disability_claim(rng, policy)
    if claim_type == ClaimType.transport_death:
        return death_claim(rng, policy, rng.choice(list(TransportMode)))
    return death_claim(rng, policy)


# --- what policy pays (the truth's payable_amount) ------------------------------------------------------


def truth_payable(claim: Claim, policy: Policy, prior_days: int = 0,
                  prior_medical: Decimal = Decimal(0)) -> Decimal | None:
    """The amount as filed, from the claim's own values (not from extraction); None where it cannot be computed
    (a disability claim without its assessment)."""
    b = policy.benefits
    if claim.claim_type == ClaimType.hospital_allowance:
        stay = claim.hospital_stay()
        days = min(max((stay.discharge - stay.admission).days, b.hospital_allowance.min_days),
                   b.hospital_allowance.max_days_per_stay)
        days = min(days, max(0, b.hospital_allowance.max_days_per_year - prior_days))
        return to_money(b.hospital_allowance.per_day * days)
    if claim.claim_type == ClaimType.medical_expense:
        stay = claim.hospital_stay()
        own = Decimal(str(stay.total)) - Decimal(str(stay.insurance_paid))
        own *= b.medical_expense.reimbursed_share
        return to_money(min(own, max(Decimal(0), b.medical_expense.max_per_year - prior_medical)))
    if claim.claim_type == ClaimType.disability:
        grade = next((d.values["disability_grade"] for d in claim.docs
                      if d.doc_type == DocType.disability_assessment), None)
        if grade is None:
            return None
        return to_money(b.disability.base_amount * b.disability.grade_ratios[int(grade)])
    if claim.claim_type == ClaimType.transport_death:
        amount = b.transport_death.amounts[claim.transport_mode()]
        return to_money(amount + (b.accidental_death.amount if b.transport_death.combine_with_base == "add" else 0))
    return to_money(b.accidental_death.amount)


# --- scenarios: each plants one reason code ---------------------------------------------------------------

Scenario = Callable[[random.Random, Policy], list[Claim]]


def _planted(claim: Claim, code: ReasonCode, variant: str, optional: tuple[ReasonCode, ...] = ()) -> Claim:
    claim.scenario = f"{claim.claim_type.value}:{code.value}={variant}"
    claim.reasons.add(code)
    claim.optional.update(optional)
    return claim


def _hospital_type(rng: random.Random) -> ClaimType:
    return rng.choice((ClaimType.hospital_allowance, ClaimType.medical_expense))


def missing_document(rng: random.Random, policy: Policy) -> list[Claim]:
    """A claim without any document of one of its checklist lines."""
    claim = any_claim(rng, policy, rng.choice(list(ClaimType)))
    lines = [line.any_of or TICKETS[claim.transport_mode()] for line in policy.checklists[claim.claim_type]]
    gone = rng.choice(lines)
    claim.docs = [d for d in claim.docs if d.doc_type not in gone]
    return [_planted(claim, ReasonCode.MISSING_DOCUMENT, "|".join(t.value for t in gone))]


def unreadable_document(rng: random.Random, policy: Policy) -> list[Claim]:
    claim = any_claim(rng, policy, rng.choice(list(ClaimType)))
    doc = rng.choice(claim.docs)
    doc.defect = rng.choice(DEFECTS)
    return [_planted(claim, ReasonCode.UNREADABLE_DOCUMENT, doc.defect,
                     (ReasonCode.MISSING_DOCUMENT, ReasonCode.UNKNOWN_DOCUMENT, ReasonCode.LOW_CONFIDENCE))]


def unknown_document(rng: random.Random, policy: Policy) -> list[Claim]:
    claim = any_claim(rng, policy, rng.choice(list(ClaimType)))
    claim.docs.insert(rng.randint(0, len(claim.docs)), Doc(DocType.other))
    return [_planted(claim, ReasonCode.UNKNOWN_DOCUMENT, "other")]


def low_confidence(rng: random.Random, policy: Policy) -> list[Claim]:
    """An ID card whose number fails its checksum: the reading cannot be trusted."""
    claim = hospital_claim(rng, policy, _hospital_type(rng))
    card = next(d for d in claim.docs if d.doc_type == DocType.id_card)
    good = claim.insured.id_number
    card.values = {**card.values, "id_number": good[:17] + ("0" if good[17] != "0" else "1")}
    return [_planted(claim, ReasonCode.LOW_CONFIDENCE, "id_checksum", (ReasonCode.IDENTITY_MISMATCH,))]


def identity_mismatch(rng: random.Random, policy: Policy) -> list[Claim]:
    variant = rng.choice(("name_on_discharge", "name_on_bill", "other_id_card", "passenger"))
    if variant == "passenger":
        claim = death_claim(rng, policy, rng.choice((TransportMode.rail, TransportMode.ship, TransportMode.air)))
        ticket = claim.docs[-1]
        ticket.values = {**ticket.values, "passenger_name": random_name(rng), "id_number": _adult(rng).id_number}
        return [_planted(claim, ReasonCode.IDENTITY_MISMATCH, variant)]
    claim = hospital_claim(rng, policy, _hospital_type(rng))
    stranger = _adult(rng)
    if variant == "other_id_card":
        targets = [DocType.id_card]
    elif variant == "name_on_discharge":
        targets = [DocType.discharge_summary]
    else:
        targets = [DocType.hospital_invoice, DocType.expense_list]
    for doc in claim.docs:
        if doc.doc_type in targets:
            doc.values = {**doc.values, "name": stranger.name} if variant != "other_id_card" \
                else _person_values(stranger)
            break
    claim.notes.append(f"identity: {variant} ({stranger.name})")
    return [_planted(claim, ReasonCode.IDENTITY_MISMATCH, variant)]


def not_eligible(rng: random.Random, policy: Policy) -> list[Claim]:
    variant = rng.choice(("not_on_roster", "under_60", "not_covered"))
    claim = any_claim(rng, policy, rng.choice(list(ClaimType)))
    optional: tuple[ReasonCode, ...] = ()
    if variant == "not_on_roster":
        claim.roster = None
    elif variant == "not_covered":
        claim.roster = (COVER[0] - timedelta(days=730), claim.accident - timedelta(days=rng.randint(10, 200)))
        optional = (ReasonCode.DATE_INCONSISTENT,)
    else:
        born = claim.accident - timedelta(days=59 * 365 + rng.randint(0, 300))
        young = random_person(rng, id_number=random_id_number(rng, claim.insured.sex, born))
        _replace_person(claim, claim.insured, young)
    return [_planted(claim, ReasonCode.NOT_ELIGIBLE, variant, optional)]


def _replace_person(claim: Claim, old: Person, new: Person) -> None:
    claim.insured = new
    for doc in claim.docs:
        for key, old_value, new_value in (("name", old.name, new.name), ("passenger_name", old.name, new.name),
                                          ("id_number", old.id_number, new.id_number)):
            if doc.values.get(key) == old_value:
                doc.values = {**doc.values, key: new_value}


def date_inconsistent(rng: random.Random, policy: Policy) -> list[Claim]:
    variant = rng.choice(("admission_before_accident", "death_late", "ticket_date", "assessment_late",
                          "accident_proof_date"))
    late = (policy.event_window_days + 1, policy.event_window_days + 90)
    if variant == "admission_before_accident":
        claim = hospital_claim(rng, policy, _hospital_type(rng))
        claim.accident += timedelta(days=rng.randint(2, 5))
        claim.reported = max(claim.reported, claim.accident + timedelta(days=2))
    elif variant == "death_late":
        claim = death_claim(rng, policy, rng.choice((None, *TransportMode)), death_after=late)
    elif variant == "ticket_date":
        claim = death_claim(rng, policy, rng.choice(list(TransportMode)))
        claim.docs[-1].values = {**claim.docs[-1].values, "travel_date": claim.accident - timedelta(days=2)}
    elif variant == "assessment_late":
        claim = disability_claim(rng, policy)
        doc = next(d for d in claim.docs if d.doc_type == DocType.disability_assessment)
        assessed = claim.accident + timedelta(days=rng.randint(*late))
        doc.values = {**doc.values, "assessment_date": assessed}
        claim.reported = _reported_after(rng, assessed)
    else:
        claim = hospital_claim(rng, policy, _hospital_type(rng))
        claim.docs.append(Doc(DocType.accident_proof, {**_person_values(claim.insured),
                                                       "accident_date": claim.accident - timedelta(days=7)}))
    return [_planted(claim, ReasonCode.DATE_INCONSISTENT, variant)]


def hospital_not_qualified(rng: random.Random, policy: Policy) -> list[Claim]:
    variant = rng.choice(("level1", "not_in_registry"))
    pool = _level1_hospitals(policy) if variant == "level1" else list(INVENTED_HOSPITALS)
    claim = hospital_claim(rng, policy, _hospital_type(rng), hospital=rng.choice(pool))
    return [_planted(claim, ReasonCode.HOSPITAL_NOT_QUALIFIED, variant)]


def possible_exclusion(rng: random.Random, policy: Policy) -> list[Claim]:
    variant = rng.choice(sorted(EXCLUSIONS))
    where, text, term = EXCLUSIONS[variant]
    if variant == "sudden_death":
        claim = death_claim(rng, policy)
        doc = claim.docs[0]
        doc.values = {**doc.values, "cause_of_death": text}
    elif variant == "dental":
        claim = hospital_claim(rng, policy, _hospital_type(rng))
        for doc in claim.docs:
            if "diagnosis" in doc.values:
                doc.values = {**doc.values, "diagnosis": text}
        claim.description = f"{rng.choice(ACCIDENT_EVENTS)}致上颌中切牙冠折"
    elif where == "diagnosis":
        claim = (hospital_claim(rng, policy, _hospital_type(rng)) if rng.random() < 0.5
                 else disability_claim(rng, policy))
        for doc in claim.docs:
            if "diagnosis" in doc.values:
                doc.values = {**doc.values, "diagnosis": f"{doc.values['diagnosis']}；{text}"}
    else:
        claim = any_claim(rng, policy, rng.choice(list(ClaimType)))
        claim.description = f"{text}致{rng.choice(INJURIES)}" if claim.claim_type != ClaimType.transport_death \
            else f"{RIDES[claim.transport_mode()]}时{text}"
    claim.terms.append(term)
    return [_planted(claim, ReasonCode.POSSIBLE_EXCLUSION, variant)]


def transport_mode_mismatch(rng: random.Random, policy: Policy) -> list[Claim]:
    declared, used = rng.sample(list(TransportMode), 2)
    claim = death_claim(rng, policy, declared)
    other = _ticket(used, rng, claim.insured, claim.accident)
    if rng.random() < 0.5:
        claim.docs[-1] = other
        optional: tuple[ReasonCode, ...] = (ReasonCode.MISSING_DOCUMENT,)
        claim.reasons.add(ReasonCode.MISSING_DOCUMENT)
    else:
        claim.docs.append(other)
        optional = ()
    return [_planted(claim, ReasonCode.TRANSPORT_MODE_MISMATCH, f"{other.doc_type.value}", optional)]


def review_required(rng: random.Random, policy: Policy) -> list[Claim]:
    claim = any_claim(rng, policy, rng.choice(policy.never_fast_pay))
    return [_planted(claim, ReasonCode.REVIEW_REQUIRED_CLAIM_TYPE, claim.claim_type.value)]


def high_value(rng: random.Random, policy: Policy) -> list[Claim]:
    floor = float(policy.thresholds.high_value)
    claim = hospital_claim(rng, policy, ClaimType.medical_expense, self_paid=(floor + 50, floor * 1.8))
    return [_planted(claim, ReasonCode.HIGH_VALUE, "self_high")]


def duplicate_document(rng: random.Random, policy: Policy) -> list[Claim]:
    """Two claims of one insured for one stay sharing an invoice: the same bytes, a re-photographed copy of the
    same page, or a second print with the same invoice number."""
    variant = rng.choice(("same_bytes", "rephoto", "same_invoice"))
    first = hospital_claim(rng, policy, ClaimType.medical_expense)
    second = hospital_claim(rng, policy, ClaimType.hospital_allowance)
    second.insured, second.accident, second.stay, second.description = (first.insured, first.accident, first.stay,
                                                                         first.description)
    second.docs = [Doc(DocType.id_card, _person_values(first.insured)),
                   *_stay_docs(first.insured, first.hospital_stay(), DocType.discharge_summary,
                               DocType.hospital_invoice)]
    second.reported = first.reported + timedelta(days=rng.randint(3, 20))
    invoice_1 = next(d for d in first.docs if d.doc_type == DocType.hospital_invoice)
    invoice_2 = next(d for d in second.docs if d.doc_type == DocType.hospital_invoice)
    if variant == "same_bytes":
        invoice_1.photo = invoice_2.photo = make_photo(DocType.hospital_invoice, rng, "dup.jpg", invoice_1.values,
                                                       difficulty="easy")
    elif variant == "rephoto":
        page = render_page(DocType.hospital_invoice, rng, invoice_1.values)
        invoice_1.photo, invoice_2.photo = (_photograph(page, rng, name) for name in ("a.jpg", "b.jpg"))
    for claim in (first, second):
        _planted(claim, ReasonCode.DUPLICATE_DOCUMENT, variant)
        claim.notes.append(f"duplicate: shares invoice {first.hospital_stay().invoice_number} "
                           "with the insured's other claim")
    return [first, second]


def _photograph(page: RenderedPage, rng: random.Random, name: str) -> SyntheticPhoto:
    image, meta = photograph(page.image, rng, "easy", None, page.full_frame, page.corner_radius)
    return SyntheticPhoto(name, encode_jpeg(image, rng.randint(80, 92)), page.doc_type, page.truth, None,
                          meta.rotation, meta.quad, page.layout, "easy")


def long_stay(rng: random.Random, policy: Policy) -> list[Claim]:
    """An allowance stay longer than the per-stay cap."""
    cap = policy.benefits.hospital_allowance.max_days_per_stay
    claim = hospital_claim(rng, policy, ClaimType.hospital_allowance, days=cap + rng.randint(3, 20))
    claim.scenario = "clean:hospital_allowance/long_stay"
    return [claim]


def yearly_caps(rng: random.Random, policy: Policy) -> list[Claim]:
    """One insured's claims in one policy year: three long allowance stays (the third only partly paid, or not
    at all) or three medical claims (the third cut at the yearly maximum)."""
    medical = rng.random() < 0.5
    claim_type = ClaimType.medical_expense if medical else ClaimType.hospital_allowance
    start = date(2025, 1, 10) if rng.random() < 0.5 else date(2026, 1, 10)
    claims: list[Claim] = []
    floor = float(policy.thresholds.high_value)
    cap = policy.benefits.hospital_allowance.max_days_per_stay
    for i in range(3):
        args = {"self_paid": (floor * 0.7, floor * 0.95)} if medical else {"days": cap + 5 if i < 2 else 12}
        claim = hospital_claim(rng, policy, claim_type, **args)
        accident = start if not claims else claims[-1].hospital_stay().discharge + timedelta(days=rng.randint(5, 15))
        shift = accident - claim.accident
        stay = claim.hospital_stay()
        claim.accident, stay.admission, stay.discharge = (accident, stay.admission + shift, stay.discharge + shift)
        claim.reported = _reported_after(rng, stay.discharge)
        claim.docs = [d for d in claim.docs if d.doc_type != DocType.accident_proof]
        if claims:
            _replace_person(claim, claim.insured, claims[0].insured)
        for doc in claim.docs:
            doc.values = {**doc.values, **{k: v for k, v in (("admission_date", stay.admission),
                                                              ("discharge_date", stay.discharge),
                                                              ("invoice_date", stay.discharge))
                                           if k in doc.values}}
        claim.scenario = f"clean:{claim_type.value}/yearly_cap_{i + 1}"
        claims.append(claim)
    return claims


PLANTS: tuple[tuple[Scenario, int], ...] = (
    (missing_document, 6), (unreadable_document, 6), (unknown_document, 6), (low_confidence, 6),
    (identity_mismatch, 7), (not_eligible, 7), (date_inconsistent, 8), (hospital_not_qualified, 6),
    (possible_exclusion, 8), (transport_mode_mismatch, 6), (review_required, 8), (high_value, 5),
    (duplicate_document, 4), (long_stay, 2), (yearly_caps, 2),
)


# --- putting a set together -----------------------------------------------------------------------------


# A small example set, for a first run on a fresh clone: a few clean claims beside one of these each.
EXAMPLE_PLANTS: tuple[tuple[Scenario, int], ...] = (
    (missing_document, 1), (possible_exclusion, 1), (review_required, 1), (hospital_not_qualified, 1),
)
EXAMPLE_CLAIMS = 8


def plan(n: int, seed: int, policy: Policy, plants: tuple[tuple[Scenario, int], ...] = PLANTS) -> list[Claim]:
    """The claims of a set: the planted scenarios, then clean allowance and medical claims up to ``n``."""
    if plants is PLANTS and n < MIN_CLAIMS:
        raise ValueError(f"a claim set needs at least {MIN_CLAIMS} claims to plant every reason code 5 times")
    claims: list[Claim] = []
    for scenario, times in plants:
        for i in range(times):
            claims += scenario(random.Random(f"{seed}:{scenario.__name__}:{i}"), policy)
    i = 0
    while len(claims) < n:
        rng = random.Random(f"{seed}:clean:{i}")
        claims.append(hospital_claim(rng, policy, _hospital_type(rng)))
        i += 1
    claims.sort(key=lambda c: (c.reported, c.insured.id_number))
    for seq, claim in enumerate(claims, 1):
        claim.claim_id = f"CN{claim.reported:%Y%m%d}-{seq:04d}"
    _settle(claims, policy)
    return claims


def _settle(claims: list[Claim], policy: Policy) -> None:
    """Fill in each claim's payable amount (yearly caps over the insured's earlier claims) and the
    reasons every claim of its kind gets (claim types never fast-paid, high value)."""
    days: dict[tuple[str, int], int] = {}
    paid: dict[tuple[str, int], Decimal] = {}
    for claim in claims:
        key = (claim.insured.id_number, policy.policy_year_of(claim.accident))
        claim.payable = truth_payable(claim, policy, days.get(key, 0), paid.get(key, Decimal(0)))
        if claim.claim_type in policy.never_fast_pay:
            claim.reasons.add(ReasonCode.REVIEW_REQUIRED_CLAIM_TYPE)
        if claim.payable is not None and claim.payable >= policy.thresholds.high_value:
            claim.reasons.add(ReasonCode.HIGH_VALUE)
        if claim.payable is None:
            continue
        # Every earlier claim's amount counts against the cap, fast-paid or still waiting for a reviewer
        # (storage.database.lifecycle.COUNTED: no later claim is fast-paid past the cap while one waits).
        if claim.claim_type == ClaimType.hospital_allowance:
            days[key] = days.get(key, 0) + int(claim.payable / policy.benefits.hospital_allowance.per_day)
        elif claim.claim_type == ClaimType.medical_expense:
            paid[key] = paid.get(key, Decimal(0)) + claim.payable


def _claim_json(claim: Claim, rng: random.Random) -> dict[str, object]:
    heir = claim.beneficiary
    if heir is not None:
        claimant = {"name": heir.name, "relationship": rng.choice(("child", "spouse", "sibling")),
                    "phone": "1" + random_digits(rng, 10)}
        payee = heir.name
    else:
        self_filed = rng.random() < 0.3
        claimant = {"name": claim.insured.name if self_filed else random_name(rng),
                    "relationship": "self" if self_filed else rng.choice(("child", "spouse", "other")),
                    "phone": "1" + random_digits(rng, 10)}
        payee = claim.insured.name
    at = datetime.combine(claim.reported, time(rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59)), CST)
    return {
        "claim_id": claim.claim_id, "claim_type": claim.claim_type.value,
        "insured": {"name": claim.insured.name, "id_number": claim.insured.id_number},
        "accident": {"date": claim.accident.isoformat(), "description": claim.description,
                     "transport_mode": claim.mode.value if claim.mode else None},
        "claimant": claimant,
        "payee": {"name": payee, "bank": rng.choice(BANKS), "account": "62" + random_digits(rng, 17)},
        "reported_at": at.isoformat(), "channel": rng.choice(("service_point", "home_visit", "wechat", "app")),
    }


def write_examples(out: Path, seed: int = 1) -> list[dict[str, object]]:
    """Write the small example set (EXAMPLE_CLAIMS claims, a few of them planted) under ``out``."""
    return write_set(out, EXAMPLE_CLAIMS, seed, "easy", plants=EXAMPLE_PLANTS)


def write_set(out: Path, n: int = MIN_CLAIMS, seed: int = 0, difficulty: str = "easy",
              policy: Policy | None = None,
              plants: tuple[tuple[Scenario, int], ...] = PLANTS, blind_share: float = 0.0) -> list[dict[str, Any]]:
    """Write a claim set under ``out`` (intake/, roster.csv, hospitals.csv, truth.jsonl); returns the truth lines.

    blind_share: the share of photos drawn from the blind layout families (synthetic/blind) instead of the
    tuned ones; each truth document records its family.
    """
    policy = policy or load_policy()
    claims = plan(n, seed, policy, plants)
    truth: list[dict[str, Any]] = []
    roster: list[dict[str, str]] = []
    for claim in claims:
        rng = random.Random(f"{seed}:{claim.claim_id}")
        folder = out / "intake" / claim.claim_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "claim.json").write_text(json.dumps(_claim_json(claim, rng), ensure_ascii=False, indent=2),
                                           encoding="utf-8")
        docs = []
        for k, doc in enumerate(claim.docs, 1):
            name = f"IMG_{k:04d}.jpg"
            blind = random.Random(f"{seed}:{claim.claim_id}:{k}:family").random() < blind_share
            photo = doc.photo or make_photo(doc.doc_type, random.Random(f"{seed}:{claim.claim_id}:{k}"), name,
                                            doc.values, doc.defect, difficulty, "blind" if blind else "tuned")
            (folder / name).write_bytes(photo.jpeg)
            info = {f: v for f, v in photo.truth.items() if f == "insurance_paid"}
            docs.append({"object": f"intake/{claim.claim_id}/{name}", "doc_type": doc.doc_type.value,
                         "fields": {f: v for f, v in photo.truth.items() if f in KEY_FIELDS[doc.doc_type]},
                         **({"info": info} if info else {}),
                         "quality": "unreadable" if doc.defect else "ok", "family": photo.family,
                         **({"defect": doc.defect} if doc.defect else {})})
        if claim.roster is not None and claim.insured.id_number not in {r["id_number"] for r in roster}:
            roster.append({"id_number": claim.insured.id_number, "name": claim.insured.name,
                           "birth_date": claim.insured.birth.isoformat(), "town": "",
                           "covered_from": claim.roster[0].isoformat(), "covered_to": claim.roster[1].isoformat()})
        reasons = sorted(r.value for r in claim.reasons)
        truth.append({"claim_id": claim.claim_id, "route": "manual_review" if reasons else "fast_pay",
                      "reasons": reasons, "optional_reasons": sorted(r.value for r in claim.optional - claim.reasons),
                      "payable_amount": None if claim.payable is None else float(claim.payable),
                      "claim_type": claim.claim_type.value,
                      "scenario": claim.scenario, "exclusion_terms": claim.terms, "notes": claim.notes,
                      "documents": docs})
    with open(out / "roster.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["id_number", "name", "birth_date", "town", "covered_from", "covered_to"])
        writer.writeheader()
        writer.writerows(sorted(roster, key=lambda r: r["id_number"]))
    shutil.copyfile(DEFAULT_HOSPITALS_PATH, out / "hospitals.csv")
    (out / "truth.jsonl").write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in truth), encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m synthetic.claims", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="output folder (gets intake/, roster.csv, hospitals.csv, truth.jsonl)")
    parser.add_argument("--n", type=int, default=MIN_CLAIMS, help=f"number of claims (at least {MIN_CLAIMS})")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same set)")
    parser.add_argument("--difficulty", default="easy", choices=("easy", "normal", "hard"),
                        help="how roughly the photos are taken")
    parser.add_argument("--blind-share", type=float, default=0.0,
                        help="share of photos from the blind layout families (default 0)")
    args = parser.parse_args(argv)
    truth = write_set(args.out, args.n, args.seed, args.difficulty, blind_share=args.blind_share)
    planted = {code: sum(code.value in t["reasons"] for t in truth) for code in ReasonCode}
    print(f"wrote {len(truth)} claims to {args.out}; claims per reason code: "
          + ", ".join(f"{c.value} {k}" for c, k in planted.items()))


if __name__ == "__main__":
    main()
