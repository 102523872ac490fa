"""Invoice arithmetic: the 小写 total against its 大写 amount, and 合计 = 统筹支付 + the patient's parts, which
confirm, correct or rebuild the total and the insurance amount."""
from dataclasses import replace
from decimal import Decimal
from itertools import combinations

from models.document import AmountCheck
from models.ocr import OcrLine
from models.text import normalize
from pipeline.extract.fields import parsers
from pipeline.extract.fields.extracted import Extracted
from pipeline.extract.fields.labels import FieldLabels
from pipeline.extract.fields.pairing import misread_label_at, right_of


def _uppercase(lines: list[OcrLine]) -> tuple[parsers.UpperAmount, OcrLine] | None:
    """The first 大写 amount on the page, as far as it was read, with its line."""
    for ln in lines:
        upper = parsers.parse_cn_money(ln.text)
        if upper is not None:
            return upper, ln
    return None


def check_total_against_uppercase(found: Extracted | None, lines: list[OcrLine],
                                    labels: FieldLabels) -> Extracted | None:
    """The 小写 total must agree with the 大写 amount: exact agreement raises confidence; agreement with the parts
    of a 大写 that was read in part leaves the total as read. On a clash, a 小写 amount on the page that equals an
    exact 大写 one is taken instead, else the found total keeps a share of its confidence
    (``confidence.total_clashes_with_uppercase``)."""
    read = _uppercase(lines)
    if read is None:
        return found
    upper, ln = read
    if found is not None and upper.admits(found.amount):
        return replace(found, confidence=max(found.confidence, min(1.0, ln.confidence))).confirmed(
            AmountCheck.uppercase) if upper.exact else found
    exact = upper.value if upper.exact else None
    for other in lines:
        if exact is not None and other is not ln and parsers.parse_money(other.text) == exact:
            return Extracted(exact, min(other.confidence, ln.confidence), other).confirmed(AmountCheck.uppercase)
    clash = labels.confidence.total_clashes_with_uppercase
    return Extracted(found.value, found.confidence * clash, found.line) if found else None


def settle_invoice(out: dict[str, Extracted], parts: dict[str, Extracted], lines: list[OcrLine],
                    labels: FieldLabels) -> None:
    """An invoice's total and insurance amount checked against each other and the patient's parts (and
    rebuilt or corrected from them); when both stand as read and add up with the parts, both are confirmed
    by the invoice's sum. A value rebuilt or corrected from the sum is never confirmed by it."""
    read_total, read_insurance = out["total_amount"], out.get("insurance_paid")
    out["total_amount"] = _check_total_against_parts(read_total, read_insurance, parts, lines)
    insurance = _check_insurance_against_parts(read_insurance, out["total_amount"], parts, labels)
    if insurance is None:
        return
    out["insurance_paid"] = insurance
    as_read = read_insurance is not None and insurance.value == read_insurance.value \
        and out["total_amount"].value == read_total.value
    if as_read and _adds_up(out["total_amount"].amount, insurance.amount, list(parts.values())):
        out["total_amount"] = out["total_amount"].confirmed(AmountCheck.invoice_sum)
        out["insurance_paid"] = insurance.confirmed(AmountCheck.invoice_sum)


def _adds_up(total: Decimal, insurance: Decimal, parts: list[Extracted]) -> bool:
    """合计 = 统筹 + some of the patient's parts as read (a page may print 个人支付 and its own breakdown)."""
    return any(total == insurance + sum((p.amount for p in chosen), Decimal(0))
               for size in range(len(parts) + 1) for chosen in combinations(parts, size))


