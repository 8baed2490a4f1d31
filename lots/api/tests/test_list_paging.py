"""Every API list pages the same way (lots.core.lists): limit with a default and a maximum, a bounded offset, and the
total in the X-Total-Count header, all in the OpenAPI schema."""

import pytest

from lots.core.lists import API_LIMIT, API_MAX_LIMIT, API_MAX_OFFSET, TOTAL_HEADER


def _ok(operation) -> dict:
    responses = operation["responses"]
    return responses.get(200) or responses.get("200") or {}


def _list_operations(schema) -> list[tuple[str, dict]]:
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        body = _ok(get).get("content", {}).get("application/json", {}).get("schema", {})
        if body.get("type") == "array":
            found.append((path, get))
    return found


@pytest.fixture(scope="module")
def schema():
    from lots.api.urls import api

    return api.get_openapi_schema()


def test_the_schema_has_lists(schema):
    paths = {path for path, _operation in _list_operations(schema)}
    assert {"/api/v1/deviations", "/api/v1/feedback", "/api/v1/improvements", "/api/v1/routines"} <= paths


def test_every_list_has_a_bounded_limit_and_offset_and_documents_its_total(schema):
    for path, operation in _list_operations(schema):
        parameters = {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"}
        assert "limit" in parameters and "offset" in parameters, path
        assert parameters["limit"]["default"] == API_LIMIT and parameters["limit"]["maximum"] == API_MAX_LIMIT, path
        assert parameters["offset"]["minimum"] == 0 and parameters["offset"]["maximum"] == API_MAX_OFFSET, path
        assert TOTAL_HEADER in _ok(operation).get("headers", {}), path
