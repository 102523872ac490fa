"""The daily report written by nightly_batch: JSON figures that match the database, and an HTML page that
renders in headless Chromium with its four charts drawn."""
import json
import re
from pathlib import Path

import pytest

from pipeline.flows.claims import nightly_batch
from pipeline.report.charts import reasons_chart, throughput_chart
from pipeline.report.figures import DailyFigures
from storage.object_store import open_store
from tests.flows.seed import CLEAN, EXCLUDED, MISSING, ROSTER_CSV, seed_claims
from tests.webapp.browser import browser, shot  # noqa: F401 - the fixture

CHARTS = ("reasons", "backlog", "sla", "throughput")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, prefect_api) -> tuple[Path, dict, dict[str, str]]:
    """A local store after one nightly_batch over 10 seeded claims; the report folder, its JSON, the claims."""
    work = tmp_path_factory.mktemp("report")
    (work / "roster.csv").write_bytes(ROSTER_CSV)
    (work / "store").mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLAIMFLOW_ROSTER", str(work / "roster.csv"))
        url = f"sqlite:///{work / 'claimflow.db'}"
        kinds = seed_claims(str(work / "store"), url, 10, seed=11)
        summary = nightly_batch(source=str(work / "store"), db_url=url, today="2025-02-03")
    figures = json.loads(open_store(str(work / "store")).get_bytes(f"{summary.report}report.json", 1 << 20))
    assert summary.report is not None
    return work / "store" / summary.report, figures, kinds


def test_a_day_without_decisions_counts_in_whole_numbers(report) -> None:
    """The counting axes of an empty day run 0 to 1 in whole numbers (never 0.000 to 0.054)."""
    _, figures, _ = report
    empty = DailyFigures.model_validate(figures).model_copy(update={
        "throughput": {day: {"decisions": 0, "photos_extracted": 0} for day in figures["throughput"]},
        "reasons": {}})
    for draw in (throughput_chart, reasons_chart):
        numbers = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", draw(empty)) if re.fullmatch(r"[\d.]+", t)]
        assert numbers and all("." not in n for n in numbers), numbers


def test_report_figures(report) -> None:
    _, figures, kinds = report
    count = {k: sum(v == k for v in kinds.values()) for k in (CLEAN, MISSING, EXCLUDED)}
    assert figures["claims_total"] == 10 and figures["decided_today"] == 0  # decided on the real today
    assert figures["fast_pay_rate_all"] == pytest.approx(count[CLEAN] / 10)
    assert figures["reasons"]["MISSING_DOCUMENT"] == count[MISSING]
    assert figures["reasons"]["POSSIBLE_EXCLUSION"] == count[EXCLUDED]
    open_claims = count[MISSING] + count[EXCLUDED]
    assert sum(sum(ages.values()) for ages in figures["backlog_by_age"].values()) == open_claims
    # every open claim has a deadline: its review's, or, documents missing, the day the family must be told
    assert figures["sla_status"]["no_deadline"] == 0 and sum(figures["sla_status"].values()) == open_claims
    assert len(figures["throughput"]) == 14


def test_report_renders_with_its_charts(report, browser) -> None:  # noqa: F811 - the fixture
    folder, _figures, _ = report
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((folder / "report.html").as_uri())
    assert page.title() == "理赔日报 2025-02-03"
    for name in CHARTS:
        svg = page.locator(f"#chart-{name} svg")
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100, name
        assert svg.locator("path").count() > 10, name  # axes, ticks and the drawn bars or lines
    assert "缺少资料" in page.locator("#chart-reasons").inner_text()
    assert page.locator("table").inner_text().count("\n") >= 5
    shown = page.locator("body").inner_text().replace("Asia/Shanghai", "")
    assert not re.search(r"[A-Za-z]{3,}", shown), re.findall(r"[A-Za-z_]{3,}", shown)  # no English, no codes
    shot(page, "daily-report")
    page.close()
