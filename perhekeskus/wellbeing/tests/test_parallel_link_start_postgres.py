"""Two nurses' clicks (a double click, two tabs) make the same parent's links at the same
moment: on PostgreSQL the response's unique respondent key makes exactly one start
succeed; the other is refused with the "made already" error and leaves nothing behind."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from perhekeskus.questionnaires.models import Response
from perhekeskus.wellbeing import services
from perhekeskus.wellbeing.models import Family, Form, Parent

from .conftest import make_family

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs DATABASE_URL on PostgreSQL"),
]
ROUNDS = 5


def start_together(family: Family, mother: Parent) -> list[str]:
    """Two threads, each on its own database connection, start the same forms at once."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def start() -> None:
        try:
            barrier.wait()
            with translation.override("en"):
                services.forms_start(actor=None, family=family, parent=mother, point="pregnancy")
            outcomes.append("made")
        except ValidationError as exc:
            with translation.override("en"):
                outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_one_of_two_parallel_starts_wins(clinic):
    for n in range(ROUNDS):
        family = make_family(clinic, label=f"Rinnakkain {n}", due=timezone.localdate() + timedelta(days=30))
        mother = family.parents.get(position=1)
        refused, made = start_together(family, mother)
        assert made == "made" and "made already" in refused, (refused, made)
        assert Form.objects.filter(parent=mother).count() == 2  # EPDS and AUDIT-C, once each
        assert Response.objects.filter(respondent_key=services.respondent_key(mother, "pregnancy")).count() == 2
