"""A bad file is rejected whole: non-zero exit, one line naming where, nothing saved."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from .conftest import row_counts


def service_full(examples: Path) -> dict[str, Any]:
    return json.loads((examples / "service_full.json").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "feed.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def assert_rejected(path: Path, message: str, publisher: str = "mll-espoo") -> None:
    before = row_counts()
    with pytest.raises(CommandError) as exc:
        call_command("import_hsds", str(path), "--publisher", publisher, stdout=StringIO(), stderr=StringIO())
    text = str(exc.value)
    assert message in text
    assert "\n" not in text
    assert row_counts() == before


def test_a_file_that_is_not_json(network, tmp_path):
    assert_rejected(write(tmp_path, '{"id": "ac148810-d857-441c-9679-408f346de14b",'), "not valid JSON")


def test_a_missing_file(network, tmp_path):
    assert_rejected(tmp_path / "nowhere.json", "no such file")


def test_a_service_without_a_required_field(network, examples, tmp_path):
    data = service_full(examples)
    del data["name"]
    assert_rejected(write(tmp_path, data), "(top level): 'name' is a required property")


def test_a_bad_uuid_deep_inside_is_named_by_its_path(network, examples, tmp_path):
    data = service_full(examples)
    data["service_at_locations"][0]["location"]["addresses"][0]["id"] = "12345"
    assert_rejected(write(tmp_path, data), "service_at_locations[0].location.addresses[0].id: '12345' is not a 'uuid'")


def test_a_bad_email_in_the_second_item_of_a_list(network, examples, tmp_path):
    good = service_full(examples)
    bad = copy.deepcopy(good)
    bad["id"] = "0b6c1c9e-3d5f-4a55-9a59-6b1f7c1f2a10"
    bad["email"] = "not an address"
    assert_rejected(write(tmp_path, [good, bad]), "[1].email: 'not an address' is not a 'email'")


def test_an_unknown_publisher(network, examples):
    assert_rejected(examples / "service_full.json", "no organisation with the slug 'nobody'", publisher="nobody")


def test_a_service_whose_organisation_is_nowhere(network, examples, tmp_path):
    data = service_full(examples)
    del data["organization"]
    data["organization_id"] = "7d1d4a57-0a3c-4d3e-8f43-0f7b0c6d2f11"
    assert_rejected(write(tmp_path, data), "organization 7d1d4a57-0a3c-4d3e-8f43-0f7b0c6d2f11 is not in the file")


def test_an_unreadable_opening_time(network, examples, tmp_path):
    """The location comes first inside the nested organisation; that copy is the one read."""
    data = service_full(examples)
    data["organization"]["locations"][0]["schedules"][0]["opens_at"] = "25:00"
    assert_rejected(
        write(tmp_path, data), "organization.locations[0].schedules[0].opens_at: '25:00' is not a time (HH:MM)"
    )


def test_a_late_error_undoes_everything_written_before_it(network, examples, tmp_path):
    """The schema allows any length; our model does not. The first service is written,
    the second fails in the database checks, and the first must be gone too."""
    good = service_full(examples)
    bad = copy.deepcopy(good)
    bad["id"] = "0b6c1c9e-3d5f-4a55-9a59-6b1f7c1f2a10"
    bad["name"] = "x" * 250
    assert_rejected(write(tmp_path, {"contents": [good, bad]}), "contents[1].name: Ensure this value has at most 200")


def test_an_object_of_the_wrong_shape(network, tmp_path):
    assert_rejected(write(tmp_path, {"id": "0b6c1c9e-3d5f-4a55-9a59-6b1f7c1f2a10", "name": "?"}), "not a service")


def test_an_empty_list(network, tmp_path):
    assert_rejected(write(tmp_path, []), "lists no services or organizations")


def test_a_missing_schema_folder_is_a_clear_error(network, examples, tmp_path, monkeypatch):
    monkeypatch.setenv("HSDS_SPEC_DIR", str(tmp_path / "no-spec"))
    assert_rejected(examples / "service_full.json", "HSDS schema not found")
