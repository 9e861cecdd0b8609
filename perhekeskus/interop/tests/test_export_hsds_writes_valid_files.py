"""`manage.py export_hsds DIR` writes HSDS 3.0 files that the published schemas accept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

TABLES = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "addresses": "address",
    "accessibility": "accessibility",
    "service_at_locations": "service_at_location",
    "schedules": "schedule",
    "phones": "phone",
    "contacts": "contact",
    "languages": "language",
    "service_areas": "service_area",
    "attributes": "attribute",
    "organization_identifiers": "organization_identifier",
    "taxonomy_terms": "taxonomy_term",
    "taxonomies": "taxonomy",
}


def export(tmp_path: Path) -> Path:
    out = tmp_path / "hsds"
    call_command("export_hsds", str(out))
    return out


def load(out: Path, name: str) -> Any:
    return json.loads((out / f"{name}.json").read_text(encoding="utf-8"))


def by_id(rows: list[dict[str, Any]], uid: Any) -> dict[str, Any]:
    return next(r for r in rows if r["id"] == str(uid))


def field_values(attributes: list[dict[str, Any]], link_id: Any, terms: dict[str, Any]) -> dict[str, str]:
    """{term code: value} of the attributes linked to one object (flat tables)."""
    return {
        terms[a["taxonomy_term_id"]]["code"]: a.get("value", "") for a in attributes if a["link_id"] == str(link_id)
    }


def test_every_table_row_validates_against_the_hsds_schema(directory, tmp_path, hsds_validator):
    out = export(tmp_path)
    for table, schema_name in TABLES.items():
        rows = load(out, table)
        assert isinstance(rows, list)
        for row in rows:
            assert hsds_validator.errors(schema_name, row) == [], (table, row)
    assert len(load(out, "organizations")) == 4
    assert len(load(out, "services")) == 2
    assert len(load(out, "locations")) == 2
    assert len(load(out, "service_at_locations")) == 3
    assert {r["id"] for r in load(out, "organizations")} == {str(o.uuid) for o in directory["orgs"].values()}


def test_the_nested_file_validates_as_organizations_with_full_services(directory, tmp_path, hsds_validator):
    out = export(tmp_path)
    full = json.loads((out / "organizations_full.json").read_text(encoding="utf-8"))
    assert len(full) == 4
    for org in full:
        assert hsds_validator.errors("organization", org) == []
        for service in org.get("services", []):
            assert hsds_validator.errors("service", service) == []
    mll = by_id(full, directory["orgs"]["mll"].uuid)
    assert [s["name"] for s in mll["services"]] == ["Perhekahvila"]


def test_the_validator_itself_rejects_a_broken_row(directory, tmp_path, hsds_validator):
    out = export(tmp_path)
    service = dict(load(out, "services")[0])
    service["id"] = "not-a-uuid"
    service["email"] = "no-at-sign"
    del service["status"]
    errors = " ".join(hsds_validator.errors("service", service))
    assert "is not a 'uuid'" in errors
    assert "is not a 'email'" in errors
    assert "'status' is a required property" in errors


def test_ids_are_our_public_uuids_and_translations_travel_as_attributes(directory, tmp_path):
    out = export(tmp_path)
    cafe_service, cafe = directory["services"]["cafe"], directory["places"]["cafe"]
    service = by_id(load(out, "services"), cafe_service.uuid)
    assert service["name"] == "Perhekahvila"
    assert service["organization_id"] == str(directory["orgs"]["mll"].uuid)
    assert service["minimum_age"] == 0 and service["maximum_age"] == 3
    terms = {t["id"]: t for t in load(out, "taxonomy_terms")}
    attributes = load(out, "attributes")
    values = field_values(attributes, cafe_service.uuid, terms)
    assert values["name.sv"] == "Familjecafé"
    assert values["name.en"] == "Family café"
    assert {"family_cafe", "community", "open", "free", "age_0_1", "age_1_3", "all_families"} <= set(values)
    type_term = terms[str(cafe_service.service_type.uuid)]
    assert type_term["taxonomy"] == "perhekeskus-service-type"
    assert type_term["parent_id"] == str(cafe_service.service_type.parent.uuid)
    location = by_id(load(out, "locations"), cafe.uuid)
    assert location["latitude"] == pytest.approx(60.2193)
    address = next(a for a in load(out, "addresses") if a["location_id"] == str(cafe.uuid))
    assert address["state_province"] == "Länsi-Uusimaa"
    assert address["address_1"] == "Veräjäpellonkatu 15"
    languages = [r["code"] for r in load(out, "languages") if r["service_id"] == str(cafe_service.uuid)]
    assert sorted(languages) == ["fi", "sv"]


def test_only_public_contact_persons_are_exported(directory, tmp_path):
    out = export(tmp_path)
    contacts = load(out, "contacts")
    assert [c["name"] for c in contacts] == ["Maija Meikäläinen"]
    phones = [p for p in load(out, "phones") if p.get("contact_id") == contacts[0]["id"]]
    assert [p["number"] for p in phones] == ["+358 50 765 4321"]


@pytest.mark.parametrize(("moment", "offset"), [("2025-01-15 12:00Z", 2), ("2025-07-15 12:00Z", 3)])
def test_weekly_hours_are_helsinki_wall_clock_with_the_zone_carried_along(directory, tmp_path, moment, offset):
    with time_machine.travel(moment, tick=False):
        out = export(tmp_path)
    cafe = directory["places"]["cafe"]
    schedules = [s for s in load(out, "schedules") if s["location_id"] == str(cafe.uuid)]
    weekly = [s for s in schedules if "valid_from" not in s]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in weekly] == [
        ("MO,WE", "09:00", "12:00"),
        ("TH", "13:00", "16:30"),
    ]
    assert {s["freq"] for s in weekly} == {"WEEKLY"}
    assert {s["timezone"] for s in schedules} == {offset}
    terms = {t["id"]: t for t in load(out, "taxonomy_terms")}
    attributes = load(out, "attributes")
    for schedule in weekly:
        assert field_values(attributes, schedule["id"], terms)["timezone"] == "Europe/Helsinki"
        assert "Europe/Helsinki" in schedule["notes"]


def test_holiday_closures_are_dated_schedule_entries(directory, tmp_path):
    out = export(tmp_path)
    cafe = directory["places"]["cafe"]
    dated = {s["valid_from"]: s for s in load(out, "schedules") if s.get("valid_from")}
    assert set(dated) == {"2025-12-24", "2025-06-02"}
    christmas, summer = dated["2025-12-24"], dated["2025-06-02"]
    assert christmas["valid_to"] == "2025-12-26"
    assert christmas["location_id"] == str(cafe.uuid)
    assert christmas["description"] == "Joulu"
    assert "opens_at" not in christmas
    terms = {t["id"]: t for t in load(out, "taxonomy_terms")}
    attributes = load(out, "attributes")
    assert field_values(attributes, christmas["id"], terms)["opening_exception"] == "closed"
    assert field_values(attributes, christmas["id"], terms)["reason.sv"] == "Jul"
    assert (summer["opens_at"], summer["closes_at"], summer["byday"]) == ("10:00", "14:00", "MO,TU,WE,TH,FR,SA,SU")
    assert field_values(attributes, summer["id"], terms)["opening_exception"] == "open"


def test_exporting_twice_gives_the_same_files(directory, tmp_path):
    with time_machine.travel("2025-03-01 12:00Z", tick=False):
        first = export(tmp_path / "a")
        second = export(tmp_path / "b")
    for name in [*TABLES, "organizations_full"]:
        assert load(first, name) == load(second, name), name


def test_export_into_a_file_path_fails_with_a_clear_reason(db, tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    with pytest.raises(CommandError, match="not a directory"):
        call_command("export_hsds", str(target))
