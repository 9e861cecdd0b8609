"""Migration `groups.0003`: every answer of the groups' own feedback form becomes a sent
response of `group-feedback`, filed with its group, in its language and on its day, with
nothing that links it to a key or a family; then the old table goes. With no answers to
move nothing is created; the questionnaire is created from the shipped file when it is
missing. Run for real: the database is taken back to `groups.0002`, rows are made with
the historical model, and the migration runs forward.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from perhekeskus.groups import feedback
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.network.seed import seed_lookups
from perhekeskus.questionnaires.models import Purpose, Questionnaire, QuestionnaireStatus, Response, ResponseStatus

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = ("groups", "0002_programmes_invitations_interest_records")
MOVE = ("groups", "0003_feedback_to_questionnaires")
OLD_TABLE = "groups_feedbackresponse"


def migrate(target: tuple[str, str] | None = None):
    """Migrate to `target` (None: every app to its latest) and return the state's apps."""
    executor = MigrationExecutor(connection)
    targets = [target] if target else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def back_before_the_move():
    """Groups at 0002 for the test, every app at its latest again afterwards."""
    apps = migrate(BEFORE)
    yield apps
    migrate()


def old_answer(apps, group, day: date, **values):
    model = apps.get_model("groups", "FeedbackResponse")
    row = model.objects.create(group_id=group.pk, **values)
    model.objects.filter(pk=row.pk).update(created_at=day)  # auto_now_add on create


@pytest.fixture
def groups(calendar):
    seed_lookups()
    return [make_group(calendar["orgs"]["city"], calendar["park"]) for _ in range(2)]


def test_old_answers_become_sent_responses_filed_with_their_group(groups, back_before_the_move):
    apps = back_before_the_move
    first, second = groups
    assert OLD_TABLE in connection.introspection.table_names()
    old_answer(
        apps,
        first,
        date(2027, 1, 29),
        overall=4,
        useful=5,
        would_recommend=True,
        liked=" Vertaistuki ",
        improve="",
        language="sv",
    )
    old_answer(apps, first, date(2027, 1, 30), overall=2, atmosphere=3, would_recommend=False, improve="Iltaisin")
    old_answer(apps, second, date(2027, 2, 2), overall=5, language="en")
    assert not Questionnaire.objects.filter(identifier="group-feedback").exists()

    migrate(MOVE)

    assert OLD_TABLE not in connection.introspection.table_names()
    form = Questionnaire.objects.get(identifier="group-feedback")
    assert (form.purpose, form.status, form.title_en) == (
        Purpose.FEEDBACK,
        QuestionnaireStatus.ACTIVE,
        "Feedback on the group",
    )
    moved = list(Response.objects.order_by("submitted_at"))
    assert [(r.context, r.language, r.answers) for r in moved] == [
        (
            f"group:{first.uuid}",
            "sv",
            {"overall": ["4"], "useful": ["5"], "recommend": ["yes"], "good": ["Vertaistuki"]},
        ),
        (
            f"group:{first.uuid}",
            "fi",
            {"overall": ["2"], "atmosphere": ["3"], "recommend": ["no"], "better": ["Iltaisin"]},
        ),
        (f"group:{second.uuid}", "en", {"overall": ["5"]}),
    ]
    assert [r.submitted_at.date() for r in moved] == [date(2027, 1, 29), date(2027, 1, 30), date(2027, 2, 2)]
    assert all(r.created_at.date() == r.submitted_at.date() for r in moved)
    assert {(r.status, r.respondent_key, r.secret_hash, r.created_by_id) for r in moved} == {
        (ResponseStatus.COMPLETED, "", "", None)
    }
    # Counted with the group's other answers.
    assert feedback.feedback_summary(first)["responses"] == 2
    assert feedback.feedback_summary(second)["responses"] == 1


def test_an_existing_questionnaire_takes_the_answers(groups, back_before_the_move):
    loaded = feedback.questionnaire()
    old_answer(back_before_the_move, groups[0], date(2027, 1, 29), overall=3)

    migrate(MOVE)

    assert Questionnaire.objects.filter(identifier="group-feedback").count() == 1
    assert Response.objects.get().questionnaire_id == loaded.pk


def test_with_no_old_answers_nothing_is_created(groups, back_before_the_move):
    migrate(MOVE)

    assert OLD_TABLE not in connection.introspection.table_names()
    assert not Questionnaire.objects.exists() and not Response.objects.exists()
