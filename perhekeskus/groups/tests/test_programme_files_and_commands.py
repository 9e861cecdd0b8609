"""The shipped templates as files: `load_programmes` (idempotent by slug, all or nothing)
and `export_programme` (the same JSON back: a round trip)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from perhekeskus.activities.models import Participation
from perhekeskus.core.models import AuditEntry
from perhekeskus.groups.management.commands.load_programmes import shipped_files
from perhekeskus.groups.models import CapacityUnit, Programme, ProgrammeSession
from perhekeskus.groups.programme_serializers import schema_errors

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_shipped_files_follow_the_schema():
    files = shipped_files()
    assert len(files) >= 3
    for path in files:
        assert schema_errors(json.loads(path.read_text(encoding="utf-8"))) == {}, path.name


def test_shipped_templates_as_the_report_describes_them(network):
    run("load_programmes")
    training = Programme.objects.get(slug="perhevalmennus-espoo")
    codes = list(training.sessions.values_list("code", flat=True))
    assert codes == ["E1", "E2", "E3", "E4", "E5", "J1", "J2", "J3", "J4", "J5"]
    assert (training.capacity, training.capacity_unit, training.minimum) == (12, CapacityUnit.COUPLES, 6)
    led = [s.led_by_en for s in training.sessions.all()]
    assert "the parish's family counsellor" in led and "a male facilitator (the fathers' worker)" in led
    assert "7.1" in training.description_en
    eka = Programme.objects.get(slug="ekavauva")
    assert (eka.participation, eka.capacity, eka.sessions.count()) == (Participation.TARGETED, 10, 15)
    assert eka.sessions.filter(topic_en__startswith="Family evening").count() == 3
    fathers = Programme.objects.get(slug="isaryhma")
    assert fathers.participation == Participation.OPEN and "volunteer" in fathers.description_en
    for programme in Programme.objects.all():
        assert programme.name_sv and programme.name_en
        assert (
            not programme.sessions.filter(topic_sv="").exists() and not programme.sessions.filter(topic_en="").exists()
        )


def test_loading_again_updates_and_never_duplicates(network):
    first = run("load_programmes")
    assert first.count("created") == len(shipped_files())
    Programme.objects.filter(slug="isaryhma").update(name_fi="Muokattu", capacity=3, minimum=2)
    ProgrammeSession.objects.filter(programme__slug="isaryhma", number=8).delete()

    second = run("load_programmes")

    assert "created" not in second and second.count("updated") == len(shipped_files())
    assert Programme.objects.count() == len(shipped_files())
    fathers = Programme.objects.get(slug="isaryhma")
    assert (fathers.name_fi, fathers.capacity, fathers.sessions.count()) == ("Isäryhmä", 10, 8)


def test_export_is_a_round_trip(network, tmp_path):
    run("load_programmes")
    exported = run("export_programme", "perhevalmennus-espoo")
    shipped = json.loads(
        Path(shipped_files()[[p.stem for p in shipped_files()].index("perhevalmennus-espoo")]).read_text()
    )
    assert json.loads(exported) == shipped

    changed = json.loads(exported) | {"slug": "perhevalmennus-salo", "organisation": "salo-parish"}
    path = tmp_path / "salo.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    run("load_programmes", str(path))
    again = json.loads(run("export_programme", "perhevalmennus-salo"))
    assert again == changed


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('{"slug": "x", "kind": "baby_group", "name": {"fi": "X"}, "sessions": []}', "sessions"),
        (
            '{"slug": "x", "kind": "nonsense", "name": {"fi": "X"}, "sessions": [{"number": 1, "offset_days": 0, "topic": {"fi": "A"}}]}',
            "kind",
        ),
        (
            '{"slug": "x", "kind": "other", "name": {"fi": "X"}, "capacity": 4, "minimum": 5, "sessions": [{"number": 1, "offset_days": 0, "topic": {"fi": "A"}}]}',
            "minimum",
        ),
        (
            '{"slug": "x", "kind": "other", "name": {"fi": "X"}, "organisation": "nowhere", "sessions": [{"number": 1, "offset_days": 0, "topic": {"fi": "A"}}]}',
            "organisation",
        ),
    ],
    ids=["json", "no-sessions", "kind", "minimum", "organisation"],
)
def test_a_bad_file_stops_the_load_and_saves_nothing(network, tmp_path, content, reason):
    good = shipped_files()[0]
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("load_programmes", str(good), str(bad))
    message = str(caught.value)
    assert "bad.json" in message and reason in message and "\n" not in message
    assert not Programme.objects.exists()


def test_exporting_an_unknown_slug_fails(network):
    with pytest.raises(CommandError, match="no programme template"):
        run("export_programme", "nothing-here")


def test_loading_unchanged_files_writes_and_audits_nothing(network):
    run("load_programmes")
    audit = AuditEntry.objects.count()
    stamps = sorted(Programme.objects.values_list("slug", "updated_at"))
    run("load_programmes")
    assert AuditEntry.objects.count() == audit
    assert sorted(Programme.objects.values_list("slug", "updated_at")) == stamps
