"""`manage.py group_decisions`, run daily: at the go/no-go date a group with enough
families starts by itself (each family told once); an under-filled one waits for its
organiser, who is reminded once per decision date together with the area's coordinators.
Running it again the same day or the next changes and sends nothing more.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from perhekeskus.accounts.models import Membership, Role, User
from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.groups import decisions, services
from perhekeskus.groups.models import Group, GroupStatus
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.messaging.models import MessageKind, OutgoingMessage

pytestmark = pytest.mark.django_db
DECISION_DAY = date(2026, 12, 20)
ON_THE_DAY = datetime(2026, 12, 20, 6, tzinfo=UTC)


def sign(group: Group, n: int) -> None:
    services.signup_create(group=group, data={"name": f"Perhe {n}", "email": f"perhe{n}@example.fi", "language": "en"})


@pytest.fixture
def groups(calendar):
    city, mll = calendar["orgs"]["city"], calendar["orgs"]["mll"]
    full = make_group(city, calendar["park"], minimum=2, decision_date=DECISION_DAY)
    thin = make_group(mll, calendar["cafe_place"], minimum=3, decision_date=DECISION_DAY)
    later = make_group(city, calendar["park"], minimum=3, decision_date=date(2027, 1, 5))
    Group.objects.filter(pk=full.pk).update(kind="baby_group")  # made from a template in real use
    mll.email = "info@mll-espoo.example.fi"
    mll.save()
    # A coordinator of the county covers Espoo too; Salo's does not.
    salo_coordinator = User.objects.create_user("sakari@example.fi")
    Membership.objects.create(user=salo_coordinator, organisation=calendar["orgs"]["parish"], role=Role.COORDINATOR)
    return full, thin, later


def run(**options) -> str:
    out = StringIO()
    call_command("group_decisions", stdout=out, **options)
    return out.getvalue()


def test_starts_the_full_reminds_of_the_thin_and_is_idempotent(
    calendar, groups, settings, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"  # the organisers' language; the texts are checked in English
    full, thin, later = groups
    before = time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False)
    with before, django_capture_on_commit_callbacks(execute=True):
        for n in (1, 2):
            sign(full, n)
        sign(thin, 3)
        sign(later, 4)
    sent = len(mail.outbox)
    with time_machine.travel(ON_THE_DAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        out = run()
    assert "1 groups started, 1 under-filled groups waiting for a decision (2 reminders queued)" in out
    for g in groups:
        g.refresh_from_db()
    assert (full.status, thin.status, later.status) == (GroupStatus.STARTED, GroupStatus.OPEN, GroupStatus.OPEN)
    recipients = Counter(m.to[0] for m in mail.outbox[sent:])
    assert recipients == Counter(
        {"perhe1@example.fi": 1, "perhe2@example.fi": 1, "info@mll-espoo.example.fi": 1, "cora@example.fi": 1}
    )
    reminder = next(m for m in mail.outbox[sent:] if m.to[0] == "cora@example.fi")
    assert OutgoingMessage.objects.filter(kind=MessageKind.DECISION_DUE).count() == 2
    assert f"/groups/{thin.uuid}/manage/" in reminder.body
    assert reminder.subject == f"Go or no-go: {thin.activity.title}"
    assert "Signed up: 1 of 3 places, minimum to start 3." in reminder.body
    # The later group of the same kind in Espoo is suggested (the started one is of another kind).
    assert "Nearby groups of the same kind the families could join:" in reminder.body
    assert "Ekavauva-ryhmä (Espoon kaupunki), starts 01/12/2027, 2 places free" in reminder.body

    # Again the same day and the next: nothing more is started or sent.
    for moment in (ON_THE_DAY, datetime(2026, 12, 21, 6, tzinfo=UTC)):
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
            again = run()
        assert "0 groups started, 1 under-filled groups waiting for a decision (0 reminders queued)" in again
    assert len(mail.outbox) == sent + 4


def test_a_bad_day_exits_with_a_reason(calendar, groups):
    with pytest.raises(CommandError, match="--today"):
        run(today="20.12.2026")


def test_a_postponed_group_is_due_again_at_its_new_date(calendar, groups, django_capture_on_commit_callbacks):
    full, thin, _later = groups
    new = [{"start": helsinki(2027, 3, 2 + 7 * i, 10), "end": helsinki(2027, 3, 2 + 7 * i, 12)} for i in range(2)]
    reminders = OutgoingMessage.objects.filter(kind=MessageKind.DECISION_DUE, context__group=str(thin.uuid))
    with time_machine.travel(ON_THE_DAY, tick=False):
        assert list(decisions.decisions_due(DECISION_DAY)) == [full, thin]
        decisions.group_postpone(actor=None, group=thin, sessions=new, decision_date=date(2027, 2, 20))
        assert list(decisions.decisions_due(DECISION_DAY)) == [full]
        run(today="2027-02-19")
        assert not reminders.exists()
        with django_capture_on_commit_callbacks(execute=True):
            run(today="2027-02-20")
    assert sorted(reminders.values_list("to", "context__decision_date")) == [
        ("cora@example.fi", "2027-02-20"),
        ("info@mll-espoo.example.fi", "2027-02-20"),
    ]
