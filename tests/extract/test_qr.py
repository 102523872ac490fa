"""QR codes of e-invoices and e-tickets: decoded from real pixels, parsed by the formats in qr_formats.yaml,
and weighed against the OCR'd fields."""
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from PIL import Image

from models.document import AmountCheck
from models.enums import DocType
from pipeline.extract.qr import apply_qr, decode_qr, parse_payload
from pipeline.extract.settings import load_settings
from synthetic.marks import qr_image


@pytest.mark.parametrize("payload, doc_type, expected", [
    ("https://einvoice.gdczt.gov.cn/billcheck?code=44060525&no=0482209465&chk=a1b2c3&amt=5174.30&date=20251014",
     DocType.hospital_invoice,
     {"invoice_number": "0482209465", "total_amount": Decimal("5174.30"), "invoice_date": date(2025, 10, 14)}),
    ("http://x.example/v?amt=12.5&chk=99&no=12345678",  # parameters in any order, no date
     DocType.hospital_invoice, {"invoice_number": "12345678", "total_amount": Decimal("12.50")}),
    ("01,44060525,0482209465,123456,5174.30,20251014", DocType.hospital_invoice,
     {"invoice_number": "0482209465", "total_amount": Decimal("5174.30"), "invoice_date": date(2025, 10, 14)}),
    ("01,32,,24442000000012345678,29.00,20260510,,ABCD", DocType.taxi_receipt,
     {"fare": Decimal("29.00"), "travel_date": date(2026, 5, 10), "invoice_number": "24442000000012345678"}),
    ("E12345678|G3551|20240912|220.50", DocType.rail_ticket,
     {"train_number": "G3551", "travel_date": date(2024, 9, 12), "fare": Decimal("220.50")}),
    ("D05K489247|5号线|20250725|8.00", DocType.rail_ticket,  # a metro voucher: the line, not a train
     {"train_number": "5号线", "travel_date": date(2025, 7, 25), "fare": Decimal("8.00")}),
    ("SHIP|A1234|20240114|197.00", DocType.ship_ticket, {"travel_date": date(2024, 1, 14), "fare": Decimal("197.00")}),
    ("M1CZ434320260607012A", DocType.air_ticket, {"flight_number": "CZ4343", "travel_date": date(2026, 6, 7)}),
    ("WIFI:S:hospital;T:WPA;P:secret;;", DocType.hospital_invoice, {}),
])
def test_payload_formats(payload: str, doc_type: DocType, expected: dict) -> None:
    assert parse_payload(payload, doc_type) == expected


def test_a_qr_code_is_decoded_from_pixels() -> None:
    payload = "01,44060525,0482209465,123456,5174.30,20251014"
    page = Image.new("RGB", (900, 600), "white")
    page.paste(qr_image(payload, 180).convert("RGB"), (60, 40))
    assert decode_qr(np.zeros((50, 50, 3), np.uint8), np.asarray(page)[:, :, ::-1].copy()) == [payload]


def test_the_code_confirms_contradicts_and_fills_in() -> None:
    settings = load_settings().qr
    read = {"total_amount": {"value": Decimal("5174.30"), "confidence": 0.9, "confirmed_by": []},
            "invoice_number": {"value": "0482209465", "confidence": 0.7},
            "invoice_date": {"value": date(2025, 10, 15), "confidence": 0.95}}
    out = apply_qr(read, {"total_amount": Decimal("5174.30"), "invoice_number": "0482209465",
                          "invoice_date": date(2025, 10, 14), "name": "肖茂盛"}, settings)
    assert out["total_amount"]["confidence"] == settings.agree_confidence
    assert out["total_amount"]["confirmed_by"] == [AmountCheck.qr]
    assert out["invoice_number"]["confidence"] == settings.agree_confidence
    assert out["invoice_date"]["confidence"] == pytest.approx(0.95 * settings.disagree_factor)
    assert out["name"] == {"value": "肖茂盛", "confidence": settings.fill_confidence, "box": None, "confirmed_by": []}
    wrong = apply_qr({"total_amount": {"value": Decimal("5174.80"), "confidence": 0.99,
                                       "confirmed_by": [AmountCheck.uppercase]}},
                     {"total_amount": Decimal("5174.30")}, settings)["total_amount"]
    assert wrong["confirmed_by"] == [] and wrong["confidence"] < 0.8
