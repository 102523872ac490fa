"""The daily report's charts as standalone SVG text (matplotlib, no display)."""
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # the backend is chosen first
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from pipeline.report.figures import DailyFigures


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}):  # labels stay text (searchable, selectable), not outlines
        fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # inline: drop the XML prolog and doctype


def _bars(title: str, counts: dict[str, int], axis: str, size: tuple[float, float], horizontal: bool,
          color: str | list[str]) -> str:
    fig, ax = plt.subplots(figsize=size)
    labels, values = list(counts), list(counts.values())
    if horizontal:
        ax.barh(labels, values, color=color)
        ax.invert_yaxis()
        ax.set_xlabel(axis)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        ax.bar(labels, values, color=color)
        ax.set_ylabel(axis)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    return _svg(fig)


def reasons_chart(figures: DailyFigures) -> str:
    """Horizontal bars: claims per reason code among current manual-review decisions."""
    return _bars("Reasons (current decisions)", figures.reasons, "claims", (7, 4), True, "#c0504d")


def backlog_chart(figures: DailyFigures) -> str:
    """Stacked bars: open claims per queue, split by age since the report."""
    fig, ax = plt.subplots(figsize=(7, 3.5))
    queues = list(figures.backlog_by_age)
    labels = list(next(iter(figures.backlog_by_age.values()), {}))
    bottom = [0] * len(queues)
    for label in labels:
        values = [figures.backlog_by_age[q][label] for q in queues]
        ax.bar(queues, values, bottom=bottom, label=label)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylabel("open claims")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Queue backlog by age")
    ax.legend(title="age", fontsize="small")
    return _svg(fig)


def sla_chart(figures: DailyFigures) -> str:
    """Bars: open claims on time, due today, overdue, without a deadline."""
    return _bars("Review SLA status", figures.sla_status, "open claims", (5, 3), False,
                 ["#4f81bd", "#f79646", "#c0504d", "#a5a5a5"][:len(figures.sla_status)])


def throughput_chart(figures: DailyFigures) -> str:
    """Lines over the last days: decisions made and photos extracted per day."""
    fig, ax = plt.subplots(figsize=(7, 3))
    days = list(figures.throughput)
    ax.plot([d[5:] for d in days], [figures.throughput[d]["decisions"] for d in days], marker="o", label="decisions")
    ax.plot([d[5:] for d in days], [figures.throughput[d]["photos_extracted"] for d in days], marker="s",
            label="photos extracted")
    ax.tick_params(axis="x", labelrotation=45)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Throughput per day")
    ax.legend(fontsize="small")
    return _svg(fig)


CHARTS = {"reasons": reasons_chart, "backlog": backlog_chart, "sla": sla_chart, "throughput": throughput_chart}
