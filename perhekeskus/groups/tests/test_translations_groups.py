"""The group sign-up pages and the messages to families are in Finnish and Swedish.

As for the calendar's pages (`activities/tests/test_translations_complete.py`), each page
is rendered in English first: every interface string of the catalogue found there must be
gone from the Finnish and Swedish page (unless its translation is the same word). The
messages are plain text, so there a catalogue string is looked for inside the lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from perhekeskus.activities.tests.conftest import helsinki
from perhekeskus.activities.tests.test_translations_complete import (
    PLACEHOLDER,
    TRANSLATED,
    catalogue,
    texts,
    ui_strings,
)
from perhekeskus.groups import services
from perhekeskus.groups.models import Group, Signup
from perhekeskus.groups.tests.conftest import make_group
from perhekeskus.messaging import compose
from perhekeskus.messaging import services as messaging
from perhekeskus.messaging.models import PLAIN_KINDS, MessageKind, OutgoingMessage

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)  # the groups' sessions are on 12, 19 and 26 January 2027


def translations(lang: str) -> dict[str, str]:
    """English → translation, the plural forms too ("… 48 hours …" is a page's text)."""
    found = {}
    for e in catalogue(lang):
        if e.msgctxt is None:
            found[e.msgid] = e.msgstr.get(0, "")
            if e.msgid_plural is not None:
                found[e.msgid_plural] = e.msgstr.get(1, "")
    return found


def finnish_instead(lang: str, shown: set[str], found: Callable[[str], bool]) -> set[str]:
    """The strings shown in Finnish on a `lang` page or message.

    Django falls back on the default language's catalogue: a Swedish string missing
    from the catalogue shows in Finnish, not in English.
    """
    if lang == settings.LANGUAGE_CODE:
        return set()
    default, own = translations(settings.LANGUAGE_CODE), translations(lang)
    return {m for m in shown if default.get(m) and default[m] != own.get(m) and found(default[m])}


# --- The pages -------------------------------------------------------------------------

Page = Callable[[Any, dict[str, Any], str], str]


def get(client: Any, url: str, lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url, follow=True)
    assert response.status_code in (200, 400, 409), (url, response.status_code)
    return str(response.content.decode())


def post(client: Any, url: str, data: dict[str, str], lang: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.post(url, data, follow=True)
    assert response.status_code in (200, 400), (url, response.status_code)
    return str(response.content.decode())


def new_group(env: dict[str, Any], **data: Any) -> Group:
    return make_group(env["orgs"]["city"], env["park"], **data)


def sign(group: Group, n: int) -> tuple[Signup, str]:
    return services.signup_create(group=group, data={"name": f"Perhe {n}", "email": f"p{n}@example.fi"})


def signup_url(group: Group) -> str:
    return reverse("group-signup", args=[group.uuid])


def manage_url(signup: Signup, secret: str) -> str:
    return reverse("signup-manage", args=[signup.uuid, secret])


def signup_page(client: Any, env: dict[str, Any], lang: str) -> str:
    return get(client, signup_url(new_group(env)), lang)


def signup_with_errors(client: Any, env: dict[str, Any], lang: str) -> str:
    bad = {"name": "", "email": "not an address", "language": "fi", "adults": "1", "child_year_1": "1990"}
    return post(client, signup_url(new_group(env)), bad, lang)


def signup_full(client: Any, env: dict[str, Any], lang: str) -> str:
    group = new_group(env, capacity=1, waiting_list_capacity=0, minimum=0)
    sign(group, 1)
    return get(client, signup_url(group), lang)


def signup_not_yet_open(client: Any, env: dict[str, Any], lang: str) -> str:
    return get(client, signup_url(new_group(env, enrolment_opens=NOW + timedelta(days=7))), lang)


def signup_postponed(client: Any, env: dict[str, Any], lang: str) -> str:
    group = services.group_update_status(actor=None, group=new_group(env), status="postponed")
    return get(client, signup_url(group), lang)


def activity_signup_box(client: Any, env: dict[str, Any], lang: str) -> str:
    group = new_group(env)
    return get(client, reverse("activity-detail", args=[group.activity.uuid]), lang)


def manage_just_signed_up(client: Any, env: dict[str, Any], lang: str) -> str:
    # The page the form sends the family to, with the thanks and their own link.
    form = {"name": "Perhe 1", "email": "p1@example.fi", "language": lang, "adults": "2", "child_year_1": "2025"}
    return post(client, signup_url(new_group(env)), form, lang)


def manage_waiting(client: Any, env: dict[str, Any], lang: str) -> str:
    group = new_group(env, capacity=1, minimum=0)
    sign(group, 1)
    return get(client, manage_url(*sign(group, 2)), lang)


def manage_offered(client: Any, env: dict[str, Any], lang: str) -> str:
    group = new_group(env, capacity=1, minimum=0)
    first, _secret = sign(group, 1)
    second = sign(group, 2)
    services.signup_cancel(signup=first)
    return get(client, manage_url(*second), lang)


def manage_after_cancelling(client: Any, env: dict[str, Any], lang: str) -> str:
    url = manage_url(*sign(new_group(env), 1))
    return post(client, url, {"action": "cancel"}, lang)


PAGES: dict[str, Page] = {
    "sign-up page": signup_page,
    "sign-up page with errors": signup_with_errors,
    "full group": signup_full,
    "sign-up not open yet": signup_not_yet_open,
    "postponed group": signup_postponed,
    "activity page's sign-up box": activity_signup_box,
    "own page just after signing up": manage_just_signed_up,
    "own page on the waiting list": manage_waiting,
    "own page with a place offered": manage_offered,
    "own page after cancelling": manage_after_cancelling,
}
# English strings each page must show in English and must not show in Finnish or Swedish.
KEY_STRINGS = {
    "sign-up page": [
        "Sessions",
        "Places left",
        "Waiting list",
        "Your name",
        "Language of our messages",
        "Children's birth years",
        "optional",
        "How your details are used",
        "Times are Finnish time.",
    ],
    "sign-up page with errors": [
        "You have not been signed up yet",
        "Nothing was saved. Check these and send the form again:",
        "Give a birth year from %(first)s to %(last)s.",
    ],
    "full group": ["This group is full, and so is its waiting list.", "Look for other groups in the activity calendar"],
    "sign-up not open yet": ["Sign-up opens on %(day)s at %(time)s.", "Places left"],
    "postponed group": ["This group does not take sign-ups at the moment.", "Status: %(status)s."],
    "activity page's sign-up box": ["Sign up for the group", "Places left", "Sessions"],
    "own page just after signing up": [
        "Thank you for signing up!",
        "A confirmation has been sent to %(email)s.",
        "You have a place in the group.",
        "Cancel my sign-up",
        "Your details",
    ],
    "own page on the waiting list": [
        "You are number %(n)s on the waiting list.",
        "If a place is freed, it is offered to you by e-mail, and you have %(hours)s hours to accept it.",
    ],
    "own page with a place offered": ["A place has been freed for you.", "Accept the place"],
    "own page after cancelling": [
        "Your sign-up has been cancelled. You do not need to do anything else.",
        "Your sign-up has been cancelled.",
        "Sign up again",
    ],
}
# A translated text each page must show, so a page that failed to render in the language
# is not taken for a translated one.
EXPECTED = {
    "fi": {"sign-up page": "Tapaamiset", "own page just after signing up": "Kiitos ilmoittautumisesta!"},
    "sv": {"sign-up page": "Träffar", "own page just after signing up": "Tack för din anmälan!"},
}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize("page", list(PAGES))
def test_the_group_page_shows_no_english_interface_text(client, calendar, page, lang):
    messages = translations(lang)
    english_html = PAGES[page](client, calendar, "en")
    assert '<html lang="en">' in english_html
    shown = ui_strings(texts(english_html), messages)
    # The check is not empty: the English page shows the key strings and many more.
    assert set(KEY_STRINGS[page]) <= shown
    assert len(shown) >= 6
    translated_html = PAGES[page](client, calendar, lang)
    assert f'<html lang="{lang}">' in translated_html
    translated = texts(translated_html)
    untranslated = {msgid for msgid in ui_strings(translated, messages) if messages[msgid] != msgid}
    assert untranslated == set()
    finnish = finnish_instead(lang, shown, lambda text: bool(ui_strings(translated, {text: ""})))
    assert finnish == set()
    assert not {k for k in KEY_STRINGS[page] if "%(" not in k} & translated
    if page in EXPECTED[lang]:
        assert EXPECTED[lang][page] in translated


# --- The messages to families ----------------------------------------------------------


def in_text(msgid: str, text: str) -> bool:
    """Whether the catalogue string stands in the text as words of its own.

    A single word counts only as a line's label ("Sessions:"): inside a sentence it may
    be a word of the other language too (English "on", Finnish "on").
    """
    parts = [re.escape(part) for part in PLACEHOLDER.split(msgid)[::2]]
    if " " not in msgid and len(parts) == 1:
        return re.search(rf"^{parts[0]}(:|$)", text, re.MULTILINE) is not None
    return re.search(r"(?<!\w)" + r".+?".join(parts) + r"(?!\w)", text) is not None


def all_messages(env: dict[str, Any], lang: str) -> dict[str, str]:
    """Every kind of message a family gets, composed in `lang`: kind → subject and text.

    Three families in a one-place group: the first cancels, the second lets the offered
    place pass, the third takes it; then the group starts, is reminded of, postponed,
    merged and cancelled. The messages are queued as in use and composed as when sent.
    """
    group = new_group(env, capacity=1, waiting_list_capacity=2, minimum=0)
    other = new_group(env)
    data = [{"name": f"Perhe {n}", "email": f"{lang}{n}@example.fi", "language": lang} for n in range(3)]
    with time_machine.travel(NOW, tick=False):
        (first, _), (second, _), (third, _) = (services.signup_create(group=group, data=d) for d in data)
        services.signup_cancel(signup=first)
    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        services.expire_offers(group=group)
        services.signup_accept(signup=Signup.objects.get(pk=third.pk))
        services.group_update_status(actor=None, group=group, status="started")
    assert messaging.queue_reminders(now=helsinki(2027, 1, 11, 8)) == 1
    services.group_update_status(actor=None, group=group, status="postponed")
    Group.objects.filter(pk=group.pk).update(merged_into=other)
    group.refresh_from_db()
    services.group_update_status(actor=None, group=group, status="merged")
    services.group_update_status(actor=None, group=group, status="cancelled")

    composed: dict[str, str] = {}
    for message in OutgoingMessage.objects.filter(signup__group=group).order_by("id"):
        compose.compose(message)
        composed[message.kind] = composed.get(message.kind, "") + f"{message.subject}\n{message.body}\n"
    assert sorted(composed) == sorted(set(MessageKind.values) - set(PLAIN_KINDS))
    return composed


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_to_a_family_is_in_the_familys_language(calendar, lang):
    messages = translations(lang)
    english = all_messages(calendar, "en")
    translated = all_messages(calendar, lang)
    shown_in_english = set()
    for kind, text in english.items():
        shown = {msgid for msgid in messages if in_text(msgid, text)}
        shown_in_english |= shown
        left = {msgid for msgid in shown if messages[msgid] != msgid and in_text(msgid, translated[kind])}
        assert left == set(), kind
        body = translated[kind]
        assert finnish_instead(lang, shown, lambda text, body=body: in_text(text, body)) == set(), kind
    # The check is not empty: the English texts are made of the catalogue's strings.
    assert {
        "Hello %(name)s,",
        "Your place in %(group)s is confirmed",
        "You are on the waiting list of %(group)s",
        "To see or cancel your sign-up, open your own link (keep it to yourself):",
        "Questions about the group",
        "Sessions",
        "Times are in Finnish time.",
        "The place offered to you in %(title)s was not accepted by %(day)s %(time)s, "
        "so it has gone to the next family on the waiting list.",
        "A reminder: %(title)s meets on %(day)s %(date)s at %(start)s–%(end)s (Finnish time).",
        "%(title)s is joined with %(merged_title)s, so that enough families come together.",
        "Good news: enough families signed up and %(title)s starts as planned.",
    } <= shown_in_english
    assert len(shown_in_english) >= 35


@time_machine.travel(NOW, tick=False)
def test_a_swedish_family_signing_up_gets_a_swedish_confirmation(
    client, calendar, mailoutbox, django_capture_on_commit_callbacks
):
    group = new_group(calendar)
    form = {"name": "Familjen Berg", "email": "berg@example.fi", "language": "sv", "adults": "2"}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"  # the page in Finnish: the message follows the form
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(signup_url(group), form).status_code == 303
    [mail] = mailoutbox
    assert mail.subject == "Din plats i Ekavauva-ryhmä är bekräftad"
    assert mail.body.startswith("Hej Familjen Berg,\n\nDu har en plats i Ekavauva-ryhmä. Välkommen!\n")
    for line in [
        "Träffar:",
        "Tiderna anges i finsk tid.",
        "Du kan se eller avboka din anmälan via din egen länk (dela den inte med andra):",
        "Frågor om gruppen: ",
    ]:
        assert line in mail.body
    english = {msgid for msgid in translations("sv") if in_text(msgid, mail.body)}
    assert {msgid for msgid in english if translations("sv")[msgid] != msgid} == set()
