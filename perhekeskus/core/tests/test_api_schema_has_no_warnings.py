"""The whole API's OpenAPI schema is generated without a warning (clashing enum names,
views whose serializer cannot be guessed): what clients generate from it is exact."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--fail-on-warn", "--file", str(target), stdout=StringIO(), stderr=StringIO())
    text = target.read_text()
    for path in ("/api/v1/groups/", "/api/v1/programmes/", "/api/v1/interest/", "/api/v1/feedback/{token}/"):
        assert f"  {path}:" in text
