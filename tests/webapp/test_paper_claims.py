"""Paper claim entry refuses a form without its number or dated in the future, with Chinese messages."""
from __future__ import annotations

from datetime import timedelta

from models.policy import load_policy
from storage.database.session import session_scope
from storage.database.tables import ClaimRow
from tests.webapp.conftest import REPORT


def test_a_paper_claim_needs_its_number_and_a_past_date(client_for, app) -> None:
    client, token = client_for("field_staff")
    tomorrow = (load_policy().now().date() + timedelta(days=1)).isoformat()
    answer = client.post("/claims/paper", data={**REPORT, "csrf_token": token, "paper_form_number": " ",
                                                "reported_on": tomorrow})
    assert answer.status_code == 422
    assert "原报案日期不能晚于今天" in answer.text and "必填" in answer.text
    bad_time = client.post("/claims/paper", data={**REPORT, "csrf_token": token, "paper_form_number": "P-1",
                                                  "reported_on": "2026-04-01", "reported_time": "25:99"})
    assert bad_time.status_code == 422 and "时间格式应为 时:分" in bad_time.text
    with session_scope(app.state.ctx.config.db_url) as session:
        assert session.query(ClaimRow).count() == 0
    done = client.post("/claims/paper", data={**REPORT, "csrf_token": token, "paper_form_number": "P-1",
                                              "reported_on": "2026-04-01", "reported_time": "15:30"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith("/claims/CN20260401-")
