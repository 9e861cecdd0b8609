"""`manage.py load_demo` loads a demo network big and varied enough to demonstrate the
product, audits every row, and running it again changes nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from perhekeskus.accounts.models import Membership, Role, User
from perhekeskus.core.models import AuditAction, AuditEntry, SearchTerm
from perhekeskus.network.models import (
    MEETING_PLACE_KINDS,
    Area,
    AreaKind,
    ContactPerson,
    OpeningException,
    OpeningHours,
    Organisation,
    OrganisationKind,
    Place,
    Service,
    ServiceType,
    Tier,
)
from perhekeskus.network.queries import services_stale

DEMO = Path(__file__).resolve().parents[3] / "demo"


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Area, Organisation, Place, Service, ContactPerson, OpeningHours, OpeningException, User, Membership)
    return {m.__name__: m.objects.count() for m in models} | {"search": SearchTerm.objects.count()}


@pytest.mark.django_db(transaction=False)
def test_demo_network_is_big_varied_audited_and_logs_in(client):
    output = load()

    assert Organisation.objects.count() >= 30
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert Organisation.objects.filter(parent__isnull=False).count() >= 10
    assert Service.objects.count() >= 80
    assert Place.objects.count() >= 20
    for city in ("espoo", "salo"):
        assert Area.objects.filter(kind=AreaKind.DISTRICT, parent__slug=city).count() >= 3

    # Every service speaks Finnish and Swedish; the main ones English too.
    assert not Service.objects.filter(Q(name_fi="") | Q(name_sv="") | Q(description_fi="")).exists()
    assert Service.objects.exclude(name_en="").count() >= 30
    assert set(Service.objects.values_list("tier", flat=True)) == set(Tier.values)
    assert {k.value for k in MEETING_PLACE_KINDS} <= set(Place.objects.values_list("kind", flat=True))
    assert Service.objects.filter(languages__code="sv").exists()
    assert Service.objects.filter(target_groups__code="fathers").count() >= 3

    # Places carry weekly hours and holiday closures; contacts exist per organisation and topic.
    assert not Place.objects.annotate(n=Count("opening_hours")).filter(n=0).exists()
    assert OpeningException.objects.filter(reason_fi="Juhannus", closed=True).count() >= 20
    assert OpeningException.objects.filter(reason_fi="Joulu", start_date__month=12, start_date__day=24).exists()
    assert ContactPerson.objects.filter(topic__isnull=False).count() >= 10

    # Most content is checked (and by someone); a few rows are stale for the editors' list.
    assert Service.objects.filter(last_checked_at__isnull=False, last_checked_by__isnull=False).count() >= 70
    stale_services, stale_places = services_stale(None, days=183)
    assert 3 <= stale_services.count() <= 15
    assert stale_places.count() >= 2

    # Every row was created through the services: audited as the system, and indexed for search.
    created = AuditEntry.objects.filter(action=AuditAction.CREATE, source="load_demo", actor__isnull=True)
    assert created.filter(object_type="network.service").count() == Service.objects.count()
    assert created.filter(object_type="network.place").count() == Place.objects.count()
    assert created.filter(object_type="network.organisation").count() == Organisation.objects.count()
    assert SearchTerm.objects.filter(kind="service").values("object_id").distinct().count() == Service.objects.count()

    # One demo login per role, printed with the password, and the password works.
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert "demo-password-2026" in output
    for email in User.objects.values_list("email", flat=True):
        assert email in output
    assert client.login(email="editor.mll@example.fi", password="demo-password-2026")
    coordinator = Membership.objects.get(user__email="coordinator@example.fi")
    assert coordinator.role == Role.COORDINATOR and coordinator.organisation.area.slug == "espoo"


@pytest.mark.django_db
def test_second_run_changes_nothing_and_an_edited_file_updates_its_row(tmp_path):
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo)
    load("--dir", str(demo))
    before = counts()
    audit_before = AuditEntry.objects.count()
    checked_before = dict(Service.objects.values_list("uuid", "last_checked_at"))

    output = load("--dir", str(demo))

    assert counts() == before
    assert AuditEntry.objects.count() == audit_before  # no creates, no updates
    assert dict(Service.objects.values_list("uuid", "last_checked_at")) == checked_before
    assert "services: 0 new, 0 updated" in output

    path = demo / "services-salo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Perniön perhekahvila", "Perniön perhekahvila Nuppu"))
    output = load("--dir", str(demo))

    assert "services: 0 new, 1 updated" in output
    assert Service.objects.filter(name_fi="Perniön perhekahvila Nuppu").count() == 1
    assert counts()["Service"] == before["Service"]
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="network.service").count() == 1


@pytest.mark.django_db
def test_invalid_demo_data_stops_the_load_and_saves_nothing(tmp_path):
    # A bad reference half-way through (after areas, organisations and users are written).
    demo = tmp_path / "demo"
    shutil.copytree(DEMO, demo)
    path = demo / "places.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("organisation: salon-kaupunki", "organisation: no-such-org")
    )
    lookups = ServiceType.objects.count()

    with pytest.raises(CommandError, match="unknown organisation: no-such-org"):
        load("--dir", str(demo))

    assert Area.objects.count() == 0
    assert Organisation.objects.count() == 0
    assert Place.objects.count() == 0
    assert User.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert ServiceType.objects.count() == lookups


@pytest.mark.django_db
def test_missing_demo_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no demo data"):
        load("--dir", str(tmp_path / "nowhere"))
