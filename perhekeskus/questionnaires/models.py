"""One questionnaire engine for parents' forms, group feedback and surveys.

A questionnaire is kept as the FHIR R4 `Questionnaire` it was imported as (`definition`),
so that exporting it gives back exactly what came in; what the engine needs (items, types,
options and their scores, enableWhen, scoring) is read from that JSON. Answers are kept
per response as {linkId: [values]} and exported as a FHIR `QuestionnaireResponse`.

Responses may be personal health data (the wellbeing clinic's parents' forms): they are
shown only to those the purpose allows, every view is audited, and they are erased after
a retention period (see `docs/privacy.md`). Survey responses are anonymous.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from perhekeskus.network.models.common import PublicModel


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ACTIVE = "active", _("in use")
    RETIRED = "retired", _("retired")


class Purpose(models.TextChoices):
    # A parent's own form at the wellbeing clinic (personal, for the nurse and the family).
    CLINICAL = "clinical", _("parent's questionnaire")
    # Feedback from a group's families (anonymous).
    FEEDBACK = "feedback", _("feedback")
    # A survey by link or an imported evaluation (anonymous or one per project).
    SURVEY = "survey", _("survey")


class Questionnaire(PublicModel):
    # The FHIR `id`: stable, used by commands and URLs (e.g. "perhe-2007", "epds").
    identifier = models.SlugField(max_length=64, unique=True)
    url = models.CharField(max_length=300, blank=True)
    version = models.CharField(max_length=40, blank=True)
    title_fi = models.CharField(_("title (Finnish)"), max_length=300)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.ACTIVE)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.SURVEY)
    # Empty: shipped with the platform for everyone; else the organisation's own.
    organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="questionnaires"
    )
    # The FHIR R4 Questionnaire exactly as imported (exported as it is).
    definition = models.JSONField()
    # Surveys that take one response per respondent (e.g. one per project).
    one_per_respondent = models.BooleanField(default=False)

    class Meta:
        ordering = ["identifier"]

    def __str__(self) -> str:
        return self.identifier


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in-progress", _("in progress")  # saved to continue later
    COMPLETED = "completed", _("completed")


class Response(PublicModel):
    """One filling-in of a questionnaire (a FHIR QuestionnaireResponse)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    status = models.CharField(max_length=12, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS)
    language = models.CharField(max_length=2, default="fi")
    # {linkId: [value, ...]}: codes for choices, true/false, numbers, text, ISO dates.
    answers = models.JSONField(default=dict, blank=True)
    # Who answered, when the survey takes one response each: a respondent id from an
    # imported file (a project) or a link's hash; never a person's name.
    respondent_key = models.CharField(max_length=120, blank=True)
    # SHA-256 of the secret in a "continue later" link; the secret is never stored.
    secret_hash = models.CharField(max_length=64, blank=True)
    # The computed score: {"total", "subscales", "level", "alerts": [linkId, ...]}.
    score = models.JSONField(default=dict, blank=True)
    alert = models.BooleanField(default=False)
    # What the response belongs to, so that its answers are counted with the others of the
    # same: "group:<uuid>" (a group's feedback), "survey:<uuid>" (a survey link),
    # "wellbeing:<uuid>" (a parent's place on the clinic schedule). Never a person.
    context = models.CharField(max_length=80, blank=True, db_index=True)
    # Where it came from: "link", "clinic", "import:<file name>".
    source = models.CharField(max_length=120, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "respondent_key"],
                condition=~models.Q(respondent_key=""),
                name="response_once_per_respondent",
            ),
        ]
        indexes = [models.Index(fields=["questionnaire", "status"], name="response_questionnaire_status")]

    def __str__(self) -> str:
        return f"{self.questionnaire} {self.get_status_display()}"


class SurveyKind(models.TextChoices):
    # Anyone with the link answers, as often as they like; nothing about them is stored.
    OPEN = "open", _("open link")
    # One response per code: the organisation hands out one-time codes (one per project).
    PERSONAL = "personal", _("one response per code")


class SurveyStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class SurveyLink(PublicModel):
    """A questionnaire asked by an organisation through a public address `/s/<token>/`.

    Its responses are filed with `context = "survey:<uuid>"` and counted from there.
    Nothing here is personal: the respondents stay anonymous (a personal link's codes are
    kept only as hashes, and a response tells which code started it by that hash only).
    """

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="survey_links")
    organisation = models.ForeignKey("network.Organisation", on_delete=models.PROTECT, related_name="survey_links")
    # The public address: random by default, or a readable one the organisation chose.
    token = models.SlugField(max_length=40, unique=True)
    # Empty: the questionnaire's own title.
    title_fi = models.CharField(_("title (Finnish)"), max_length=300, blank=True)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    # Why the organisation asks: shown on the start page before anyone answers.
    intro_fi = models.TextField(_("why we ask (Finnish)"), blank=True)
    intro_sv = models.TextField(_("why we ask (Swedish)"), blank=True)
    intro_en = models.TextField(_("why we ask (English)"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes it takes"), null=True, blank=True)
    kind = models.CharField(max_length=10, choices=SurveyKind.choices, default=SurveyKind.OPEN)
    # Answers are taken from `opens_on` to `closes_on`, both days included (Helsinki days).
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    # The counts at `/s/<token>/results/` for anyone (small counts hidden).
    results_public = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.token

    @property
    def context(self) -> str:
        return f"survey:{self.uuid}"


class SurveyCode(models.Model):
    """A one-time code of a personal survey link: only its SHA-256 is kept, so the
    printed slips are the only copy of the codes."""

    link = models.ForeignKey(SurveyLink, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.link} code"
