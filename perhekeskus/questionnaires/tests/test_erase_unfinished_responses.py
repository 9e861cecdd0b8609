"""Forms saved and never sent are erased after UNFINISHED_RESPONSE_KEEP_DAYS; sent ones stay."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from perhekeskus.questionnaires import filling
from perhekeskus.questionnaires.instruments import load_shipped
from perhekeskus.questionnaires.models import Questionnaire, Response

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Europe/Helsinki"))


def run() -> str:
    out = StringIO()
    call_command("erase_unfinished_responses", stdout=out)
    return out.getvalue()


@override_settings(UNFINISHED_RESPONSE_KEEP_DAYS=10)
def test_unsent_answers_are_erased_after_the_keep_days_and_their_link_stops_working() -> None:
    load_shipped()
    audit_c = Questionnaire.objects.get(identifier="audit-c")
    with time_machine.travel(START, tick=False):
        stale, stale_secret = filling.response_start(audit_c)
        filling.response_save(stale, {"audit.1": ["2"]})
        sent, _ = filling.response_start(audit_c)
        filling.response_save(sent, {"audit.1": ["0"]}, complete=True)
    with time_machine.travel(START + timedelta(days=5), tick=False):
        touched, _ = filling.response_start(audit_c)
        filling.response_save(touched, {"audit.1": ["1"]})
    with time_machine.travel(START + timedelta(days=10, hours=-1), tick=False):
        assert run() == "unfinished responses erased: 0\n"
    with time_machine.travel(START + timedelta(days=10, hours=1), tick=False):
        assert run() == "unfinished responses erased: 1\n"
        assert run() == "unfinished responses erased: 0\n"
    stale.refresh_from_db()
    assert stale.answers == {} and stale.secret_hash == "" and stale.erased_at is not None
    assert Response.objects.get(pk=sent.pk).answers == {"audit.1": ["0"]}
    assert Response.objects.get(pk=touched.pk).answers == {"audit.1": ["1"]}
    assert Client().get(reverse("questionnaire-fill", args=[stale.uuid, stale_secret])).status_code == 404


def test_a_new_link_opens_an_erased_unsent_form_again_empty_but_never_a_sent_one() -> None:
    load_shipped()
    audit_c = Questionnaire.objects.get(identifier="audit-c")
    unsent, _ = filling.response_start(audit_c, respondent_key="parent-1")
    filling.response_save(unsent, {"audit.1": ["2"]})
    filling.response_erase(unsent)
    secret = filling.new_secret(unsent)
    reopened = filling.response_by_secret(unsent.uuid, secret)
    assert reopened.erased_at is None and reopened.answers == {} and reopened.respondent_key == "parent-1"

    sent, _ = filling.response_start(audit_c)
    filling.response_save(sent, {"audit.1": ["0"]}, complete=True)
    filling.response_erase(sent)
    with pytest.raises(filling.ResponseUnknown):
        filling.new_secret(sent)
    assert Response.objects.get(pk=sent.pk).erased_at is not None
