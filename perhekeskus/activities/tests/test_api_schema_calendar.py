"""The OpenAPI schema documents the calendar endpoints: the activity CRUD with its
occurrence changes, the occurrence list with its required window, and every filter."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

CALENDAR_FILTERS = {
    "q",
    "area",
    "organisation",
    "service_type",
    "life_stage",
    "language",
    "audience",
    "participation",
    "age",
    "age_months",
    "evenings_weekends",
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def parameters(operation):
    return {p["name"]: p for p in operation["parameters"]}


def test_the_schema_with_the_calendar_is_valid_openapi(schema):
    validate(schema)


def test_calendar_paths_and_methods_are_documented(schema):
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/activities/"])
    assert {"get", "put", "patch", "delete"} <= set(paths["/api/v1/activities/{id}/"])
    assert set(paths["/api/v1/activities/{id}/changes/"]) >= {"post", "delete"}
    assert set(paths["/api/v1/occurrences/"]) >= {"get"}
    assert "post" not in paths["/api/v1/occurrences/"]


def test_occurrences_need_a_window_and_take_the_calendar_filters(schema):
    operation = schema["paths"]["/api/v1/occurrences/"]["get"]
    params = parameters(operation)
    assert CALENDAR_FILTERS | {"start", "end", "page", "page_size"} <= set(params)
    assert params["start"]["required"] is True and params["end"]["required"] is True
    assert set(params["participation"]["schema"]["items"]["enum"]) == {"open", "directed", "targeted"}
    assert "400" in operation["responses"]
    body = resolve(schema, operation["responses"]["200"]["content"]["application/json"]["schema"])
    assert set(body["required"]) == {"meta", "data"}
    item = resolve(schema, body["properties"]["data"]["items"])
    assert {"activity", "title", "start", "end", "original_start", "status", "moved", "note", "place"} <= set(
        item["properties"]
    )
    assert {"online", "organisation"} <= set(item["properties"])
    status = resolve(schema, item["properties"]["status"]["allOf"][0])
    assert status["enum"] == ["scheduled", "cancelled"]


def test_activity_list_takes_the_filters_a_window_and_statuses(schema):
    params = parameters(schema["paths"]["/api/v1/activities/"]["get"])
    assert CALENDAR_FILTERS | {"start", "end", "status", "page", "page_size"} <= set(params)
    assert params["start"].get("required", False) is False
    assert "draft" in params["status"]["schema"]["items"]["enum"]


def test_activity_writes_document_errors_security_and_the_input_shape(schema):
    create = schema["paths"]["/api/v1/activities/"]["post"]
    assert {"201", "400", "401", "403"} <= set(create["responses"])
    assert {"bearerToken": []} in create["security"]
    request = resolve(schema, create["requestBody"]["content"]["application/json"]["schema"])
    assert {"title", "start", "end"} <= set(request["required"])
    assert "organisation" not in request["required"]  # the token's organisation by default
    assert request["properties"]["title"]["properties"].keys() == {"fi", "sv", "en"}
    assert request["properties"]["place"]["format"] == "uuid"
    assert request["properties"]["audience"]["items"] == {"type": "string"}
    assert request["properties"]["start"]["format"] == "date-time"
    patch = schema["paths"]["/api/v1/activities/{id}/"]["patch"]
    patched = resolve(schema, patch["requestBody"]["content"]["application/json"]["schema"])
    assert "required" not in patched
    changes = schema["paths"]["/api/v1/activities/{id}/changes/"]
    assert parameters(changes["delete"])["original_start"]["required"] is True
    change = resolve(schema, changes["post"]["requestBody"]["content"]["application/json"]["schema"])
    assert {"original_start", "kind"} <= set(change["required"])


def test_activity_shape_is_documented(schema):
    activity = schema["components"]["schemas"]["Activity"]["properties"]
    for name in ("id", "organisation", "changes", "next_occurrences", "urls", "contact", "confirmed_until"):
        assert name in activity
    assert resolve(schema, activity["status"]["allOf"][0])["enum"] == ["draft", "published", "cancelled", "ended"]
