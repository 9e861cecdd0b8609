"""export_hsds → import_hsds into an empty network keeps UUIDs, names and hours;
importing again updates instead of duplicating."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

from perhekeskus.accounts.models import Membership
from perhekeskus.network import services as network_services
from perhekeskus.network.models import ContactPerson, Organisation, Place, Service


def snapshot(*, public_contacts_only: bool = True) -> dict[str, Any]:
    """What should survive the trip, keyed by public UUID.

    Only public contact persons are exported; imported ones start non-public until an
    editor confirms, so after an import every contact person counts."""
    contacts = ContactPerson.objects.filter(public=True) if public_contacts_only else ContactPerson.objects.all()
    return {
        "orgs": {
            str(o.uuid): (
                o.slug,
                o.kind,
                o.sector,
                o.name_fi,
                o.name_sv,
                o.website,
                o.business_id,
                o.parent and str(o.parent.uuid),
            )
            for o in Organisation.objects.all()
        },
        "places": {
            str(p.uuid): (
                p.name_fi,
                p.name_sv,
                p.name_en,
                p.kind,
                p.street_address,
                p.postal_code,
                p.city,
                p.latitude,
                p.longitude,
                p.accessibility_fi,
                p.accessibility_sv,
                p.area and p.area.slug,
                str(p.organisation.uuid),
                [(h.weekday, h.opens, h.closes) for h in p.opening_hours.all()],
                [
                    (e.start_date, e.end_date, e.closed, e.opens, e.closes, e.reason_fi, e.reason_sv)
                    for e in p.opening_exceptions.all()
                ],
            )
            for p in Place.objects.all()
        },
        "services": {
            str(s.uuid): (
                s.name_fi,
                s.name_sv,
                s.name_en,
                s.description_fi,
                s.service_type.code,
                s.tier,
                s.access,
                s.cost,
                s.website,
                s.email,
                s.phone,
                str(s.provider.uuid),
                sorted(s.life_stages.values_list("code", flat=True)),
                sorted(s.target_groups.values_list("code", flat=True)),
                sorted(s.languages.values_list("code", flat=True)),
                sorted(s.areas.values_list("slug", flat=True)),
                sorted(str(p.uuid) for p in s.places.all()),
            )
            for s in Service.objects.all()
        },
        "contacts": {
            str(c.uuid): (c.full_name, c.title_fi, c.title_en, c.email, c.phone, str(c.organisation.uuid))
            for c in contacts
        },
    }


def empty_the_network() -> Organisation:
    """Remove organisations and their content (areas and lookups stay), then add a publisher."""
    Service.objects.all().delete()
    Place.objects.all().delete()
    ContactPerson.objects.all().delete()
    Membership.objects.all().delete()
    while Organisation.objects.exists():
        Organisation.objects.filter(units__isnull=True).delete()
    return network_services.organisation_create(
        actor=None, data={"slug": "tuoja", "kind": "municipality", "name_fi": "Tuoja"}, source="test"
    )


def export_full(tmp_path: Path) -> Path:
    call_command("export_hsds", str(tmp_path / "out"))
    return tmp_path / "out" / "organizations_full.json"


def test_export_then_import_into_an_empty_network_keeps_uuids_names_and_hours(directory, tmp_path):
    before = snapshot()
    assert len(before["services"]) == 2 and len(before["places"]) == 2
    full = export_full(tmp_path)
    publisher = empty_the_network()
    assert Service.objects.count() == 0
    out = StringIO()
    call_command("import_hsds", str(full), "--publisher", "tuoja", stdout=out)
    assert "services: 2 created, 0 updated" in out.getvalue()
    after = snapshot(public_contacts_only=False)
    del after["orgs"][str(publisher.uuid)]
    assert after == before
    imported = Organisation.objects.exclude(pk=publisher.pk)
    assert {o.publisher_id for o in imported} == {publisher.pk}


def test_importing_the_same_file_again_updates_in_place(directory, tmp_path):
    full = export_full(tmp_path)
    empty_the_network()
    call_command("import_hsds", str(full), "--publisher", "tuoja", stdout=StringIO())
    counts = (Organisation.objects.count(), Service.objects.count(), Place.objects.count())
    data = json.loads(full.read_text(encoding="utf-8"))
    mll = next(o for o in data if o["name"] == "MLL Espoo")
    mll["name"] = "MLL:n Espoon yhdistys"
    mll["services"][0]["name"] = "Perhekahvila Lepakko"
    full.write_text(json.dumps(data), encoding="utf-8")
    out = StringIO()
    call_command("import_hsds", str(full), "--publisher", "tuoja", stdout=out)
    assert "services: 0 created, 2 updated" in out.getvalue()
    assert (Organisation.objects.count(), Service.objects.count(), Place.objects.count()) == counts
    assert Organisation.objects.get(uuid=mll["id"]).name_fi == "MLL:n Espoon yhdistys"
    assert Service.objects.get(uuid=mll["services"][0]["id"]).name_fi == "Perhekahvila Lepakko"


def test_reimporting_into_the_network_it_came_from_changes_nothing_that_matters(directory, tmp_path):
    before = snapshot()
    full = export_full(tmp_path)
    call_command("import_hsds", str(full), "--publisher", "salo-parish", stdout=StringIO())
    assert snapshot() == before
    # The private contact person stayed private and in place.
    assert ContactPerson.objects.get(uuid=directory["contacts"]["private"].uuid).public is False
