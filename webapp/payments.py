"""Payment batches for finance: every approved (or fast-paid) claim not yet in a batch goes into the next one
(the pipeline puts fast-paid claims into a daily ``fast-pay-<date>`` batch as it decides them).

A claim is in exactly one batch, ever: ``payments.claim_id`` is UNIQUE, and the candidates are taken under a
lock (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's single writer) so two batches never race for a claim.
"""
from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.database import lifecycle
from storage.database.repository import current_decision, enqueue_payment
from storage.database.tables import ClaimRow, DecisionRow, PaymentRow

COLUMNS = ("批次号", "理赔编号", "被保险人", "收款人", "开户银行", "银行账号", "金额（元）", "付款期限")


@dataclass(frozen=True)
class BatchSummary:
    batch_id: str
    claims: int
    total: Decimal


_UNBATCHED = (ClaimRow.status.in_(lifecycle.PAYABLE),
              ~select(PaymentRow.id).where(PaymentRow.claim_id == ClaimRow.claim_id).exists())


@dataclass(frozen=True)
class Unbatchable:
    """A payable claim no batch can take, and why (for the supervisor to send back)."""

    claim_id: str
    insured_name: str
    why: str


def _why_unbatchable(decision: DecisionRow | None) -> str | None:
    if decision is None:
        return "没有系统决定"
    if decision.payable_amount is None:
        return "应付金额无法计算，请退回审核"
    return None


def waiting(session: Session) -> tuple[int, list[Unbatchable]]:
    """How many payable claims the next batch would take, and the payable claims it cannot take, with why."""
    ready, stuck = 0, []
    for claim in session.scalars(select(ClaimRow).where(*_UNBATCHED).order_by(ClaimRow.claim_id)):
        why = _why_unbatchable(current_decision(session, claim.claim_id))
        if why is None:
            ready += 1
        else:
            stuck.append(Unbatchable(claim.claim_id, claim.insured_name, why))
    return ready, stuck


def create_batch(session: Session, now: datetime) -> BatchSummary | None:
    """Put every payable claim with a known amount that is in no batch yet into a new batch (named by ``now``,
    on the programme's clock); None when none."""
    batch_id = f"PAY{now:%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
    added: list[Decimal] = []
    query = select(ClaimRow).where(*_UNBATCHED).order_by(ClaimRow.payment_due, ClaimRow.claim_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=ClaimRow)
    for claim in session.scalars(query):
        decision = current_decision(session, claim.claim_id)
        if decision is None or decision.payable_amount is None:  # listed by ``waiting`` with why
            continue
        if enqueue_payment(session, claim.claim_id, decision.payable_amount, batch_id):
            added.append(decision.payable_amount)
    session.flush()
    return BatchSummary(batch_id, len(added), sum(added, Decimal("0"))) if added else None


def batches(session: Session) -> list[BatchSummary]:
    """Every batch, newest first."""
    rows = session.execute(select(PaymentRow.batch_id, func.count(), func.sum(PaymentRow.amount))
                           .group_by(PaymentRow.batch_id).order_by(PaymentRow.batch_id.desc()))
    return [BatchSummary(b, n, Decimal(total)) for b, n, total in rows]


def batch_lines(session: Session, batch_id: str) -> list[tuple[str, ...]]:
    """The batch's lines for finance, in the order of COLUMNS."""
    rows = session.execute(select(PaymentRow, ClaimRow).join(ClaimRow, ClaimRow.claim_id == PaymentRow.claim_id)
                           .where(PaymentRow.batch_id == batch_id).order_by(PaymentRow.claim_id))
    out: list[tuple[str, ...]] = []
    for payment, claim in rows:
        payee = claim.report["payee"]
        out.append((batch_id, claim.claim_id, claim.insured_name, payee["name"], payee["bank"], payee["account"],
                    f"{payment.amount:.2f}", claim.payment_due.isoformat() if claim.payment_due else ""))
    return out


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: str) -> str:
    """A value a spreadsheet shows as text, never runs: one starting like a formula (= + - @, tab, CR) gets
    a leading apostrophe (a payee named =HYPERLINK(…) stays a name)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(lines: list[tuple[str, ...]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel opens it with the Chinese intact); no cell starts a formula."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    writer.writerows([as_text_cell(v) for v in line] for line in lines)
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(lines: list[tuple[str, ...]]) -> bytes:
    """The same lines as an Excel workbook; account numbers stay text, amounts are numbers, and every text
    cell is stored as text (never a formula)."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook has one worksheet
    sheet.title = "付款批次"
    sheet.append(COLUMNS)
    for line in lines:
        sheet.append([*(as_text_cell(v) for v in line[:6]), float(line[6]), as_text_cell(line[7])])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
