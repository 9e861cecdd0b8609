"""The demo's surveys, loaded by `load_demo` after the shipped questionnaires.

- The City of Espoo asks its families "where do you get help" through an open link at
  `/s/espoo-apua/`, with public results; 32 made-up families have answered, so both the
  organisation's results and the public ones (small counts hidden) show something.
- MLL Matinkylä asks its family café's feedback once per code at `/s/mll-kahvila/`;
  nobody has answered yet, and codes are made on the survey's page.

The links are made by the demo editors through the survey service, and the answers go
through the fill service like a respondent's. A link is found again by its address, so a
second load makes nothing new.
"""

from __future__ import annotations

import random
from typing import Any

from perhekeskus.accounts.models import User
from perhekeskus.network.models import Organisation
from perhekeskus.questionnaires import definition, filling, survey_links
from perhekeskus.questionnaires.models import Questionnaire, SurveyKind, SurveyLink

SOURCE = "load_demo"
ANSWERS = 32
LANGUAGES = ("fi", "fi", "fi", "sv", "en")  # most answer in Finnish, as in Espoo

SURVEYS: tuple[dict[str, Any], ...] = (
    {
        "token": "espoo-apua",
        "editor": "editor.espoo@example.fi",
        "organisation": "espoon-kaupunki",
        "questionnaire": "help-survey",
        "kind": SurveyKind.OPEN,
        "results_public": True,
        "minutes": 5,
        "title_fi": "Mistä espoolaiset perheet saavat apua?",
        "title_sv": "Var får familjer i Esbo hjälp?",
        "title_en": "Where do families in Espoo get help?",
        "intro_fi": "Suunnittelemme perhekeskuksen palveluja. Kerro, mistä olet saanut apua ja mitä olet kaivannut.",
        "intro_sv": "Vi planerar familjecentralens tjänster. Berätta var du har fått hjälp och vad du har saknat.",
        "intro_en": "We are planning the family centre's services. Tell us where you have got help and what you missed.",
    },
    {
        "token": "mll-kahvila",
        "editor": "editor.mll@example.fi",
        "organisation": "mll-matinkyla",
        "questionnaire": "cafe-feedback",
        "kind": SurveyKind.PERSONAL,
        "results_public": False,
        "minutes": 3,
    },
)


def _answers(defn: definition.Definition, rnd: random.Random) -> dict[str, list[Any]]:
    """A made-up family's answers: some options of each question, now and then a text."""
    answers: dict[str, list[Any]] = {}
    for item in defn.questions:
        if item.type == "boolean":
            answers[item.link_id] = [rnd.random() < 0.4]
        elif item.options and item.repeats:
            answers[item.link_id] = [o.code for o in rnd.sample(item.options, rnd.randint(1, 3))]
        elif item.options:
            # Lean towards the middle and upper options, as real answers do.
            answers[item.link_id] = [rnd.choices(item.options, weights=range(1, len(item.options) + 1))[0].code]
        elif item.type == "text" and rnd.random() < 0.25:
            answers[item.link_id] = [rnd.choice(["Iltaisin ei ole mitään.", "Vertaistukea isille.", "Kotiapua."])]
    return answers


def load(tally: Any) -> None:
    rnd = random.Random(2008)
    for spec in SURVEYS:
        if SurveyLink.objects.filter(token=spec["token"]).exists():
            tally.unchanged += 1
            continue
        editor = User.objects.get(email=spec["editor"])
        data = {k: v for k, v in spec.items() if k not in ("editor",)}
        data["organisation"] = Organisation.objects.get(slug=spec["organisation"])
        data["questionnaire"] = Questionnaire.objects.get(identifier=spec["questionnaire"])
        link = survey_links.survey_link_create(actor=editor, data=data, source=SOURCE)
        tally.created += 1
        if spec["kind"] != SurveyKind.OPEN:
            continue
        defn = definition.parse(link.questionnaire.definition)
        for _ in range(ANSWERS):
            response, _secret = survey_links.survey_start(link, language=rnd.choice(LANGUAGES))
            filling.response_save(response, _answers(defn, rnd), complete=True, source=SOURCE)
