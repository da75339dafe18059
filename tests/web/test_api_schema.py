"""Property-based tests of the API from its own OpenAPI description (schemathesis): for every
operation, generated requests — valid and invalid — as the coordinator and as an officer never
cause a server error, and the responses conform to the schema's declared status codes and types."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from theodoi.services import accounts
from theodoi.services.plans import publish
from theodoi.web import create_app

PASSWORD = "mat-khau-du-dai"


@pytest.fixture
def web(founding: Any, clock: Any) -> Any:
    publish(founding, 1)
    clock.set(date(2025, 9, 10))
    accounts.add_user(founding, username="coordinator", password=PASSWORD, role="coordinator",
                      agency="Sở Tài chính tỉnh Bắc Ninh")
    accounts.add_user(founding, username="officer", password=PASSWORD, role="officer",
                      agency="Sở Xây dựng tỉnh Bắc Ninh")
    app = create_app(workspace=founding)
    app.state.tokens = {name: accounts.add_token(founding, name, "schemathesis") for name in ("coordinator", "officer")}
    return app


def check(case: Any, web: Any, who: str) -> None:
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {web.state.tokens[who]}"}
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text}"
    if response.status_code >= 400:
        content_type = response.headers.get("content-type")
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert str(content_type).startswith("application/problem+json"), response.text


@pytest.mark.parametrize("who", ["coordinator", "officer"])
def test_no_server_errors(web: Any, who: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", web)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            check(case, web, who)

        run()
