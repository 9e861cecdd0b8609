"""Shared test cast: a small network and named people with each role.

- Area: Uusimaa (county) → Espoo (municipality) → Matinkylä, Leppävaara (districts);
  Salo (municipality) under Varsinais-Suomi.
- Organisations: Espoo city (espoo), its unit Matinkylä clinic (espoo-clinic),
  MLL Espoo (mll-espoo, NGO in Leppävaara), Salo parish (salo-parish).
- People: admin Ada; coordinator Cora (Espoo); editor Eddie (MLL Espoo); editor Elsa
  (Espoo city); professional Pia (Espoo city); volunteer Vilja (MLL); outsider Otto
  (editor of Salo parish).
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from perhekeskus.accounts.models import Membership, Role, User
from perhekeskus.network.models import Area, AreaKind, Organisation, ServiceType


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Test users need no real password hashing; the slow hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Messages are sent in the request, after the commit, so tests read the mail at once
    # (production sends in a background thread; test_first_send_modes covers that).
    settings.MESSAGE_FIRST_SEND = "inline"


@pytest.fixture
def network(db: Any) -> dict[str, Any]:
    uusimaa = Area.objects.create(slug="uusimaa", kind=AreaKind.COUNTY, name_fi="Länsi-Uusimaa")
    espoo = Area.objects.create(
        slug="espoo", kind=AreaKind.MUNICIPALITY, name_fi="Espoo", name_sv="Esbo", parent=uusimaa
    )
    matinkyla = Area.objects.create(slug="matinkyla", kind=AreaKind.DISTRICT, name_fi="Matinkylä-Olari", parent=espoo)
    leppavaara = Area.objects.create(slug="leppavaara", kind=AreaKind.DISTRICT, name_fi="Leppävaara", parent=espoo)
    vs = Area.objects.create(slug="varsinais-suomi", kind=AreaKind.COUNTY, name_fi="Varsinais-Suomi")
    salo = Area.objects.create(slug="salo", kind=AreaKind.MUNICIPALITY, name_fi="Salo", parent=vs)
    city = Organisation.objects.create(
        slug="espoo", kind="municipality", sector="social", name_fi="Espoon kaupunki", area=espoo
    )
    clinic = Organisation.objects.create(
        slug="espoo-clinic",
        kind="municipality",
        sector="health",
        name_fi="Matinkylän neuvola",
        parent=city,
        area=matinkyla,
    )
    mll = Organisation.objects.create(
        slug="mll-espoo", kind="ngo", sector="third_sector", name_fi="MLL Espoo", area=leppavaara
    )
    parish = Organisation.objects.create(
        slug="salo-parish", kind="parish", sector="parish", name_fi="Salon seurakunta", area=salo
    )
    people = {}
    for key, email, org, role in [
        ("ada", "ada@example.fi", city, Role.ADMIN),
        ("cora", "cora@example.fi", city, Role.COORDINATOR),
        ("eddie", "eddie@example.fi", mll, Role.EDITOR),
        ("elsa", "elsa@example.fi", city, Role.EDITOR),
        ("pia", "pia@example.fi", city, Role.PROFESSIONAL),
        ("vilja", "vilja@example.fi", mll, Role.VOLUNTEER),
        ("otto", "otto@example.fi", parish, Role.EDITOR),
    ]:
        user = User.objects.create_user(email, password="test-pass-123")
        Membership.objects.create(user=user, organisation=org, role=role)
        people[key] = user
    return {
        "areas": {"uusimaa": uusimaa, "espoo": espoo, "matinkyla": matinkyla, "leppavaara": leppavaara, "salo": salo},
        "orgs": {"city": city, "clinic": clinic, "mll": mll, "parish": parish},
        "people": people,
        "types": {t.code: t for t in ServiceType.objects.all()},
    }


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Any:
    outcome = yield
    report = outcome.get_result()
    required = (os.environ.get("REQUIRE_BROWSER") == "1" and item.get_closest_marker("browser")) or (
        os.environ.get("REQUIRE_POSTGRES") == "1" and item.get_closest_marker("postgres")
    )
    if required and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"required test was skipped: {report.longrepr}"
