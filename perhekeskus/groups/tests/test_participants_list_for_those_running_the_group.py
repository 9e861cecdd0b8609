"""The participant list page: only those who run the group and its facilitators with an
account see it (everyone else 403, nobody signed in is sent to log in), it shows what
running the group needs, every view is in the audit log and no copy is cached.

Runners of the city's group: Ada (admin), Cora (coordinator), Elsa (the city's editor).
Vilja (MLL's volunteer) is refused until she is made one of the group's facilitators.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.groups import services
from perhekeskus.groups.models import Facilitator, FacilitatorKind, SignupStatus

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
RUNNERS = {"ada", "cora", "elsa", "vilja-facilitator"}
PEOPLE = ["ada", "cora", "elsa", "eddie", "pia", "vilja", "otto", "vilja-facilitator", None]


def sign(group, name: str, email: str, **data):
    return services.signup_create(group=group, data={"name": name, "email": email, **data})[0]


@pytest.fixture
def families(group):
    with time_machine.travel(NOW, tick=False):
        korhonen = sign(
            group,
            "Perhe Korhonen",
            "korhonen@example.fi",
            phone="040 123 4567",
            adults=2,
            children_birth_years=[2024],
            languages=["fi", "ar"],
            needs="Tulkki arabiaksi",
        )
        makinen = sign(group, "Perhe Mäkinen", "makinen@example.fi", due_date=dt.date(2027, 2, 14))
        lahtinen = sign(group, "Perhe Lahtinen", "lahtinen@example.fi")
        virtanen = sign(group, "Perhe Virtanen", "virtanen@example.fi")  # waiting
        gone = sign(group, "Perhe Peruttu", "peruttu@example.fi")  # waiting, then cancels
        services.signup_cancel(signup=gone)
    return {"korhonen": korhonen, "makinen": makinen, "lahtinen": lahtinen, "virtanen": virtanen, "gone": gone}


def login(client, calendar, group, person):
    if person is None:
        return
    if person == "vilja-facilitator":
        user = calendar["people"]["vilja"]
        Facilitator.objects.create(
            group=group, user=user, name="Vilja", organisation=calendar["orgs"]["mll"], kind=FacilitatorKind.VOLUNTEER
        )
    else:
        user = calendar["people"][person]
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p or "anonymous")
def test_who_sees_the_participant_list(client, calendar, group, families, person):
    login(client, calendar, group, person)
    reads = AuditEntry.objects.filter(action=AuditAction.READ)

    response = client.get(reverse("group-participants", args=[group.uuid]))

    if person is None:
        assert response.status_code == 302 and "/login" in response["Location"]
    elif person in RUNNERS:
        assert response.status_code == 200
        assert "Perhe Korhonen" in response.content.decode()
        entry = reads.get()
        assert (entry.object_type, entry.object_id, entry.source) == ("groups.group", str(group.uuid), "page")
        assert entry.actor == response.wsgi_request.user
    else:
        assert response.status_code == 403
    if response.status_code != 200:
        assert "Korhonen" not in response.content.decode()
        assert not reads.exists()


def test_the_list_shows_what_running_the_group_needs_and_is_never_cached(client, calendar, group, families):
    login(client, calendar, group, "elsa")

    response = client.get(reverse("group-participants", args=[group.uuid]))

    page = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert '<meta name="robots" content="noindex">' in page
    assert "css/running.css" in page  # the print style
    row = page.split("Perhe Korhonen", 1)[1].split("</tr>", 1)[0]
    for shown in ("korhonen@example.fi", "040 123 4567", "born 2024", "fi, ar", "Tulkki arabiaksi", "Confirmed"):
        assert shown in row, shown
    assert "<td>2</td>" in row  # adults
    makinen = page.split("Perhe Mäkinen", 1)[1].split("</tr>", 1)[0]
    assert "due 02/14/2027" in makinen  # English short date
    virtanen = page.split("Perhe Virtanen", 1)[1].split("</tr>", 1)[0]
    assert "On the waiting list" in virtanen
    # Confirmed before the waiting list; a cancelled sign-up is not a participant.
    assert page.index("Perhe Lahtinen") < page.index("Perhe Virtanen")
    assert "Perhe Peruttu" not in page
    # The sessions overview links each session's attendance page.
    for session in group.activity.sessions.all():
        assert reverse("group-session", args=[group.uuid, session.pk]) in page


def test_every_view_is_logged_not_only_the_first(client, calendar, group, families):
    login(client, calendar, group, "cora")
    url = reverse("group-participants", args=[group.uuid])
    client.get(url)
    client.get(url)
    assert AuditEntry.objects.filter(action=AuditAction.READ, actor=calendar["people"]["cora"]).count() == 2


def test_an_unknown_group_is_not_found(client, calendar, group):
    login(client, calendar, group, "ada")
    response = client.get(reverse("group-participants", args=["00000000-0000-4000-8000-000000000000"]))
    assert response.status_code == 404


def test_a_facilitator_without_an_account_gives_no_one_access(client, calendar, group, families):
    Facilitator.objects.create(group=group, name="Pastori Aho", organisation=calendar["orgs"]["parish"])
    login(client, calendar, group, "otto")
    assert client.get(reverse("group-participants", args=[group.uuid])).status_code == 403
    assert families["virtanen"].status == SignupStatus.WAITING
