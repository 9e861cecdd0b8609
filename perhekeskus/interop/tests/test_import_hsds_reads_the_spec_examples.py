"""The Open Referral examples import, and their UUIDs become our public ids."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from perhekeskus.core.models import AuditEntry
from perhekeskus.network import access
from perhekeskus.network.models import ContactPerson, Organisation, Place, Service

from .conftest import row_counts

SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
ORGANISATION_ID = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
LOCATION_ID = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"
CONTACT_ID = "1e7efce3-639b-4880-940c-b95cd30cdb50"


def run_import(path, publisher: str = "mll-espoo") -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_hsds", str(path), "--publisher", publisher, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_service_full_imports_with_its_organisation_location_hours_and_contact(network, examples):
    out, err = run_import(examples / "service_full.json")
    assert "services: 1 created, 0 updated" in out
    assert "organisations: 1 created" in out
    service = Service.objects.get(uuid=SERVICE_ID)
    assert service.name_fi == "Community Counselling"
    assert service.description_fi.startswith("Counselling Services provided by trained professionals")
    assert service.website == "http://example.com/counselling"
    assert service.phone == "+44 1234 234567"
    assert (service.tier, service.access, service.service_type.code) == ("basic", "open", "family_work")
    assert service.cost == "fee"  # a cost option with an amount
    assert sorted(service.life_stages.values_list("code", flat=True)) == ["age_13_17", "age_7_12"]
    org = Organisation.objects.get(uuid=ORGANISATION_ID)
    assert service.provider == org
    assert org.name_fi == "Example Organization Inc."
    assert org.publisher == network["orgs"]["mll"]
    assert org.kind == "ngo"
    place = Place.objects.get(uuid=LOCATION_ID)
    assert list(service.places.all()) == [place]
    assert (place.street_address, place.city, place.postal_code) == (
        "1-30 Main Street, MyVillage",
        "MyCity",
        "ABC 1234",
    )
    assert (place.kind, place.organisation) == ("other", org)
    assert place.latitude is None  # the example's 100, 101 is not a point on Earth
    assert "induction loops" in place.accessibility_fi
    assert [(h.weekday, h.opens, h.closes) for h in place.opening_hours.all()] == [
        (3, dt.time(10), dt.time(18)),
        (4, dt.time(10), dt.time(18)),
    ]
    contact = ContactPerson.objects.get(uuid=CONTACT_ID)
    assert (contact.full_name, contact.title_fi, contact.organisation) == ("Ann Persona", "Reception Manager", org)
    assert contact.public is False
    assert "latitude 100" in err and "'ur'" in err
    entries = AuditEntry.objects.filter(object_id=SERVICE_ID)
    assert [(e.action, e.source) for e in entries] == [("create", "import_hsds")]


def test_organization_full_imports_its_nested_services_and_locations(network, examples):
    out, _ = run_import(examples / "organization_full.json")
    org = Organisation.objects.get(uuid=ORGANISATION_ID)
    service = Service.objects.get(uuid=SERVICE_ID)
    assert service.provider == org
    assert Place.objects.get(uuid=LOCATION_ID).organisation == org
    assert ContactPerson.objects.filter(uuid=CONTACT_ID, organisation=org).count() == 1
    assert "organisations: 1 created, 0 updated; places: 1 created" in out


@pytest.mark.parametrize("name", ["service_list.json", "organization_list.json"])
def test_list_pages_import_each_item(network, examples, name):
    run_import(examples / name)
    assert Organisation.objects.get(uuid=ORGANISATION_ID).name_fi == "Example Organization Inc."
    if name == "service_list.json":
        assert Service.objects.get(uuid=SERVICE_ID).provider.uuid.hex == ORGANISATION_ID.replace("-", "")


def test_the_publishers_editors_may_edit_what_was_imported(network, examples):
    run_import(examples / "service_full.json", publisher="mll-espoo")
    org = Organisation.objects.get(uuid=ORGANISATION_ID)
    people = network["people"]
    assert access.can_edit_organisation(people["eddie"], org)  # editor of MLL Espoo, the publisher
    assert access.can_edit_service(people["eddie"], Service.objects.get(uuid=SERVICE_ID))
    assert not access.can_edit_organisation(people["otto"], org)  # editor of a parish elsewhere


def test_importing_the_full_and_list_examples_together_keeps_one_row_each(network, examples):
    for name in ["service_full.json", "organization_full.json", "service_list.json", "organization_list.json"]:
        run_import(examples / name)
    assert Service.objects.filter(uuid=SERVICE_ID).count() == 1
    assert Organisation.objects.filter(uuid=ORGANISATION_ID).count() == 1
    assert Place.objects.filter(uuid=LOCATION_ID).count() == 1
    assert Place.objects.get(uuid=LOCATION_ID).opening_hours.count() == 2


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("location.json", "looks like a location"),
        ("service_at_location_full.json", "looks like a service_at_location"),
        ("service_at_location_list.json", "looks like a service_at_location"),
        ("taxonomy.json", "looks like a taxonomy"),
        ("taxonomy_list.json", "looks like a taxonomy"),
        ("taxonomy_term.json", "looks like a taxonomy term"),
        ("taxonomy_term_list.json", "looks like a taxonomy term"),
        ("base.json", "expected a service or organization"),
        ("tabular.json", "expected a service or organization"),
    ],
)
def test_examples_of_other_objects_are_rejected_with_a_clear_reason(network, examples, name, reason):
    before = row_counts()
    with pytest.raises(CommandError, match=reason) as exc:
        run_import(examples / name)
    assert "\n" not in str(exc.value)
    assert row_counts() == before


def test_a_list_page_after_the_full_object_keeps_what_the_list_shape_leaves_out(network, examples):
    """List shapes carry only one-to-one fields: places, phones and languages stay."""
    run_import(examples / "service_full.json")
    out, _ = run_import(examples / "service_list.json")
    assert "services: 0 created, 1 updated" in out
    service = Service.objects.get(uuid=SERVICE_ID)
    assert [str(p.uuid) for p in service.places.all()] == [LOCATION_ID]
    assert service.phone == "+44 1234 234567"
    assert Organisation.objects.get(uuid=ORGANISATION_ID).phone == "+44 1234 234567"
