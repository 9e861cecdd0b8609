"""The questionnaires and survey routes are in the generated OpenAPI schema, which
generates without a warning."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import call_command


@pytest.mark.django_db
def test_the_questionnaire_and_survey_routes_are_in_the_schema(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target), stdout=StringIO(), stderr=StringIO())
    paths = yaml.safe_load(target.read_text())["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/questionnaires/"])
    assert "get" in paths["/api/v1/questionnaires/{identifier}/"]
    assert "get" in paths["/api/v1/questionnaires/{identifier}/summary/"]
    assert {"get", "post"} <= set(paths["/api/v1/surveys/"])
    assert "post" in paths["/api/v1/surveys/{id}/codes/"]
    assert "post" in paths["/api/v1/surveys/{id}/close/"]
    assert "get" in paths["/api/v1/surveys/{id}/results/"]
    created = paths["/api/v1/surveys/"]["post"]["responses"]
    assert {"201", "400", "401", "403"} <= set(created)
