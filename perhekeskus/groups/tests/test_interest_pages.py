"""The interest pages: a family puts its name on the list without an account, sees its
withdraw link once and takes its name off in one click; bad input and a second entry
are refused with nothing stored. The counts page and "open a group for them" are for
the area's coordinators (and admins) only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.groups.interest import interest_create
from perhekeskus.groups.models import Group, GroupStatus, Interest, InterestStatus, InvitationKind
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.messaging.models import MessageKind, OutgoingMessage

pytestmark = pytest.mark.usefixtures("english")
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def form(**changes) -> dict:
    data = {
        "kind": "fathers_group",
        "area": "matinkyla",
        "times": ["weekday_evening"],
        "email": "isa@example.fi",
        "language": "sv",
        "languages": ["fi"],
        "due_date": "",
        "children_birth_years": "2025, 2026",
    }
    data.update(changes)
    return data


@time_machine.travel(NOW, tick=False)
def test_form_is_accessible_and_says_why_the_email_is_asked(client, calendar):
    response = client.get(reverse("interest-new"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "What group would you join?</legend>" in html.replace("\n", "")
    assert "When would suit you?" in html and html.count("<fieldset") >= 3
    assert '<optgroup label="Espoo">' in html and "Anywhere in Espoo" in html
    assert "Only to send you an invitation when a group starts" in html
    assert "365 days after you sent this form" in html
    assert 'value="other"' not in html
    assert "<script" not in html.split("</main>")[0].split('<main id="main"')[-1]


@time_machine.travel(NOW, tick=False)
def test_family_joins_sees_link_once_and_withdraws_in_one_click(client, calendar):
    response = client.post(reverse("interest-new"), form())
    assert response.status_code == 303
    entry = Interest.objects.get()
    assert (entry.kind, entry.area.slug, entry.times, entry.language) == (
        "fathers_group",
        "matinkyla",
        ["weekday_evening"],
        "sv",
    )
    assert entry.children_birth_years == [2025, 2026]
    link = response["Location"]
    assert link.startswith(f"/interest/{entry.uuid}/")

    first = client.get(link)
    assert first["Cache-Control"] == "private, no-store" and first["X-Robots-Tag"] == "noindex"
    assert "Thank you: you are on the list" in first.content.decode()
    assert f"http://testserver{link}" in first.content.decode()
    second = client.get(link).content.decode()
    assert f"http://testserver{link}" not in second and "Take my name off the list" in second

    done = client.post(link, {"action": "withdraw"})
    assert done.status_code == 200 and "Your name is off the list" in done.content.decode()
    entry.refresh_from_db()
    assert entry.status == InterestStatus.WITHDRAWN and entry.email == ""
    assert "no longer on the list" in client.get(link).content.decode()


@time_machine.travel(NOW, tick=False)
def test_wrong_secret_or_uuid_is_not_found(client, calendar):
    made, secret = interest_create({"kind": "baby_group", "area": calendar["areas"]["espoo"], "email": "a@example.fi"})
    assert client.get(f"/interest/{made.uuid}/wrong-secret/").status_code == 404
    assert client.get(f"/interest/00000000-0000-0000-0000-000000000000/{secret}/").status_code == 404
    assert client.post(f"/interest/{made.uuid}/wrong/", {"action": "withdraw"}).status_code == 404
    assert Interest.objects.get().status == InterestStatus.WAITING


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": ""}, "This field is required."),
        ({"kind": "other"}, "Select a valid choice."),
        ({"area": "uusimaa"}, "Select a valid choice."),
        ({"email": "no"}, "Enter a valid email address."),
        ({"times": ["midnight"]}, "Select a valid choice."),
        ({"due_date": "2026-11-01"}, "The due date cannot be in the past."),
        ({"children_birth_years": "25"}, "Give the years as four digits"),
        ({"children_birth_years": "1990"}, "Give the children&#x27;s birth years"),
    ],
)
def test_bad_input_is_refused_with_nothing_stored(client, calendar, changes, message):
    response = client.post(reverse("interest-new"), form(**changes))
    html = response.content.decode()
    assert response.status_code == 400
    assert "You are not on the list yet" in html and message in html
    assert 'aria-invalid="true"' in html
    assert not Interest.objects.exists() and not OutgoingMessage.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_second_entry_with_same_email_is_refused(client, calendar):
    assert client.post(reverse("interest-new"), form()).status_code == 303
    response = client.post(reverse("interest-new"), form(email="ISA@example.fi"))
    assert response.status_code == 400
    assert "already on the list for this kind of group in this area" in response.content.decode()
    assert Interest.objects.count() == 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (None, 302),
        ("ada", 200),
        ("cora", 200),
        ("elsa", 403),
        ("eddie", 403),
        ("pia", 403),
        ("vilja", 403),
        ("otto", 403),
    ],
)
def test_summary_is_for_coordinators_and_admins(client, calendar, person, expected):
    interest_create({"kind": "baby_group", "area": calendar["areas"]["matinkyla"], "email": "secret-family@example.fi"})
    if person:
        client.force_login(calendar["people"][person])
    response = client.get(reverse("interest-summary"))
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "Baby group: Espoo" in html and "Matinkylä-Olari" in html
        assert "secret-family" not in html


@time_machine.travel(NOW, tick=False)
def test_coordinator_opens_a_group_for_them_after_confirming_the_number(client, calendar):
    areas = calendar["areas"]
    for n, area in enumerate(["matinkyla", "leppavaara", "espoo"]):
        interest_create({"kind": "fathers_group", "area": areas[area], "email": f"i{n}@example.fi", "times": []})
    interest_create({"kind": "fathers_group", "area": areas["salo"], "email": "salo@example.fi"})
    group = make_group(calendar["orgs"]["city"], calendar["park"], capacity=10)
    Group.objects.filter(pk=group.pk).update(kind="fathers_group", status=GroupStatus.OPEN)
    other_kind = make_group(calendar["orgs"]["city"], calendar["park"])
    Group.objects.filter(pk=other_kind.pk).update(kind="baby_group", status=GroupStatus.OPEN)
    client.force_login(calendar["people"]["cora"])
    url = reverse("interest-open") + "?kind=fathers_group&area=espoo"

    page = client.get(url).content.decode()
    assert str(group.uuid) in page and str(other_kind.uuid) not in page
    confirm = client.post(reverse("interest-open"), {"kind": "fathers_group", "area": "espoo", "group": group.uuid})
    assert confirm.status_code == 200 and "Invite 3 families to" in confirm.content.decode()
    assert not OutgoingMessage.objects.filter(kind=MessageKind.INVITATION).exists()

    done = client.post(
        reverse("interest-open"), {"kind": "fathers_group", "area": "espoo", "group": group.uuid, "step": "invite"}
    )
    assert done.status_code == 303 and done["Location"] == reverse("interest-summary")
    assert OutgoingMessage.objects.filter(kind=MessageKind.INVITATION).count() == 3
    assert group.invitations.filter(batch__kind=InvitationKind.INTEREST).count() == 3
    assert "3 families were invited" in client.get(done["Location"]).content.decode()
    assert Interest.objects.filter(status=InterestStatus.WAITING).count() == 1  # Salo's


@time_machine.travel(NOW, tick=False)
def test_open_page_is_not_for_others(client, calendar):
    group = make_group(calendar["orgs"]["city"], calendar["park"])
    Group.objects.filter(pk=group.pk).update(kind="fathers_group", status=GroupStatus.OPEN)
    interest_create({"kind": "fathers_group", "area": calendar["areas"]["espoo"], "email": "a@example.fi"})
    client.force_login(calendar["people"]["elsa"])  # runs the group, coordinates no area
    data = {"kind": "fathers_group", "area": "espoo", "group": group.uuid, "step": "invite"}
    assert client.post(reverse("interest-open"), data).status_code == 403
    client.force_login(calendar["people"]["cora"])
    assert client.post(reverse("interest-open"), {**data, "area": "salo"}).status_code == 404
    assert Interest.objects.get().status == InterestStatus.WAITING
