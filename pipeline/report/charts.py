"""The daily report's charts as standalone SVG text (matplotlib, no display), in Chinese (models.labels)."""
import io
import re
from collections.abc import Callable
from functools import wraps

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # the backend is chosen first
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from models.labels import label
from pipeline.report.figures import DailyFigures

# CJK text measured with a CJK font where the machine has one (fonts-noto-cjk); the SVG keeps it as text
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "DejaVu Sans"]


def word(name: str) -> str:
    """A word of the report (the ``report`` labels)."""
    return label("report", name)


def age_words(bucket: str) -> str:
    """An age bucket as figures names it (``1-3d``, ``30d+``) in words: 1–3 天, 30 天以上."""
    span = re.fullmatch(r"(\d+)-(\d+)d", bucket)
    if span:
        return word("days").format(low=span.group(1), high=span.group(2))
    more = re.fullmatch(r"(\d+)d\+", bucket)
    return word("days_and_more").format(low=more.group(1)) if more else bucket


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none"}):  # labels stay text (searchable, selectable), not outlines
        fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]  # inline: drop the XML prolog and doctype


def in_chinese(chart: Callable[[DailyFigures], str]) -> Callable[[DailyFigures], str]:
    """Draw ``chart`` with a CJK font for every text it makes (titles, ticks, legends)."""
    @wraps(chart)
    def drawn(figures: DailyFigures) -> str:
        with plt.rc_context({"font.sans-serif": CJK_FONTS, "font.family": "sans-serif"}):
            return chart(figures)
    return drawn


def _counts_axis(ax: plt.Axes, axis: str, top: int) -> None:
    """Whole numbers on the counting axis, which runs at least to 1 (a day without any shows 0 and 1)."""
    locator = MaxNLocator(integer=True)
    if axis == "x":
        ax.xaxis.set_major_locator(locator)
        ax.set_xlim(0, max(1, top))
    else:
        ax.yaxis.set_major_locator(locator)
        ax.set_ylim(0, max(1, top) * 1.05)


def _bars(title: str, counts: dict[str, int], axis: str, size: tuple[float, float], horizontal: bool,
          color: str | list[str]) -> str:
    fig, ax = plt.subplots(figsize=size)
    labels, values = list(counts), list(counts.values())
    if horizontal:
        ax.barh(labels, values, color=color)
        ax.invert_yaxis()
        ax.set_xlabel(axis)
        _counts_axis(ax, "x", max(values, default=0))
    else:
        ax.bar(labels, values, color=color)
        ax.set_ylabel(axis)
        _counts_axis(ax, "y", max(values, default=0))
    if not counts:  # no categories: no numbers on their axis, and say so
        (ax.set_yticks if horizontal else ax.set_xticks)([])
        ax.text(0.5, 0.5, word("none"), transform=ax.transAxes, ha="center", va="center")
    ax.set_title(title)
    return _svg(fig)


@in_chinese
def reasons_chart(figures: DailyFigures) -> str:
    """Horizontal bars: claims per reason code among current manual-review decisions."""
    reasons = {label("reasons", code): n for code, n in figures.reasons.items()}
    return _bars(word("reasons_title"), reasons, word("claims"), (7, 4), True, "#c0504d")


@in_chinese
def backlog_chart(figures: DailyFigures) -> str:
    """Stacked bars: open claims per queue, split by age since the report."""
    fig, ax = plt.subplots(figsize=(7, 3.5))
    queues = list(figures.backlog_by_age)
    names = [word("no_queue") if q == "none" else label("queues", q) for q in queues]
    buckets = list(next(iter(figures.backlog_by_age.values()), {}))
    bottom = [0] * len(queues)
    for bucket in buckets:
        values = [figures.backlog_by_age[q][bucket] for q in queues]
        ax.bar(names, values, bottom=bottom, label=age_words(bucket))
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylabel(word("open_claims"))
    _counts_axis(ax, "y", max(bottom, default=0))
    ax.set_title(word("backlog_title"))
    ax.legend(title=word("age"), fontsize="small")
    return _svg(fig)


@in_chinese
def sla_chart(figures: DailyFigures) -> str:
    """Bars: open claims on time, due today, overdue, without a deadline."""
    states = {label("sla_states", state): n for state, n in figures.sla_status.items()}
    return _bars(word("sla_title"), states, word("open_claims"), (5, 3), False,
                 ["#4f81bd", "#f79646", "#c0504d", "#a5a5a5"][:len(states)])


@in_chinese
def throughput_chart(figures: DailyFigures) -> str:
    """Lines over the last days: decisions made and photos extracted per day."""
    fig, ax = plt.subplots(figsize=(7, 3))
    days = list(figures.throughput)
    decisions = [figures.throughput[d]["decisions"] for d in days]
    photos = [figures.throughput[d]["photos_extracted"] for d in days]
    ax.plot([d[5:] for d in days], decisions, marker="o", label=word("decisions"))
    ax.plot([d[5:] for d in days], photos, marker="s", label=word("photos_extracted"))
    ax.tick_params(axis="x", labelrotation=45)
    _counts_axis(ax, "y", max(decisions + photos, default=0))
    ax.set_title(word("throughput_title"))
    ax.legend(fontsize="small")
    return _svg(fig)


CHARTS = {"reasons": reasons_chart, "backlog": backlog_chart, "sla": sla_chart, "throughput": throughput_chart}
