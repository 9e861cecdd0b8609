"""Interest lists: families say what they'd join; at the threshold each coordinator of the
area is told exactly once per gathering (again only after a group was opened and new
interest gathers); entries for a district count toward their municipality; a group
opened for them invites each family once, in its own language, and the invitation opens
a targeted group; a second entry with the same address is refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from perhekeskus.accounts.models import Membership, Role, User
from perhekeskus.activities import services as activity_services
from perhekeskus.activities.models import Participation
from perhekeskus.core.models import AuditEntry
from perhekeskus.groups import codes, services
from perhekeskus.groups.interest import group_open_for_interest, interest_counts, interest_create
from perhekeskus.groups.models import (
    Group,
    GroupStatus,
    Interest,
    InterestNotice,
    InterestStatus,
    InvitationKind,
    Signup,
)
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.messaging.models import MessageKind, OutgoingMessage

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def entry(area, n: int, kind: str = "fathers_group", **changes):
    data = {"kind": kind, "area": area, "times": ["weekday_evening"], "email": f"isa{n}@example.fi", "language": "fi"}
    data.update(changes)
    return interest_create(data)


def gathered(to: str | None = None):
    rows = OutgoingMessage.objects.filter(kind=MessageKind.INTEREST_GATHERED)
    return rows.filter(to=to) if to else rows


def fathers_group(calendar, **activity_changes) -> Group:
    group = make_group(calendar["orgs"]["city"], calendar["park"], capacity=10, waiting_list_capacity=0, minimum=1)
    Group.objects.filter(pk=group.pk).update(kind="fathers_group", status=GroupStatus.OPEN)
    if activity_changes:
        activity_services.activity_update(actor=None, activity=group.activity, data=activity_changes)
    return Group.objects.select_related("activity").get(pk=group.pk)


@pytest.fixture
def second_coordinator(network):
    """A county-wide coordinator: Uusimaa covers Espoo too. Salo's coordinator does not."""
    county = User.objects.create_user("kaisa@example.fi", password="x")
    Membership.objects.create(
        user=county, organisation=network["orgs"]["mll"], role=Role.COORDINATOR, area=network["areas"]["uusimaa"]
    )
    salo = User.objects.create_user("sami@example.fi", password="x")
    Membership.objects.create(user=salo, organisation=network["orgs"]["parish"], role=Role.COORDINATOR)
    return county


@time_machine.travel(NOW, tick=False)
def test_threshold_tells_each_coordinator_once_per_gathering(calendar, settings, second_coordinator):
    settings.INTEREST_THRESHOLD = 3
    areas = calendar["areas"]
    entry(areas["matinkyla"], 1)
    entry(areas["leppavaara"], 2)
    assert not gathered().exists() and not InterestNotice.objects.exists()

    entry(areas["espoo"], 3)  # the third in Espoo, districts and the whole municipality together

    assert sorted(gathered().values_list("to", flat=True)) == ["cora@example.fi", "kaisa@example.fi"]
    notice = InterestNotice.objects.get()
    assert (notice.kind, notice.area, notice.count) == ("fathers_group", areas["espoo"], 3)

    entry(areas["matinkyla"], 4)
    entry(areas["matinkyla"], 5, kind="baby_group")  # another kind is another gathering, below the threshold
    assert gathered().count() == 2 and InterestNotice.objects.count() == 1

    invited = group_open_for_interest(
        actor=calendar["people"]["cora"], group=fathers_group(calendar), kind="fathers_group", area=areas["espoo"]
    )
    assert invited == 4
    assert InterestNotice.objects.get().group is not None

    entry(areas["matinkyla"], 6)
    entry(areas["matinkyla"], 7)
    assert gathered().count() == 2  # a new gathering has two: below the threshold
    entry(areas["leppavaara"], 8)
    assert gathered("cora@example.fi").count() == 2 and gathered("kaisa@example.fi").count() == 2
    assert InterestNotice.objects.count() == 2


