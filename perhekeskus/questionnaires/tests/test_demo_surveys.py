"""`load_demo` gives the demo editors two surveys: Espoo's open "where do you get help" link
with 32 answers and public results, and MLL's café feedback by code; a second load adds
nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from perhekeskus.accounts.models import User
from perhekeskus.questionnaires import surveys
from perhekeskus.questionnaires.models import Response, ResponseStatus, SurveyKind, SurveyLink

pytestmark = pytest.mark.django_db


def test_the_demo_surveys_load_once_with_answers_counted_and_small_counts_hidden_in_public() -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    help_link = SurveyLink.objects.get(token="espoo-apua")
    cafe = SurveyLink.objects.get(token="mll-kahvila")
    assert help_link.kind == SurveyKind.OPEN and help_link.results_public
    assert cafe.kind == SurveyKind.PERSONAL and not cafe.results_public
    sent = Response.objects.filter(context=help_link.context, status=ResponseStatus.COMPLETED)
    assert sent.count() == 32
    assert not sent.exclude(respondent_key="").exists() and not sent.exclude(created_by=None).exists()
    full = surveys.summary(help_link.questionnaire, context=help_link.context)
    assert full["responses"] == 32
    assert sum(full["items"]["ease"].values()) == 32

    start = Client()
    opened = start.post(reverse("survey-start", args=[help_link.token]), HTTP_ACCEPT_LANGUAGE="sv")
    assert opened.status_code == 303
    # The form carries the survey's own title, the one the start page showed.
    assert "Var får familjer i Esbo hjälp?" in start.get(opened["Location"], HTTP_ACCEPT_LANGUAGE="sv").content.decode()

    public = Client().get(reverse("survey-public-results", args=[help_link.token]))
    assert public.status_code == 200
    editor = Client()
    editor.force_login(User.objects.get(email="editor.espoo@example.fi"))
    assert editor.get(reverse("survey-results", args=[help_link.uuid])).status_code == 200

    call_command("load_demo", stdout=StringIO())
    assert SurveyLink.objects.filter(token__in=["espoo-apua", "mll-kahvila"]).count() == 2
    assert Response.objects.filter(context=help_link.context, status=ResponseStatus.COMPLETED).count() == 32
