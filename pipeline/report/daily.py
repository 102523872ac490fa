"""Write the daily report to reports/YYYY-MM-DD/report.json and report.html in the object store."""
from datetime import date
from html import escape

from pipeline.flows.settings import ReportSettings
from pipeline.report.charts import CHARTS, word
from pipeline.report.figures import DailyFigures, daily_figures
from storage.database.session import session_scope
from storage.object_store import ObjectStore


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def render_html(figures: DailyFigures) -> str:
    """A self-contained HTML page: the headline figures and every chart as inline SVG."""
    rows = [("claims_received", figures.claims_received), ("claims_total", figures.claims_total),
            ("decided_today", figures.decided_today), ("fast_pay_rate_today", _rate(figures.fast_pay_rate)),
            ("fast_pay_rate_all", _rate(figures.fast_pay_rate_all)),
            ("overdue", figures.sla_status.get("overdue", 0))]
    table = "".join(f"<tr><th>{escape(word(k))}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
    charts = "".join(f'<figure class="chart" id="chart-{name}">{draw(figures)}</figure>'
                     for name, draw in CHARTS.items())
    title = f"{word('title')} {figures.day}"
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title>"
            '<style>body{font-family:"Noto Sans CJK SC",sans-serif;margin:2em}table{border-collapse:collapse}'
            "th,td{padding:.2em .8em;text-align:left;border-bottom:1px solid #ddd}figure{margin:1em 0}</style>"
            f"</head><body><h1>{escape(title)}</h1>"
            f"<p>{escape(word('times_in').format(zone=figures.timezone))}</p><table>{table}</table>{charts}"
            "</body></html>")


def write_daily_report(store: ObjectStore, db_url: str, day: date, settings: ReportSettings, timezone: str) -> str:
    """Compute the day's figures (days on the programme's clock, ``timezone``) and write report.json and
    report.html under reports/<day>/; the folder's key."""
    with session_scope(db_url) as session:
        figures = daily_figures(session, day, timezone, settings.backlog_age_days)
    folder = f"reports/{day.isoformat()}/"
    store.put_bytes(folder + "report.json", figures.model_dump_json(indent=2).encode(), "application/json")
    store.put_bytes(folder + "report.html", render_html(figures).encode(), "text/html; charset=utf-8")
    return folder
