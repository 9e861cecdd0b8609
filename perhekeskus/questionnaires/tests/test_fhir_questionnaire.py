"""A Questionnaire with every supported item type: it reads here and in an independent FHIR library.

`rich()` is the sample the import, export and response tests share.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire

from perhekeskus.questionnaires import definition

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
SYSTEM = "urn:perhekeskus:test:wellbeing"


def tr(sv: str, en: str) -> dict[str, Any]:
    """The `_text`/`_display` element with Swedish and English translations."""
    return {
        "extension": [
            {
                "url": TRANSLATION,
                "extension": [{"url": "lang", "valueCode": lang}, {"url": "content", "valueString": t}],
            }
            for lang, t in (("sv", sv), ("en", en))
        ]
    }


def scored(code: str, fi: str, sv: str, en: str, score: int) -> dict[str, Any]:
    return {
        "valueCoding": {"system": SYSTEM, "code": code, "display": fi, "_display": tr(sv, en)},
        "extension": [{"url": ORDINAL, "valueDecimal": score}],
    }


def rich() -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": "rich-test",
        "url": "urn:perhekeskus:questionnaire:rich-test",
        "version": "1.0",
        "language": "fi",
        "title": "Vanhemman kysely",
        "_title": tr("Förälderns enkät", "Parent's questionnaire"),
        "status": "active",
        "item": [
            {"linkId": "intro", "type": "display", "text": "Tervetuloa", "_text": tr("Välkommen", "Welcome")},
            {
                "linkId": "mood",
                "type": "group",
                "text": "Mieliala",
                "_text": tr("Humör", "Mood"),
                "item": [
                    {
                        "linkId": "mood.laugh",
                        "type": "choice",
                        "text": "Olen pystynyt nauramaan",
                        "_text": tr("Jag har kunnat skratta", "I have been able to laugh"),
                        "required": True,
                        "answerOption": [
                            scored("often", "Usein", "Ofta", "Often", 0),
                            scored("sometimes", "Joskus", "Ibland", "Sometimes", 1),
                            scored("never", "En koskaan", "Aldrig", "Never", 3),
                        ],
                    },
                    {
                        "linkId": "mood.more",
                        "type": "group",
                        "text": "Lisää",
                        "_text": tr("Mera", "More"),
                        "enableWhen": [
                            {
                                "question": "mood.laugh",
                                "operator": "=",
                                "answerCoding": {"system": SYSTEM, "code": "never"},
                            },
                            {"question": "mood.sleep", "operator": "<", "answerInteger": 5},
                        ],
                        "enableBehavior": "any",
                        "item": [
                            {
                                "linkId": "mood.more.note",
                                "type": "text",
                                "text": "Kerro lisää",
                                "_text": tr("Berätta mera", "Tell us more"),
                            }
                        ],
                    },
                    {
                        "linkId": "mood.sleep",
                        "type": "integer",
                        "text": "Unta tunteina",
                        "_text": tr("Sömn i timmar", "Hours of sleep"),
                    },
                ],
            },
            {
                "linkId": "family",
                "type": "group",
                "text": "Perhe",
                "_text": tr("Familj", "Family"),
                "item": [
                    {
                        "linkId": "family.partner",
                        "type": "boolean",
                        "text": "Puoliso",
                        "_text": tr("Partner", "Partner"),
                    },
                    {
                        "linkId": "family.support",
                        "type": "choice",
                        "repeats": True,
                        "text": "Keneltä saat tukea?",
                        "_text": tr("Vem får du stöd av?", "Who supports you?"),
                        "answerOption": [
                            {
                                "valueCoding": {
                                    "code": "partner",
                                    "display": "Puoliso",
                                    "_display": tr("Partner", "Partner"),
                                }
                            },
                            {
                                "valueCoding": {
                                    "code": "friends",
                                    "display": "Ystävät",
                                    "_display": tr("Vänner", "Friends"),
                                }
                            },
                            {
                                "valueCoding": {
                                    "code": "none",
                                    "display": "Ei keneltäkään",
                                    "_display": tr("Ingen", "No one"),
                                }
                            },
                        ],
                    },
                    {
                        "linkId": "family.help",
                        "type": "open-choice",
                        "text": "Mistä saat apua?",
                        "_text": tr("Var får du hjälp?", "Where do you get help?"),
                        "answerOption": [
                            {
                                "valueCoding": {
                                    "code": "clinic",
                                    "display": "Neuvola",
                                    "_display": tr("Rådgivning", "Clinic"),
                                }
                            },
                            {"valueString": "Seurakunta"},
                        ],
                    },
                    {
                        "linkId": "family.weight",
                        "type": "decimal",
                        "text": "Vauvan paino (kg)",
                        "_text": tr("Babyns vikt (kg)", "Baby's weight (kg)"),
                    },
                    {"linkId": "family.name", "type": "string", "text": "Vauvan kutsumanimi"},
                    {
                        "linkId": "family.born",
                        "type": "date",
                        "text": "Syntymäpäivä",
                        "_text": tr("Födelsedag", "Birthday"),
                        "enableWhen": [{"question": "family.partner", "operator": "exists", "answerBoolean": True}],
                    },
                ],
            },
        ],
    }


def test_the_rich_sample_uses_every_supported_item_type_and_reads_whole():
    defn = definition.parse(rich())
    assert {i.type for i in defn.items} == set(definition.ITEM_TYPES)
    laugh = defn.item("mood.laugh")
    assert [o.score for o in laugh.options] == [0.0, 1.0, 3.0]
    assert laugh.text == {
        "fi": "Olen pystynyt nauramaan",
        "sv": "Jag har kunnat skratta",
        "en": "I have been able to laugh",
    }
    assert defn.item("mood.more").enable_behavior == "any" and defn.item("mood.more.note").parent == "mood.more"
    assert defn.item("family.support").repeats


def test_the_rich_sample_is_a_valid_fhir_questionnaire():
    parsed = FhirQuestionnaire.model_validate(rich())
    assert parsed.id == "rich-test" and [i.linkId for i in parsed.item] == ["intro", "mood", "family"]
