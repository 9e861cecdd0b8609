"""The invitations page of a group: who may open it (a role matrix), inviting by e-mail,
printed letters (one a page, codes shown once, never cached), codes to hand over, and
revoking a batch's unused codes. Bad input: the errors beside the fields, nothing made."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from perhekeskus.accounts.models import Membership, Role, User
from perhekeskus.activities import services as activity_services
from perhekeskus.groups import codes, invitations, services
from perhekeskus.groups.models import Invitation, InvitationBatch, InvitationStatus
from perhekeskus.messaging.models import OutgoingMessage

pytestmark = pytest.mark.django_db
NOW = "2026-12-01 09:00 +02:00"
# Espoo city's group: those who run it, the city's professional and MLL's editor (same
# municipality) may invite; MLL's volunteer and Salo parish's editor may not.
INVITERS = {"ada", "cora", "elsa", "pia", "eddie"}
CODE_RE = re.compile(r'<p class="code">([A-Z0-9-]+)</p>')


def client_as(calendar: dict[str, Any], person: str | None) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if person:
        client.force_login(calendar["people"][person])
    return client


def page_url(group: Any) -> str:
    return reverse("group-invitations", args=[group.uuid])


@pytest.fixture
def targeted(group: Any) -> Any:
    activity_services.activity_update(actor=None, activity=group.activity, data={"participation": "targeted"})
    return group


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("person", [*sorted(INVITERS), "vilja", "otto", None], ids=lambda p: p or "anonymous")
def test_who_may_open_the_invitations_page(calendar, targeted, person):
    response = client_as(calendar, person).get(page_url(targeted))
    if person is None:
        assert response.status_code == 302 and "/login" in response["Location"]
    elif person in INVITERS:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Invite by e-mail" in page and "Printed letters" in page and "Codes to hand over in person" in page
        assert response["Cache-Control"] == "private, no-store"
    else:
        assert response.status_code == 403


@time_machine.travel(NOW, tick=False)
def test_inviting_by_email_sends_one_code_each_and_keeps_no_address(
    calendar, targeted, django_capture_on_commit_callbacks
):
    client = client_as(calendar, "pia")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page_url(targeted),
            {
                "action": "email",
                "email-emails": "aino@example.fi\n\n  ville@example.fi \n",
                "email-organisation": calendar["orgs"]["city"].pk,
                "email-language": "sv",
                "email-note": "Terveisin Terhi",
            },
        )
    assert response.status_code == 303, response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["aino@example.fi", "ville@example.fi"]
    links = [re.search(r"code=([A-Z0-9]+)", m.body).group(1) for m in mail.outbox]  # type: ignore[union-attr]
    assert len(set(links)) == 2
    assert all("Terveisin Terhi" in m.body for m in mail.outbox)
    batch = InvitationBatch.objects.get()
    assert (batch.channel, batch.count, batch.language, batch.organisation) == (
        "email",
        2,
        "sv",
        calendar["orgs"]["city"],
    )
    # The batch's page shows counts only.
    page = client.get(page_url(targeted)).content.decode()
    assert "aino@example.fi" not in page and links[0] not in page
    # Each link's code works for one sign-up.
    signup, _ = services.signup_create(
        group=targeted, data={"name": "Aino", "email": "x@example.fi"}, invitation_code=links[0]
    )
    assert Invitation.objects.get(signup=signup).status == InvitationStatus.USED


@time_machine.travel(NOW, tick=False)
def test_bad_or_repeated_addresses_are_all_reported_and_nothing_is_sent(calendar, targeted):
    response = client_as(calendar, "pia").post(
        page_url(targeted),
        {
            "action": "email",
            "email-emails": "aino@example.fi\nnot-an-address\nAINO@example.fi",
            "email-organisation": calendar["orgs"]["city"].pk,
            "email-language": "fi",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not-an-address is not a valid e-mail address." in page
    assert "AINO@example.fi is listed twice." in page
    assert 'aria-invalid="true"' in page
    assert not InvitationBatch.objects.exists() and not OutgoingMessage.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_letters_print_page_shows_each_code_once_on_a_page_of_its_own(calendar, targeted):
    # A nurse of the maternity clinic invites her first-time parents due in the spring.
    nurse = User.objects.create_user("terhi@example.fi", password="x")
    Membership.objects.create(user=nurse, organisation=calendar["orgs"]["clinic"], role=Role.PROFESSIONAL)
    client = client_as(calendar, None)
    client.force_login(nurse)
    response = client.post(
        page_url(targeted),
        {
            "action": "letters",
            "letters-count": "3",
            "letters-organisation": calendar["orgs"]["clinic"].pk,
            "letters-language": "en",
            "letters-kind": "cohort",
            "letters-area": calendar["areas"]["matinkyla"].pk,
            "letters-due_from": "2027-01-01",
            "letters-due_to": "2027-03-31",
            "letters-first_time_parents": "on",
        },
    )
    assert response.status_code == 200, response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    printed = CODE_RE.findall(page)
    assert len(printed) == 3 and len(set(printed)) == 3
    assert all(re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{3}-[A-Z0-9]{3}", code) for code in printed)
    assert page.count('<section class="letter"') == 3
    assert "shown this once only" in page
    assert "Matinkylän neuvola invites your family to Ekavauva-ryhmä" in page
    assert "http://testserver/invitation/" in page
    assert page.count('<li class="session') == 9  # three sessions in each letter
    batch = InvitationBatch.objects.get()
    assert (batch.kind, batch.channel, batch.area, batch.first_time_parents) == (
        "cohort",
        "letter",
        calendar["areas"]["matinkyla"],
        True,
    )
    # Only the hashes are kept: the page of the invitations shows no code again.
    assert {i.code_hash for i in batch.invitations.all()} == {codes.code_hash(c) for c in printed}
    again = client.get(page_url(targeted)).content.decode()
    assert not any(code in again for code in printed)


@time_machine.travel(NOW, tick=False)
def test_a_cohort_needs_its_criteria_and_bad_counts_are_refused(calendar, targeted):
    client = client_as(calendar, "cora")
    response = client.post(
        page_url(targeted),
        {
            "action": "letters",
            "letters-count": "3",
            "letters-organisation": calendar["orgs"]["city"].pk,
            "letters-language": "fi",
            "letters-kind": "cohort",
        },
    )
    assert response.status_code == 400
    assert "Say whom the cohort is" in response.content.decode()
    response = client.post(
        page_url(targeted),
        {
            "action": "codes",
            "codes-count": "0",
            "codes-organisation": calendar["orgs"]["city"].pk,
            "codes-language": "fi",
        },
    )
    assert response.status_code == 400
    assert not InvitationBatch.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_professional_cannot_invite_for_another_organisation(calendar, targeted):
    # Pia may invite for the city (and is offered only it); the clinic is not hers.
    response = client_as(calendar, "pia").post(
        page_url(targeted),
        {
            "action": "codes",
            "codes-count": "2",
            "codes-organisation": calendar["orgs"]["mll"].pk,
            "codes-language": "fi",
        },
    )
    assert response.status_code == 400
    assert not InvitationBatch.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_codes_to_hand_over_are_listed_for_printing(calendar, targeted):
    response = client_as(calendar, "elsa").post(
        page_url(targeted),
        {
            "action": "codes",
            "codes-count": "4",
            "codes-organisation": calendar["orgs"]["city"].pk,
            "codes-language": "fi",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<li class="code-slip">') == 4
    assert InvitationBatch.objects.get().channel == "code"
    assert response["Cache-Control"] == "private, no-store"


@time_machine.travel(NOW, tick=False)
def test_revoking_a_batch_revokes_its_unused_codes_only(calendar, targeted):
    batch, issued = invitations.invitations_print(
        actor=calendar["people"]["pia"], group=targeted, count=3, organisation=calendar["orgs"]["city"]
    )
    services.signup_create(group=targeted, data={"name": "A", "email": "a@example.fi"}, invitation_code=issued[0])
    revoke = reverse("invitation-batch-revoke", args=[batch.uuid])
    # MLL's volunteer and Salo's editor may not; the city's professional may.
    assert client_as(calendar, "vilja").post(revoke).status_code == 403
    assert client_as(calendar, "otto").post(revoke).status_code == 403
    client = client_as(calendar, "pia")
    assert revoke in client.get(page_url(targeted)).content.decode()
    assert client.get(revoke).status_code == 405
    response = client.post(revoke, follow=True)
    assert "2 unused codes revoked." in response.content.decode()
    statuses = sorted(batch.invitations.values_list("status", flat=True))
    assert statuses == ["revoked", "revoked", "used"]
    [summary] = invitations.batch_summary(targeted)
    assert (summary.issued, summary.used, summary.revoked) == (0, 1, 2)  # type: ignore[attr-defined]
    page = response.content.decode()
    # Nothing unused is left to revoke: no button.
    assert "invitation-batches/" not in page
