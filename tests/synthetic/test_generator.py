"""The synthetic document generator: determinism, truth completeness, valid values, QR codes and defects."""
import io
import random
import re
from datetime import date

import cv2
import numpy as np
import pytest
import zxingcpp
from PIL import Image

from models.enums import DocType
from models.ids import is_valid_id
from pipeline.extract.qr import parse_payload
from synthetic import BLIND, DEFECTS, LAYOUTS, generate, make_photo, money_upper, photograph, render_page
from synthetic.marks import qr_image
from synthetic.people import random_person
from synthetic.textfmt import fmt_date

KEY_FIELDS = {
    DocType.id_card: {"name", "id_number"},
    DocType.hospital_invoice: {"name", "hospital", "invoice_number", "invoice_date", "total_amount"},
    DocType.expense_list: {"name", "hospital", "total_amount"},
    DocType.discharge_summary: {"name", "hospital", "admission_date", "discharge_date", "diagnosis"},
    DocType.medical_record: {"name", "hospital", "visit_date", "diagnosis"},
    DocType.death_certificate: {"name", "id_number", "death_date", "cause_of_death"},
    DocType.household_cancellation: {"name", "id_number", "cancellation_date"},
    DocType.disability_assessment: {"name", "id_number", "disability_grade", "assessment_date"},
    DocType.accident_proof: {"name", "accident_date"},
    DocType.rail_ticket: {"passenger_name", "travel_date", "train_number", "from_station", "to_station", "fare"},
    DocType.bus_ticket: {"travel_date", "from_station", "to_station", "fare"},
    DocType.taxi_receipt: {"travel_date", "plate_number", "fare"},
    DocType.ship_ticket: {"passenger_name", "travel_date", "from_station", "to_station", "fare"},
    DocType.air_ticket: {"passenger_name", "flight_number", "travel_date", "from_station", "to_station"},
    DocType.other: set(),
}
EXTRAS = {DocType.hospital_invoice: {"insurance_paid"}, DocType.rail_ticket: {"id_number"},
          DocType.bus_ticket: {"id_number"}, DocType.ship_ticket: {"id_number"}}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _gray(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L"))


def test_same_seed_same_bytes() -> None:
    first = [(p.name, p.jpeg, p.truth) for p in generate(4, seed=11, defect_rate=0.5)]
    again = [(p.name, p.jpeg, p.truth) for p in generate(4, seed=11, defect_rate=0.5)]
    other = [p.jpeg for p in generate(2, seed=12)]
    assert first == again
    assert other[0] != first[0][1]


def test_generate_mixes_all_types_evenly_with_unique_names() -> None:
    photos = list(generate(15, seed=3))
    assert {p.doc_type for p in photos} == set(DocType)
    assert len({p.name for p in photos}) == 15
    for p in photos:
        img = Image.open(io.BytesIO(p.jpeg))
        assert img.format == "JPEG" and 1500 <= max(img.size) <= 3600
        assert p.rotation in (0, 90, 180, 270) and len(p.quad) == 4


@pytest.mark.parametrize("doc_type", list(DocType))
def test_every_layout_renders_with_its_key_fields(doc_type: DocType) -> None:
    assert len(LAYOUTS[doc_type]) >= 3 and len(BLIND[doc_type]) >= 1
    for layout in LAYOUTS[doc_type] + BLIND[doc_type]:
        page = render_page(doc_type, random.Random(layout), layout=layout)
        assert page.family == ("blind" if layout in BLIND[doc_type] else "tuned")
        assert set(page.truth) - EXTRAS.get(doc_type, set()) == KEY_FIELDS[doc_type], layout
        assert 600 <= page.image.width <= 1850 and page.image.mode == "RGB"
        for key, value in page.truth.items():
            if key.endswith("_date"):
                assert isinstance(value, str) and ISO.match(value) and date.fromisoformat(value)
            if key in ("total_amount", "fare", "insurance_paid"):
                assert isinstance(value, float) and round(value, 2) == value and value > 0
            if "name" in key:
                assert isinstance(value, str) and " " not in value and 2 <= len(value) <= 4
        if doc_type == DocType.disability_assessment:
            grade = page.truth["disability_grade"]
            assert isinstance(grade, int) and 1 <= grade <= 10
        if doc_type == DocType.taxi_receipt:
            assert re.match(r"^粤[A-Z]·[A-Z0-9]{5}$", str(page.truth["plate_number"]))
        if "id_number" in page.truth and doc_type in EXTRAS:
            assert re.match(r"^\d{10}\*{4}\d{3}[\dX]$", str(page.truth["id_number"]))


@pytest.mark.parametrize("doc_type", [t for t in DocType if t != DocType.other])
def test_values_override_sampled_fields(doc_type: DocType) -> None:
    wanted = {k: v for k, v in render_page(doc_type, random.Random(0)).truth.items() if k in KEY_FIELDS[doc_type]}
    for layout in LAYOUTS[doc_type] + BLIND[doc_type]:
        page = render_page(doc_type, random.Random(99), wanted, layout=layout)
        assert {k: page.truth[k] for k in wanted} == wanted, layout


def test_id_numbers_are_valid_and_chaonan() -> None:
    rng = random.Random(5)
    for _ in range(200):
        person = random_person(rng)
        assert is_valid_id(person.id_number)
        assert person.id_number[:6] in ("440514", "440524", "440582")
        assert 1930 <= person.birth.year <= 1965
        assert (int(person.id_number[16]) % 2 == 1) == (person.sex == "男")
    for doc_type in (DocType.id_card, DocType.death_certificate, DocType.disability_assessment):
        assert is_valid_id(str(render_page(doc_type, random.Random(9)).truth["id_number"]))


@pytest.mark.parametrize("amount, upper", [
    (0.5, "伍角"), (0.05, "伍分"), (0, "零元整"), (10.00, "壹拾元整"), (1234.56, "壹仟贰佰叁拾肆元伍角陆分"),
    (10005, "壹万零伍元整"), (1.05, "壹元零伍分"), (10.5, "壹拾元伍角"), (100100, "壹拾万零壹佰元整"),
    (1050.2, "壹仟零伍拾元贰角"), (3468.0, "叁仟肆佰陆拾捌元整"), (100000000.01, "壹亿元零壹分"),
    (2000000, "贰佰万元整"), (10010010.1, "壹仟零壹万零壹拾元壹角"),
])
def test_money_upper(amount: float, upper: str) -> None:
    assert money_upper(amount) == upper


def test_date_styles() -> None:
    d = date(2026, 3, 5)
    assert [fmt_date(d, s) for s in ("iso", "cn", "cn0", "dot", "compact", "cn_upper")] == [
        "2026-03-05", "2026年3月5日", "2026年03月05日", "2026.03.05", "20260305", "二〇二六年三月五日"]


def test_qr_decodes_to_payload() -> None:
    payload = "01,44060126,0012345678,ABC123,1234.56,20260305"
    img = qr_image(payload, 240)
    canvas = Image.new("RGB", (400, 400), (255, 255, 255))
    canvas.paste(img, (80, 80))
    assert [r.text for r in zxingcpp.read_barcodes(canvas)] == [payload]


@pytest.mark.parametrize("seed", range(1, 7))
def test_qr_on_rendered_invoice_carries_its_fields(seed: int) -> None:
    """E-invoices carry the verification link or the comma form; either way the code holds the invoice's
    number, total and date (read back by the payload formats the extraction stage uses)."""
    page = render_page(DocType.hospital_invoice, random.Random(seed), layout="electronic")
    results = zxingcpp.read_barcodes(page.image)
    assert len(results) == 1
    carried = parse_payload(results[0].text, DocType.hospital_invoice)
    assert carried["invoice_number"] == page.truth["invoice_number"]
    assert float(carried["total_amount"]) == page.truth["total_amount"]
    assert carried["invoice_date"].isoformat() == page.truth["invoice_date"]


def test_defects_change_image_statistics() -> None:
    page = render_page(DocType.discharge_summary, random.Random(4), layout="summary_sections").image

    def shot(defect: str | None) -> Image.Image:
        return photograph(page, random.Random(8), "easy", defect)[0]

    clean = _gray(shot(None))
    sharpness = cv2.Laplacian(clean, cv2.CV_64F).var()
    assert cv2.Laplacian(_gray(shot("blur")), cv2.CV_64F).var() < sharpness / 4
    assert _gray(shot("too_dark")).mean() < min(60, clean.mean() / 2)
    assert _gray(shot("overexposed")).mean() > max(200, clean.mean())
    assert (_gray(shot("glare")) >= 250).mean() > (clean >= 250).mean() + 0.03
    assert (_gray(shot("glare")) < 100).sum() < 0.95 * (clean < 100).sum()  # the reflection hides writing
    assert max(shot("too_small").size) <= 400
    image, meta = photograph(page, random.Random(8), "easy", "cut_off")
    w, h = image.size
    outside = [x < 0 or y < 0 or x > w or y > h for x, y in meta.quad]
    assert any(outside)
    ys, xs = np.nonzero(np.asarray(page.convert("L")) < 100)
    corners = np.array([(0, 0), (page.width, 0), (page.width, page.height), (0, page.height)], dtype=np.float32)
    to_photo = cv2.getPerspectiveTransform(corners, np.array(meta.quad, dtype=np.float32))
    ink = cv2.perspectiveTransform(np.array(np.stack([xs, ys], 1), dtype=np.float32).reshape(-1, 1, 2),
                                   to_photo).reshape(-1, 2)
    kept = ((ink[:, 0] >= 0) & (ink[:, 0] < w) & (ink[:, 1] >= 0) & (ink[:, 1] < h)).mean()
    assert kept < 0.9  # the cut loses writing, not just blank margin


def test_rotation_and_quad_are_consistent() -> None:
    page = render_page(DocType.id_card, random.Random(6), layout="card").image
    for seed in range(12):
        image, meta = photograph(page, random.Random(seed), "hard")
        w, h = image.size
        assert all(-1 <= x <= w + 1 and -1 <= y <= h + 1 for x, y in meta.quad)
        (x0, y0), (x1, y1) = meta.quad[0], meta.quad[1]
        angle = np.degrees(np.arctan2(y1 - y0, x1 - x0)) % 360
        gap = min(abs(angle - meta.rotation), 360 - abs(angle - meta.rotation))
        assert gap < 30, (meta.rotation, angle)


def test_make_photo_all_defects() -> None:
    for i, defect in enumerate(DEFECTS):
        photo = make_photo(DocType.taxi_receipt, random.Random(i), f"x{i}.jpg", defect=defect)
        assert photo.defect == defect and photo.jpeg[:2] == b"\xff\xd8"


def test_generate_draws_from_the_family_asked_for() -> None:
    blind = list(generate(15, 3, family="blind"))
    assert {p.family for p in blind} == {"blind"} and all(p.layout in BLIND[p.doc_type] for p in blind)
    tuned = list(generate(15, 3))
    assert {p.family for p in tuned} == {"tuned"} and all(p.layout in LAYOUTS[p.doc_type] for p in tuned)
    with pytest.raises(ValueError, match="layout family"):
        render_page(DocType.id_card, random.Random(1), family="held-out")


def test_a_disability_claim_without_its_assessment_has_no_computable_amount(tmp_path) -> None:
    from models.policy import load_policy
    from synthetic.claims import Claim, disability_claim, truth_payable, write_set

    policy = load_policy()
    claim = disability_claim(random.Random(4), policy)
    assert truth_payable(claim, policy) is not None

    def without_assessment(rng: random.Random, policy) -> list[Claim]:
        claim = disability_claim(rng, policy)
        claim.docs = [d for d in claim.docs if d.doc_type != DocType.disability_assessment]
        return [claim]

    truth = write_set(tmp_path, 1, seed=4, policy=policy, plants=((without_assessment, 1),))
    assert truth[0]["payable_amount"] is None  # contract §5: null where it cannot be computed
