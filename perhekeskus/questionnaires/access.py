"""Who may see and change questionnaires and surveys. Every page and API view asks here.

- Survey links: the editors and coordinators of the owning organisation, the area's
  coordinators (the organisations of their area and below) and platform admins —
  `network.access.can_edit_organisation`. Professionals and volunteers make no surveys.
- Questionnaires: an organisation's own are kept (imported, replaced) by those who edit
  that organisation; the ones shipped for everyone by coordinators and admins.
- Reading definitions: the active survey and feedback questionnaires are public (anyone
  with a survey link reads the questions anyway); parents' forms (clinical) only for the
  network's signed-in people, because a municipality may load licensed wording into them;
  drafts and retired ones only for those who keep them.
- Counts of answers to parents' forms: platform admins only. Other counts: every count
  for the owning organisation's members, those who edit
  it (its area's coordinators) and admins (for a shipped questionnaire, whose answers come from the whole
  network: admins only); anyone else gets the counts with small ones hidden.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from perhekeskus.accounts.models import Membership
from perhekeskus.network import access as network_access
from perhekeskus.network.models import Organisation
from perhekeskus.questionnaires.models import Purpose, Questionnaire, QuestionnaireStatus, SurveyLink

# The purposes a survey link may ask (a parent's clinical form goes through the clinic).
SURVEY_PURPOSES = (Purpose.SURVEY, Purpose.FEEDBACK)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def survey_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations on whose behalf `user` may make surveys."""
    if not _signed_in(user):
        return Organisation.objects.none()
    ids = network_access.editable_organisation_ids(user)
    if ids is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=ids)


def can_make_surveys(user: Any) -> bool:
    return _signed_in(user) and survey_organisations(user).exists()


def can_make_survey_for(user: Any, organisation: Organisation | None) -> bool:
    return network_access.can_edit_organisation(user, organisation)


def can_manage_survey(user: Any, link: SurveyLink) -> bool:
    return network_access.can_edit_organisation(user, link.organisation)


def managed_surveys(user: Any) -> QuerySet[SurveyLink]:
    links = SurveyLink.objects.select_related("questionnaire", "organisation")
    if not _signed_in(user):
        return links.none()
    ids = network_access.editable_organisation_ids(user)
    return links if ids is None else links.filter(organisation_id__in=ids)


def survey_questionnaires(organisation: Organisation | None) -> QuerySet[Questionnaire]:
    """What a survey link of `organisation` may ask: active survey and feedback
    questionnaires, shipped for everyone or the organisation's own."""
    owners = Q(organisation__isnull=True)
    if organisation is not None:
        owners |= Q(organisation=organisation)
    return Questionnaire.objects.filter(owners, status=QuestionnaireStatus.ACTIVE, purpose__in=SURVEY_PURPOSES)


def can_keep_questionnaire(user: Any, organisation: Organisation | None) -> bool:
    """Import or replace a questionnaire owned by `organisation` (None: shipped for all)."""
    if organisation is None:
        return network_access.can_manage_taxonomy(user)
    return network_access.can_edit_organisation(user, organisation)


def can_import_questionnaires(user: Any) -> bool:
    return network_access.can_manage_taxonomy(user) or can_make_surveys(user)


def can_view_questionnaire(user: Any, questionnaire: Questionnaire) -> bool:
    if questionnaire.status != QuestionnaireStatus.ACTIVE:
        return can_keep_questionnaire(user, questionnaire.organisation)
    if questionnaire.purpose == Purpose.CLINICAL:
        return network_access.is_network_member(user)
    return True


def visible_questionnaires(user: Any) -> QuerySet[Questionnaire]:
    """The active questionnaires `user` may read (the API's list)."""
    active = Questionnaire.objects.filter(status=QuestionnaireStatus.ACTIVE).select_related("organisation")
    if network_access.is_network_member(user):
        return active
    return active.exclude(purpose=Purpose.CLINICAL)


def can_see_counts(user: Any, questionnaire: Questionnaire) -> bool:
    """Counts of a parent's form (clinical) are the platform admins' only: even added up,
    the answers are health data the parents gave their own nurse, and a small clinic's
    counts of an alert item come close to naming someone."""
    if questionnaire.purpose == Purpose.CLINICAL:
        return network_access.is_platform_admin(user)
    return True


def sees_every_count(user: Any, questionnaire: Questionnaire) -> bool:
    """Full counts (small ones too) of a questionnaire's answers; else `public_summary`."""
    if not _signed_in(user):
        return False
    if network_access.is_platform_admin(user):
        return True
    owner = questionnaire.organisation
    if owner is None:
        return False
    if Membership.objects.filter(user=user, organisation=owner).exists():
        return True
    return network_access.can_edit_organisation(user, owner)


def sees_survey_results(user: Any, link: SurveyLink) -> bool:
    """Every count of one survey link's answers: those who manage the link."""
    return can_manage_survey(user, link)
