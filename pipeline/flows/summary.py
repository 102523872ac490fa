"""The closing table of a flow run."""
from rich.table import Table

from pipeline.flows.claims import RunSummary


def run_table(name: str, summary: RunSummary) -> Table:
    """A Rich table summing up a flow run."""
    table = Table("", "", title=f"claimflow {name}", show_header=False)
    table.add_row("claims to decide", str(summary.claims))
    table.add_row("decided", str(len(summary.decided)))
    table.add_row("errors", str(len(summary.errors)))
    table.add_row("photos extracted / cached", f"{summary.extracted} / {summary.cached}")
    table.add_row("decisions republished", str(summary.republished))
    table.add_row("escalated (review overdue)", str(len(summary.escalated)))
    table.add_row("escalated (close deadline near or past)", str(len(summary.close_escalated)))
    table.add_row("report", summary.report or "–")
    return table
