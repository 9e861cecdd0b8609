"""Bad input on the nurse's pages and the API: a clear error on the field, nothing saved."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from perhekeskus.network.tests.api_support import client_for
from perhekeskus.wellbeing.models import Family, Parent

from .conftest import make_family

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
GOOD = {
    "label": "Lindqvist",
    "due_date": "2027-03-01",
    "birth_date": "",
    "parent1_label": "mother",
    "parent1_language": "sv",
    "parent2_label": "",
    "parent2_language": "fi",
}


@pytest.fixture
def nurse(clinic):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(clinic["people"]["pia"])
    return client


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"label": "  "}, "label", "This field is required."),
        ({"label": "Virtanen 010190-123A"}, "label", "Do not use a personal identity code"),
        ({"due_date": "2028-06-01"}, "due_date", "within the past year or the next ten months"),
        ({"due_date": "1.3.2027x"}, "due_date", "Enter a valid date."),
        ({"birth_date": "2026-12-02"}, "birth_date", "cannot be in the future"),
        ({"due_date": "2026-12-20", "birth_date": "2026-08-01"}, "birth_date", "more than 18 weeks before"),
        ({"parent1_label": "uncle"}, "parent1_label", "Select a valid choice."),
        ({"clinic": "999999"}, "clinic", "Select a valid choice."),
    ],
)
def test_new_family_form_errors(clinic, nurse, change, field, message):
    data = {"clinic": clinic["orgs"]["city"].pk, **GOOD, **change}
    response = nurse.post("/wellbeing/families/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page and message in page
    assert f'href="#id_{field}' in page
    assert not Family.objects.exists() and not Parent.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_good_form_saves_a_single_parent_family(clinic, nurse):
    response = nurse.post("/wellbeing/families/new/", {"clinic": clinic["orgs"]["city"].pk, **GOOD})
    assert response.status_code == 303
    assert [(p.label, p.language) for p in Parent.objects.all()] == [("mother", "sv")]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("birth", "message"),
    [("2026-12-05", "cannot be in the future"), ("2026-01-01", "more than 18 weeks before"), ("", "required")],
)
def test_birth_date_errors(clinic, nurse, birth, message):
    family = make_family(clinic, due=date(2026, 11, 30))
    response = nurse.post(f"/wellbeing/families/{family.uuid}/birth/", {"birth_date": birth})
    assert response.status_code == 400 and message in response.content.decode()
    family.refresh_from_db()
    assert family.birth_date is None


@time_machine.travel(NOW, tick=False)
def test_a_closed_family_takes_no_more_links(clinic, nurse):
    family = make_family(clinic)
    assert nurse.post(f"/wellbeing/families/{family.uuid}/close/").status_code == 303
    mother = family.parents.get(position=1)
    response = nurse.post(
        f"/wellbeing/families/{family.uuid}/links/",
        {"parent": str(mother.uuid), "point": "pregnancy", "delivery": "show", "action": "make"},
    )
    assert response.status_code == 400 and "schedule is closed" in response.content.decode()
    assert not mother.forms.exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"label": ""}, {"label": ["This field may not be blank."]}),
        ({"due_date": "soon"}, {"due_date": None}),
        ({"parents": []}, {"parents": ["Give one or two parents."]}),
        ({"parents": [{"label": "mother"}] * 3}, {"parents": ["Give one or two parents."]}),
        ({"parents": [{"label": "aunt"}]}, {"parents[0].label": ["Choose mother, father or parent."]}),
        ({"parents": [{"label": "father", "language": "de"}]}, {"parents[0].language": None}),
        ({"clinic": "mll-espoo"}, {"clinic": ["Not an organisation where you are a professional."]}),
        ({"label": "Aalto 131052-308T"}, {"label": None}),
    ],
)
def test_api_create_errors(clinic, change, errors):
    body = {"label": "Aalto", "due_date": "2027-03-01", "parents": [{"label": "mother"}], **change}
    response = client_for(clinic, "pia").post("/api/v1/wellbeing/families/", body, format="json")
    assert response.status_code == 400, response.content
    data = response.json()
    for field, messages in errors.items():
        assert field in data, data
        if messages is not None:
            assert data[field] == messages
    assert not Family.objects.exists()
