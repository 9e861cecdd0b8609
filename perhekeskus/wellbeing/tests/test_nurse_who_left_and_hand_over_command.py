"""A nurse who leaves her clinic no longer sees its families, on the pages or the API, even
with her account still open; the clinic's admin passes them on with
`manage.py wellbeing_hand_over`, which shows no answers and moves all or none."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from perhekeskus.accounts.models import Membership, Role
from perhekeskus.core.models import AuditEntry
from perhekeskus.wellbeing.models import Family

from .conftest import make_family

pytestmark = pytest.mark.django_db


def page_status(user, family: Family) -> int:
    client = Client()
    client.force_login(user)
    return client.get(f"/wellbeing/families/{family.uuid}/").status_code


def test_a_nurse_who_left_the_clinic_sees_its_families_no_more(clinic):
    family = make_family(clinic)
    pia = clinic["people"]["pia"]
    assert page_status(pia, family) == 200
    Membership.objects.filter(user=pia, organisation=clinic["orgs"]["city"], role=Role.PROFESSIONAL).delete()

    assert page_status(pia, family) == 404
    client = Client()
    client.force_login(pia)
    assert client.get("/api/v1/wellbeing/families/").status_code == 403  # no longer a nurse anywhere


def test_the_admin_hands_the_families_over_with_a_command(clinic):
    first, second = make_family(clinic, label="Virtanen"), make_family(clinic, label="Nieminen")
    pia, nina = clinic["people"]["pia"], clinic["people"]["nina"]
    Membership.objects.filter(user=pia, role=Role.PROFESSIONAL).delete()
    out = StringIO()

    call_command("wellbeing_hand_over", "--from", pia.email, "--to", nina.email, stdout=out)

    assert out.getvalue() == "families handed over: 2\n"
    assert "Virtanen" not in out.getvalue()
    assert set(Family.objects.values_list("nurse", flat=True)) == {nina.pk}
    assert page_status(nina, first) == 200 and page_status(nina, second) == 200
    moves = AuditEntry.objects.filter(source="wellbeing_hand_over", object_type="wellbeing.family")
    assert moves.count() == 2


@pytest.mark.parametrize("to", ["nobody@example.fi", "eddie"])
def test_a_hand_over_to_someone_who_cannot_take_it_moves_nothing(clinic, to):
    make_family(clinic, label="Virtanen")
    make_family(clinic, label="Nieminen")
    pia = clinic["people"]["pia"]
    target = to if "@" in to else clinic["people"][to].email  # an editor of another organisation

    with pytest.raises(CommandError) as refused:
        call_command("wellbeing_hand_over", "--from", pia.email, "--to", target, stdout=StringIO())

    assert "\n" not in str(refused.value)
    assert set(Family.objects.values_list("nurse", flat=True)) == {pia.pk}
