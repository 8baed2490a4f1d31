"""The published OpenAPI schema describes what the API answers: each component name belongs to one schema, and every
operation documents its errors in the one error shape."""

import pytest
from pydantic import BaseModel

from lots.api.router import ERROR_STATUSES


@pytest.fixture(scope="module")
def api():
    from lots.api.urls import api

    return api


def _models(annotation, found):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found.get(annotation.__name__, set()):
            return
        found.setdefault(annotation.__name__, set()).add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
    for argument in getattr(annotation, "__args__", ()):
        _models(argument, found)


def _operations(api):
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def test_no_two_schemas_share_a_component_name(api):
    found: dict[str, set] = {}
    for operation in _operations(api):
        for model in operation.response_models.values():
            if model is not None:
                _models(model.model_fields["response"].annotation, found)
        for params in operation.models:  # ninja's wrappers (PathParams, QueryParams, BodyParams) around the schemas
            for field in params.model_fields.values():
                _models(field.annotation, found)
    shared = {name: sorted(m.__module__ for m in models) for name, models in found.items() if len(models) > 1}
    assert shared == {}


def test_every_operation_documents_its_errors_as_json(api):
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status in ERROR_STATUSES:
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
