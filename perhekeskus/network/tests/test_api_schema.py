"""The generated OpenAPI schema at /api/v1/schema/: valid OpenAPI 3, and it documents what
clients rely on (the meta/data list shape, every filter, per-field 400s, Bearer tokens)."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LIST_FILTERS = {
    "/api/v1/services/": {
        "q",
        "area",
        "life_stage",
        "tier",
        "service_type",
        "language",
        "target_group",
        "organisation",
        "access",
    },
    "/api/v1/places/": {"q", "area", "organisation", "kind"},
    "/api/v1/organisations/": {"q", "area", "kind"},
    "/api/v1/areas/": {"kind", "parent"},
    "/api/v1/service-types/": {"parent", "tier"},
    "/api/v1/life-stages/": set(),
    "/api/v1/target-groups/": set(),
    "/api/v1/languages/": set(),
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def resolve(schema, node):
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def test_schema_is_valid_openapi(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_schema_is_also_served_as_yaml():
    response = APIClient().get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


@pytest.mark.parametrize("path", sorted(LIST_FILTERS))
def test_lists_document_the_meta_data_shape_and_their_filters(schema, path):
    operation = schema["paths"][path]["get"]
    params = {p["name"] for p in operation["parameters"]}
    assert LIST_FILTERS[path] | {"page", "page_size"} <= params
    body = resolve(schema, operation["responses"]["200"]["content"]["application/json"]["schema"])
    assert set(body["required"]) == {"meta", "data"}
    assert set(body["properties"]["meta"]["properties"]) == {"count", "next", "previous"}
    item = resolve(schema, body["properties"]["data"]["items"])
    assert item["properties"]["id"]["format"] == "uuid" or "code" in item["properties"]
    for name in LIST_FILTERS[path] - {"q"}:
        param = next(p for p in operation["parameters"] if p["name"] == name)
        assert param["explode"] is False and param["schema"]["type"] == "array"
        assert "unknown value gives 400" in param["description"]
    if LIST_FILTERS[path]:
        assert "400" in operation["responses"]


def test_filter_enums_are_documented(schema):
    params = {p["name"]: p for p in schema["paths"]["/api/v1/services/"]["get"]["parameters"]}
    assert set(params["tier"]["schema"]["items"]["enum"]) == {
        "community",
        "basic",
        "early_support",
        "regional",
        "special",
    }
    assert "referral" in params["access"]["schema"]["items"]["enum"]


@pytest.mark.parametrize("path", ["/api/v1/services/", "/api/v1/places/", "/api/v1/organisations/"])
def test_writes_document_request_body_errors_and_security(schema, path):
    create = schema["paths"][path]["post"]
    assert {"201", "400", "401", "403"} <= set(create["responses"])
    error = create["responses"]["400"]["content"]["application/json"]["schema"]
    assert error["additionalProperties"]["type"] == "array"
    assert {"bearerToken": []} in create["security"]
    detail = schema["paths"][f"{path}{{id}}/"]
    assert {"get", "put", "patch", "delete"} <= set(detail)
    assert "404" in detail["patch"]["responses"]
    request = resolve(schema, create["requestBody"]["content"]["application/json"]["schema"])
    assert request["properties"]["name"]["properties"].keys() == {"fi", "sv", "en"}
    assert "name" in request["required"]
    patch = resolve(schema, detail["patch"]["requestBody"]["content"]["application/json"]["schema"])
    assert "required" not in patch  # PATCH changes only what is given


def test_bearer_scheme_is_declared(schema):
    assert schema["components"]["securitySchemes"]["bearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token of a network member.",
    }


def test_service_write_takes_references_as_keys(schema):
    request = schema["components"]["schemas"]["ServiceWriteRequest"]["properties"]
    assert request["provider"] == {"type": "string", "format": "uuid"}
    assert request["places"]["items"]["format"] == "uuid"
    assert request["life_stages"]["items"] == {"type": "string"}
    response = schema["components"]["schemas"]["Service"]["properties"]
    assert response["provider"]["allOf"] == [{"$ref": "#/components/schemas/NamedRef"}]
    assert set(schema["components"]["schemas"]["NamedRef"]["properties"]) == {"id", "name"}
