"""Generated requests against the app's own OpenAPI schema (schemathesis), with a signed-in supervisor's
session and CSRF token: no answer is a server error. Bounded: CLAIMFLOW_FUZZ_EXAMPLES per operation."""
import os

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from tests.webapp.conftest import sign_in

EXAMPLES = int(os.environ.get("CLAIMFLOW_FUZZ_EXAMPLES", "12"))
SKIPPED = {"/logout"}  # would end the session the run signs in with


def test_no_generated_request_is_a_server_error(app, users) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    with TestClient(app) as client:
        token = sign_in(client, "supervisor")
        cookies = dict(client.cookies)
    errors: list[str] = []
    tried = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in SKIPPED:
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case) -> None:
            nonlocal tried
            tried += 1
            response = case.call(headers={"X-CSRF-Token": token}, cookies=cookies)
            if response.status_code >= 500:
                errors.append(f"{case.method} {case.formatted_path} -> {response.status_code}")

        call()
    assert tried > 100, "the schema gave too few requests for the check to mean anything"
    assert not errors, errors[:10]
