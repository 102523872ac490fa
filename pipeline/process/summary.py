"""The closing tables of a batch: claims, fast-pay rate, reasons histogram, time; what could not be taken in."""
from collections import Counter

from rich.table import Table

from models.enums import ReasonCode, Route
from pipeline.process.source_run import BatchResult


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


def problems_table(result: BatchResult, most: int = 40) -> Table | None:
    """The claims that got an error line and the objects that could not be used, with why (the first
    ``most`` rows), or None when there are none."""
    rows = [(d.claim_id, "claim.json / folder", d.error or "") for d in result.decisions if d.error is not None]
    rows += [(n.claim_id, n.object.rsplit("/", 1)[-1], n.problem) for n in result.notes]
    if not rows:
        return None
    table = Table("claim", "object", "problem", title=f"{len(rows)} problem(s) for a person to see", min_width=60)
    for row in rows[:most]:
        table.add_row(*row)
    if len(rows) > most:
        table.add_row("…", "", f"and {len(rows) - most} more (each in its claim's decision line)")
    return table
