"""`manage.py create_organisation`: the first step of a new installation."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from perhekeskus.core.models import AuditAction, AuditEntry
from perhekeskus.network.models import Organisation, OrganisationKind


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("create_organisation", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("kind", OrganisationKind.values)
def test_every_kind_is_accepted_as_a_lowercase_word(db, kind):
    output = run(f"org-{kind.replace('_', '-')}", "--name", f"Toimija {kind}", "--kind", kind)

    org = Organisation.objects.get(slug=f"org-{kind.replace('_', '-')}")
    assert org.kind == kind
    assert "created" in output
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(org.uuid), source="command").exists()


def test_parent_area_and_sector_are_set(network):
    run("matinkyla-olari-mll", "--name", "MLL:n Matinkylän yhdistys", "--kind", "ngo", "--parent", "mll-espoo")
    run("olarin-seurakunta", "--name", "Olarin seurakunta", "--kind", "parish", "--area", "matinkyla")
    run("espoon-neuvolat", "--name", "Neuvolat", "--kind", "county", "--sector", "health", "--parent", "espoo")

    assert Organisation.objects.get(slug="matinkyla-olari-mll").parent.slug == "mll-espoo"
    assert Organisation.objects.get(slug="olarin-seurakunta").area.slug == "matinkyla"
    assert Organisation.objects.get(slug="espoon-neuvolat").sector == "health"


def test_existing_organisation_is_left_as_it_is(network):
    before = Organisation.objects.get(slug="mll-espoo")
    audit_before = AuditEntry.objects.count()

    output = run("mll-espoo", "--name", "Another name", "--kind", "parish")

    after = Organisation.objects.get(slug="mll-espoo")
    assert "exists, left unchanged" in output
    assert (after.name_fi, after.kind, after.updated_at) == (before.name_fi, before.kind, before.updated_at)
    assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["new-org", "--name", "X", "--kind", "NGO"], "unknown kind 'NGO'"),
        (["new-org", "--name", "X", "--kind", "club"], "unknown kind 'club'"),
        (["New Org", "--name", "X", "--kind", "ngo"], "invalid slug"),
        (["New-Org", "--name", "X", "--kind", "ngo"], "invalid slug"),
        (["new-org", "--name", "X", "--kind", "ngo", "--parent", "nobody"], "unknown parent organisation 'nobody'"),
        (["new-org", "--name", "X", "--kind", "ngo", "--area", "atlantis"], "unknown area 'atlantis'"),
        (["new-org", "--name", "X", "--kind", "ngo", "--sector", "military"], "unknown sector 'military'"),
        (["new-org", "--name", "  ", "--kind", "ngo"], "--name must not be empty"),
    ],
)
def test_bad_input_exits_non_zero_and_saves_nothing(network, args, reason):
    orgs, audit = Organisation.objects.count(), AuditEntry.objects.count()

    with pytest.raises(CommandError, match=reason) as excinfo:
        run(*args)

    assert "\n" not in str(excinfo.value)
    assert Organisation.objects.count() == orgs
    assert AuditEntry.objects.count() == audit


def test_bad_kind_from_the_shell_exits_non_zero_with_one_line():
    # The kind is checked before any database access, so this runs without a database.
    result = subprocess.run(
        [sys.executable, "manage.py", "create_organisation", "new-org", "--name", "X", "--kind", "club"],
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "CommandError: unknown kind 'club'; use one of: " + ", ".join(OrganisationKind.values)
    ]
