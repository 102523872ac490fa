"""A misread amount is never paid: single-character misreads (0↔8, 1↔7, 3↔8, 5↔6, a dropped decimal point)
planted in every amount the recogniser read on generated invoices of each layout; whatever the misread,
either the amounts the payable rests on all stand confirmed and the payable is the true one, or the claim is
held with LOW_CONFIDENCE naming the unconfirmed field.

Each invoice is OCR'd once for real; the misreads are planted in the recognised lines' text, as the
recogniser would have returned them, and the fields are extracted again from those lines.
"""
import io
import random
import re
from decimal import Decimal

import pytest

from models.document import FIELDS_BY_DOC_TYPE
from models.enums import DocType, ReasonCode
from models.ocr import OcrLine
from models.policy import Policy
from pipeline.extract.fields.extractor import extract_fields
from pipeline.extract.stage import Extractor
from pipeline.validate.amounts import unconfirmed_amount_reasons, with_confirmations
from pipeline.validate.benefits import PriorUse, payable
from synthetic.render import render_page
from tests.validate.factory import claim, doc

pytestmark = pytest.mark.ocr
MISREADS = (("0", "8"), ("8", "0"), ("1", "7"), ("7", "1"), ("3", "8"), ("8", "3"), ("5", "6"), ("6", "5"))
AMOUNT = re.compile(r"\d+[.:]\d{2}(?!\d)")
LAYOUTS = (("paper_inpatient", 11), ("electronic", 12), ("hospital_receipt", 13), ("electronic", 14),
           ("hospital_receipt", 15))


@pytest.fixture(scope="module")
def invoices() -> list[tuple[list[OcrLine], dict]]:
    """Generated invoices of every layout, OCR'd once: their lines and their truth."""
    extractor = Extractor()
    out = []
    for layout, seed in LAYOUTS:
        page = render_page(DocType.hospital_invoice, random.Random(seed), layout=layout)
        buf = io.BytesIO()
        page.image.convert("RGB").save(buf, "JPEG", quality=92)
        out.append((extractor.extract(buf.getvalue(), f"{layout}.jpg").lines, page.truth))
    return out


def _misreads(text: str) -> list[str]:
    """Every single-character misread of every amount in ``text``, and each amount without its decimal point."""
    out = []
    for m in AMOUNT.finditer(text):
        amount = m[0]
        variants = [amount[:i] + b + amount[i + 1:] for i, ch in enumerate(amount) for a, b in MISREADS if ch == a]
        variants.append(re.sub(r"[.:]", "", amount))
        out += [text[:m.start()] + v + text[m.end():] for v in variants]
    return out


def _claim_docs(lines: list[OcrLine], truth: dict, policy: Policy) -> list:
    """The invoice as extracted from ``lines`` beside an expense list showing the true total."""
    fields = {name: {"value": f.value, "confidence": f.confidence, "confirmed_by": list(f.confirmed_by)}
              for name, f in extract_fields(DocType.hospital_invoice, lines).items()}
    invoice = doc("hospital_invoice").model_copy(update={
        "fields": FIELDS_BY_DOC_TYPE[DocType.hospital_invoice].model_validate(fields)})
    return with_confirmations([invoice, doc("expense_list", total_amount=str(truth["total_amount"]))], policy)


def _outcome(docs: list, policy: Policy) -> tuple[Decimal | None, list[str | None]]:
    """The payable and the LOW_CONFIDENCE details the amounts give (other rules could only add reasons)."""
    report = claim("medical_expense")
    pay = payable(report, docs, PriorUse(), policy)
    reasons = pay.low_confidence + unconfirmed_amount_reasons(report, docs, policy)
    return pay.amount, [r.detail for r in reasons if r.code == ReasonCode.LOW_CONFIDENCE]


def test_no_misread_amount_is_ever_paid(invoices, policy: Policy) -> None:
    planted = held = paid_right = 0
    for lines, truth in invoices:
        due = Decimal(str(truth["total_amount"])) - Decimal(str(truth["insurance_paid"]))
        for i, line in enumerate(lines):
            for text in _misreads(line.text):
                misread = [*lines[:i], line.model_copy(update={"text": text}), *lines[i + 1:]]
                amount, low = _outcome(_claim_docs(misread, truth, policy), policy)
                planted += 1
                if low:
                    held += 1
                else:
                    assert amount == due, f"{line.text!r} read as {text!r}: {amount} paid, {due} due"
                    paid_right += 1
    assert planted > 150 and held > 50
    print(f"misreads planted {planted}: held for review {held}, paid the right amount {paid_right}")


def test_the_decision_names_the_unconfirmed_field(invoices, policy: Policy) -> None:
    """A misread 统筹 amount is held, naming the field (on the first invoice whose 统筹 amount was read)."""
    lines, truth, i = next((lines, truth, i) for lines, truth in invoices for i, ln in enumerate(lines)
                           if f"{truth['insurance_paid']:.2f}" in ln.text)
    insured = f"{truth['insurance_paid']:.2f}"
    wrong = insured.replace(insured[-1], "8" if insured[-1] != "8" else "0")
    misread = [*lines[:i], lines[i].model_copy(update={"text": lines[i].text.replace(insured, wrong)}), *lines[i + 1:]]
    docs = _claim_docs(misread, truth, policy)
    assert _outcome(docs, policy)[1] == ["hospital_invoice.insurance_paid"]
    assert docs[0].fields.insurance_paid.confirmed_by == []
