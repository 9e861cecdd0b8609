"""`manage.py load_questionnaires`: the shipped questionnaires, idempotent by id."""

from __future__ import annotations

import copy
import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from perhekeskus.core.models import AuditEntry
from perhekeskus.questionnaires import instruments, services
from perhekeskus.questionnaires.models import Purpose, Questionnaire

pytestmark = pytest.mark.django_db


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_questionnaires", *args, stdout=out)
    return out.getvalue()


def test_loads_every_shipped_questionnaire_with_its_purpose():
    assert load() == "questionnaires: 5 created, 0 updated, 0 unchanged, 0 kept\n"
    stored = dict(Questionnaire.objects.values_list("identifier", "purpose"))
    assert stored == {
        "epds": Purpose.CLINICAL,
        "audit-c": Purpose.CLINICAL,
        "group-feedback": Purpose.FEEDBACK,
        "cafe-feedback": Purpose.FEEDBACK,
        "help-survey": Purpose.SURVEY,
    }
    epds = Questionnaire.objects.get(identifier="epds")
    assert epds.organisation is None and epds.title_en.startswith("EPDS")
    assert epds.definition == json.loads(instruments.shipped_path("epds").read_text(encoding="utf-8"))


def test_a_second_run_changes_nothing():
    load()
    entries = AuditEntry.objects.count()
    assert load() == "questionnaires: 0 created, 0 updated, 5 unchanged, 0 kept\n"
    assert Questionnaire.objects.count() == 5
    assert AuditEntry.objects.count() == entries


def test_a_licensed_epds_is_kept_unless_replace_is_asked():
    load()
    licensed = copy.deepcopy(instruments.read_shipped("epds"))
    licensed["item"][0]["text"] = "Lisensoitu kysymys 1"
    services.questionnaire_import(licensed)
    out = load()
    assert out.splitlines() == [
        "questionnaires: 0 created, 0 updated, 4 unchanged, 1 kept",
        "kept as stored (they differ from the shipped files; --replace overwrites): epds",
    ]
    assert Questionnaire.objects.get(identifier="epds").definition["item"][0]["text"] == "Lisensoitu kysymys 1"
    assert load("--replace") == "questionnaires: 0 created, 1 updated, 4 unchanged, 0 kept\n"
    assert Questionnaire.objects.get(identifier="epds").definition["item"][0]["text"] == "EPDS-kysymys 1"


def test_a_changed_purpose_is_put_back():
    load()
    Questionnaire.objects.filter(identifier="group-feedback").update(purpose=Purpose.SURVEY)
    assert load() == "questionnaires: 0 created, 1 updated, 4 unchanged, 0 kept\n"
    assert Questionnaire.objects.get(identifier="group-feedback").purpose == Purpose.FEEDBACK


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (lambda path: path.write_text("{not json", encoding="utf-8"), "audit-c.json: Expecting property name"),
        (
            lambda path: path.write_text(
                path.read_text(encoding="utf-8").replace('"audit.3\\"]}', '"audit.4\\"]}'), encoding="utf-8"
            ),
            "audit-c.json: extension[0].valueString.scales.total[2]: no item 'audit.4'",
        ),
        (
            lambda path: path.write_text(
                path.read_text(encoding="utf-8").replace('"id": "audit-c"', '"id": "audit"'), encoding="utf-8"
            ),
            "audit-c.json: the id must be 'audit-c'",
        ),
    ],
)
def test_a_bad_shipped_file_stops_with_a_reason_and_saves_nothing(tmp_path, monkeypatch, spoil, reason):
    data = tmp_path / "data"
    shutil.copytree(instruments.DATA, data)
    spoil(data / "audit-c.json")
    monkeypatch.setattr(instruments, "DATA", data)
    with pytest.raises(CommandError) as caught:
        load()
    assert reason in str(caught.value) and "\n" not in str(caught.value)
    assert Questionnaire.objects.count() == 0  # epds came first and was rolled back
    assert AuditEntry.objects.count() == 0


def test_the_demo_loads_the_shipped_questionnaires():
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "questionnaires: 5 new, 0 updated, 0 unchanged" in out.getvalue()
    assert sorted(Questionnaire.objects.values_list("identifier", flat=True)) == sorted(instruments.SHIPPED)