def payment_parts(lines: list[OcrLine], labels: FieldLabels) -> dict[str, Extracted]:
    """The amounts paid beside the insurance fund (个人账户支付, 个人现金支付, 其他支付…) by label (one character
    may be misread), each read after its label up to the next label on the line, or right of the line when the
    label ends it."""
    names = sorted({*labels.payment_parts, *labels.settlement_parts, *labels.settlement_optional_parts}, key=len,
                   reverse=True)
    parts: dict[str, Extracted] = {}
    shortest = labels.geometry.misread_label_min_length
    for ln in lines:
        norm = normalize(ln.text)
        found = ((norm.find(p) if p in norm else misread_label_at(norm, p, set(names), shortest), p) for p in names)
        starts = sorted((at, p) for at, p in found if at >= 0)
        for i, (at, label) in enumerate(starts):
            if label in parts or any(a <= at < a + len(other) for a, other in starts[:i]):
                continue  # a label inside a longer one
            end = next((a for a, _ in starts[i + 1:] if a >= at + len(label)), len(norm))
            neighbour = right_of(ln, lines, labels.geometry) if end == len(norm) else None
            for text, source in ((norm[at + len(label):end], ln), (neighbour.text if neighbour else "", neighbour)):
                value = parsers.parse_money(text) if text else None
                if value is not None and source is not None:
                    parts[label] = Extracted(value, source.confidence, source)
                    break
    return parts


def _check_total_against_parts(total: Extracted, insurance: Extracted | None, parts: dict[str, Extracted],
                               lines: list[OcrLine]) -> Extracted:
    """A total the 大写 amount contradicts is rebuilt from what the invoice says was paid: 统筹支付 plus some of
    the patient's parts, when every such sum the 大写 amount agrees with is the same one (a faint 小写 and a 大写
    read only in part: 贰仟…元贰角整). It is no surer than the amounts it adds up."""
    read = _uppercase(lines)
    if insurance is None or read is None or read[0].admits(total.amount):
        return total
    upper, upper_line = read
    paid = list(parts.values())
    choices = [[p for i, p in enumerate(paid) if mask >> i & 1] for mask in range(1, 2 ** len(paid))]
    sums = [(insurance.amount + sum(p.amount for p in chosen), chosen) for chosen in choices]
    agreeing = [(value, chosen) for value, chosen in sums if upper.admits(value)]
    if len({value for value, _ in agreeing}) != 1:
        return total
    value, chosen = max(agreeing, key=lambda vc: min(p.confidence for p in vc[1]))
    confidence = min([insurance.confidence, upper_line.confidence] + [p.confidence for p in chosen])
    return Extracted(value, round(confidence, 3), total.line)


def _without_point(value: Decimal) -> int:
    """The amount as printed with its decimal point lost: 3912.30 → 391230."""
    return int(f"{value:.2f}".replace(".", ""))


def _insurance_from_settlement(total: Extracted, parts: dict[str, Extracted], labels: FieldLabels) -> Extracted | None:
    """合计 less the settlement parts (个人账户支付 and 个人现金支付, and 其他支付 when read), when both were read."""
    if not all(label in parts for label in labels.settlement_parts):
        return None
    settlement = [parts[label] for label in (*labels.settlement_parts, *labels.settlement_optional_parts)
                  if label in parts]
    rest = total.amount - sum(p.amount for p in settlement)
    confidence = min([total.confidence] + [p.confidence for p in settlement])
    return Extracted(rest, round(confidence, 3), total.line) if rest >= 0 else None


def _check_insurance_against_parts(insurance: Extracted | None, total: Extracted, parts: dict[str, Extracted],
                                   labels: FieldLabels) -> Extracted | None:
    """An invoice adds up: 合计 = 统筹支付 + what the patient paid. An insurance amount read without its fen
    (1790 for 1790.75, under a seal) or without its decimal point (391230 for 3912.30) is corrected, and
    confirmed, by the total less a patient part when they agree. One not read at all, or read less surely than
    the amounts it must add up with and not adding up (a seal over it), is the total less the settlement parts."""
    derived = _insurance_from_settlement(total, parts, labels)
    if insurance is None:
        return derived
    values = list(parts.values())
    for chosen in [[p] for p in values] + ([values] if len(values) > 1 else []):
        rest = total.amount - sum(p.amount for p in chosen)
        confidence = min([total.confidence, insurance.line.confidence] + [p.confidence for p in chosen])
        if rest == insurance.value:  # adding up confirms it as surely as the amounts it adds up with
            return Extracted(insurance.value, round(max(insurance.confidence, confidence), 3), insurance.line)
        if rest >= 0 and insurance.amount == int(insurance.amount) \
                and int(insurance.amount) in (int(rest), _without_point(rest)):
            return Extracted(rest, round(confidence, 3), insurance.line)
    if derived is not None and derived.confidence > insurance.confidence:
        return derived
    return insurance