@time_machine.travel(NOW, tick=False)
def test_coordinators_message_has_counts_and_no_family_data(calendar, settings, django_capture_on_commit_callbacks):
    settings.INTEREST_THRESHOLD = 2
    areas = calendar["areas"]
    with django_capture_on_commit_callbacks(execute=True):
        entry(areas["matinkyla"], 1, times=["weekday_evening", "weekend"], language="en")
    with django_capture_on_commit_callbacks(execute=True):
        entry(areas["leppavaara"], 2, times=[], language="en")
    to_cora = [m for m in mail.outbox if m.to == ["cora@example.fi"]]
    assert len(to_cora) == 1
    with translation.override("en"):
        message = OutgoingMessage.objects.get(kind=MessageKind.INTEREST_GATHERED)
    body = to_cora[0].body
    assert "isa1@" not in body and "isa2@" not in body
    assert "/interest/summary/?area=espoo" in body
    assert message.context["count"] == 2
    rows = {r["area"]: r for r in message.context["rows"]}
    assert rows[areas["matinkyla"].pk]["times"] == {"weekday_evening": 1, "weekend": 1}
    assert rows[areas["leppavaara"].pk]["times"] == {"any": 1}
    # The family's own message: what they are on the list for and the withdraw link.
    received = [m for m in mail.outbox if m.to == ["isa1@example.fi"]]
    assert len(received) == 1 and "/interest/" in received[0].body
    assert "fathers' group" in received[0].body and "Matinkylä-Olari" in received[0].body


@time_machine.travel(NOW, tick=False)
def test_district_entries_roll_up_to_their_municipality(calendar):
    areas = calendar["areas"]
    entry(areas["matinkyla"], 1, times=["weekday_evening", "weekend"])
    entry(areas["matinkyla"], 2, times=["weekend"])
    entry(areas["leppavaara"], 3, times=[])
    entry(areas["espoo"], 4, times=["weekday_morning"])
    entry(areas["salo"], 5)
    entry(areas["matinkyla"], 6, kind="baby_group")
    withdrawn, _secret = entry(areas["matinkyla"], 7)
    Interest.objects.filter(pk=withdrawn.pk).update(status=InterestStatus.INVITED)  # not waiting: not counted

    counts = {(c.kind, c.municipality.area.slug): c for c in interest_counts()}

    espoo = counts[("fathers_group", "espoo")]
    assert espoo.municipality.total == 4
    assert dict(espoo.municipality.times) == {"weekday_evening": 1, "weekend": 2, "any": 1, "weekday_morning": 1}
    districts = {d.area.slug: (d.total, dict(d.times), d.whole) for d in espoo.districts}
    assert districts == {
        "espoo": (1, {"weekday_morning": 1}, True),
        "matinkyla": (2, {"weekday_evening": 1, "weekend": 2}, False),
        "leppavaara": (1, {"any": 1}, False),
    }
    assert counts[("fathers_group", "salo")].municipality.total == 1
    assert counts[("baby_group", "espoo")].municipality.total == 1
    only_matinkyla = interest_counts(areas["matinkyla"])
    assert [(c.kind, c.municipality.total) for c in only_matinkyla] == [("baby_group", 1), ("fathers_group", 2)]


@time_machine.travel(NOW, tick=False)
def test_second_entry_with_same_email_is_refused(calendar):
    areas = calendar["areas"]
    entry(areas["matinkyla"], 1)
    messages = OutgoingMessage.objects.count()
    with pytest.raises(ValidationError) as caught:
        entry(areas["matinkyla"], 1, email="ISA1@example.fi ")
    assert "email" in caught.value.message_dict
    assert Interest.objects.count() == 1 and OutgoingMessage.objects.count() == messages
    entry(areas["leppavaara"], 1)  # another area is another entry
    entry(areas["matinkyla"], 1, kind="baby_group")
    assert Interest.objects.count() == 3


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "other"}, "kind"),
        ({"times": ["midnight"]}, "times"),
        ({"email": "not-an-address"}, "email"),
        ({"language": "de"}, "language"),
        ({"due_date": date(2026, 11, 30)}, "due_date"),
        ({"children_birth_years": [1990]}, "children_birth_years"),
        ({"name": "Isä"}, "name"),
    ],
)
def test_bad_input_stores_nothing(calendar, changes, field):
    with pytest.raises(ValidationError) as caught:
        entry(calendar["areas"]["matinkyla"], 1, **changes)
    assert field in caught.value.message_dict
    assert not Interest.objects.exists() and not OutgoingMessage.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_county_is_not_an_area_for_an_entry(calendar):
    with pytest.raises(ValidationError) as caught:
        entry(calendar["areas"]["uusimaa"], 1)
    assert "area" in caught.value.message_dict


