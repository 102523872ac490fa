"""The closing table of a batch: claims, fast-pay rate, reasons histogram, time."""
from collections import Counter

from rich.table import Table

from models.enums import ReasonCode, Route
from pipeline.process.flow import BatchResult


def summary_table(result: BatchResult) -> Table:
    """A Rich table summing up the batch."""
    decisions = result.decisions
    fast = sum(d.route == Route.fast_pay for d in decisions)
    errors = sum(d.error is not None for d in decisions)
    reasons = Counter(r.code for d in decisions for r in {r.code: r for r in d.reasons}.values())
    table = Table("", "", title="claimflow process", show_header=False)
    table.add_row("claims", str(len(decisions)))
    table.add_row("fast-pay", f"{fast} ({fast / len(decisions):.0%})" if decisions else "0")
    table.add_row("manual review", str(len(decisions) - fast))
    table.add_row("errors", str(errors))
    for code in ReasonCode:
        if reasons[code]:
            table.add_row(f"  {code.value}", f"{reasons[code]} claim(s)")
    table.add_row("QA sample (fast-pay)", str(len(result.qa_sampled)))
    table.add_row("photos extracted / cached", f"{result.extracted} / {result.cached}")
    table.add_row("time", f"{result.seconds:.1f} s")
    return table