@time_machine.travel(NOW, tick=False)
def test_invited_families_get_one_invitation_each_in_their_language_and_can_sign_up(
    calendar, django_capture_on_commit_callbacks
):
    areas = calendar["areas"]
    entry(areas["matinkyla"], 1, language="sv")
    entry(areas["matinkyla"], 2, language="en", times=["weekend"])
    entry(areas["leppavaara"], 3, language="fi", times=[])  # any time suits
    entry(areas["salo"], 4)  # another municipality: not invited
    entry(areas["matinkyla"], 5, times=["weekday_morning"])  # a time that does not suit
    group = fathers_group(calendar, participation=Participation.TARGETED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        invited = group_open_for_interest(
            actor=calendar["people"]["cora"],
            group=group,
            kind="fathers_group",
            area=areas["espoo"],
            times=["weekday_evening", "weekend"],
        )

    assert invited == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["isa1@example.fi", "isa2@example.fi", "isa3@example.fi"]
    languages = dict(OutgoingMessage.objects.filter(kind=MessageKind.INVITATION).values_list("to", "language"))
    assert languages == {"isa1@example.fi": "sv", "isa2@example.fi": "en", "isa3@example.fi": "fi"}
    english = next(m for m in mail.outbox if m.to == ["isa2@example.fi"])
    assert "You told us you would join a group like this" in english.body
    assert group.invitations.filter(batch__kind=InvitationKind.INTEREST).count() == 3
    rows = Interest.objects.filter(email__in=["isa1@example.fi", "isa2@example.fi", "isa3@example.fi"])
    assert {(r.status, r.invited_group_id) for r in rows} == {(InterestStatus.INVITED, group.pk)}
    assert Interest.objects.filter(status=InterestStatus.WAITING).count() == 2
    assert not AuditEntry.objects.filter(changes__icontains="isa1@example.fi").exists()

    code = OutgoingMessage.objects.get(kind=MessageKind.INVITATION, to="isa2@example.fi").context["code"]
    with pytest.raises(ValidationError):
        services.signup_create(group=group, data={"name": "Ilman koodia", "email": "x@example.fi"})
    signup, _secret = services.signup_create(
        group=group, data={"name": "Isä Kaksi", "email": "isa2@example.fi", "language": "en"}, invitation_code=code
    )
    assert signup.status == "confirmed" and Signup.objects.count() == 1
    with pytest.raises(ValidationError):  # one family, one invitation
        services.signup_create(
            group=group, data={"name": "Toinen", "email": "toinen@example.fi"}, invitation_code=codes.printed(code)
        )


@time_machine.travel(NOW, tick=False)
def test_opening_is_for_the_areas_coordinator_or_an_admin(calendar):
    areas = calendar["areas"]
    entry(areas["matinkyla"], 1)
    group = fathers_group(calendar)
    people = calendar["people"]
    for name in ("elsa", "eddie", "pia", "otto"):  # Elsa runs the group but coordinates no area
        with pytest.raises(PermissionDenied):
            group_open_for_interest(actor=people[name], group=group, kind="fathers_group", area=areas["espoo"])
    assert Interest.objects.get().status == InterestStatus.WAITING
    with pytest.raises(ValidationError) as caught:
        group_open_for_interest(actor=people["ada"], group=group, kind="baby_group", area=areas["espoo"])
    assert "group" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        group_open_for_interest(actor=people["ada"], group=group, kind="fathers_group", area=areas["salo"])
    assert "group" in caught.value.message_dict
    assert group_open_for_interest(actor=people["ada"], group=group, kind="fathers_group", area=areas["matinkyla"]) == 1
    with pytest.raises(ValidationError) as caught:  # nobody waits any more
        group_open_for_interest(actor=people["ada"], group=group, kind="fathers_group", area=areas["espoo"])
    assert "area" in caught.value.message_dict
