"""The activity page: what, where, who, for whom, the recurrence in words and the next
dates with cancelled and moved ones marked; drafts only for those who may edit them."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from perhekeskus import urls as root_urls
from perhekeskus.activities import services
from perhekeskus.activities.models import ActivityStatus
from perhekeskus.activities.tests.conftest import helsinki, make_activity
from perhekeskus.network.models import Language, LifeStage, TargetGroup

NOW = helsinki(2026, 3, 3, 9)  # Tuesday 3 March 2026, before the café opens


def _stub(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    return HttpResponse("")


# The activity's feed is the iCalendar module's page; this gives its name an address here.
urlpatterns = [path("api/v1/activities/<uuid:uuid>/calendar.ics", _stub, name="activity-feed"), *root_urls.urlpatterns]


def page(client: Any, activity: Any, lang: str = "en") -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client.get(reverse("activity-detail", args=[activity.uuid]))


def next_dates(html: str) -> list[str]:
    block = html[html.index('<ul class="next-dates"') : html.index("</ul>", html.index('<ul class="next-dates"'))]
    return re.findall(r'<li class="[^"]*">\s*<time datetime="([^"]+)"', block)


@time_machine.travel(NOW, tick=False)
def test_page_shows_what_where_who_and_for_whom(client, calendar):
    baby = make_activity(
        calendar["orgs"]["clinic"],
        title_fi="Vauvaryhmä",
        title_en="Baby group",
        description_en="Songs and play for babies and their parents.",
        place=calendar["park"],
        online=False,
        online_url="",
        start=helsinki(2026, 3, 4, 10),
        end=helsinki(2026, 3, 4, 11, 30),
        rrule="FREQ=WEEKLY;COUNT=12",
        age_min_months=0,
        age_max_months=12,
        life_stages=list(LifeStage.objects.filter(code="age_0_1")),
        target_groups=list(TargetGroup.objects.filter(code="first_time_parents")),
        languages=list(Language.objects.filter(code__in=["fi", "sv"])),
        co_organisers=[calendar["orgs"]["mll"]],
        cost="fee",
        cost_note_en="5 euros a time",
        signup_required=True,
        signup_url="https://example.fi/signup",
        contact_name="Family worker",
        contact_email="perhetyo@example.fi",
        participation="directed",
    )
    response = page(client, baby)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Baby group</h1>" in html
    assert "Songs and play for babies" in html
    clinic, mll = calendar["orgs"]["clinic"], calendar["orgs"]["mll"]
    assert f'<a href="/organisations/{clinic.uuid}/" lang="fi">Matinkylän neuvola</a>' in html
    assert f'<a href="/organisations/{mll.uuid}/" lang="fi">MLL Espoo</a>' in html
    assert f'<a href="/places/{calendar["park"].uuid}/" lang="fi">Matinkylän asukaspuisto</a><br>' in html
    assert "Matinkatu 1" in html
    assert "<strong>For the service&#x27;s clients</strong>. For the clients of the service" in html
    assert "<dd>0–1 years</dd>" in html
    assert ">First-time parents</span>" in html
    assert "Finnish</span>, <span>Swedish</span>" in html or "Swedish</span>, <span>Finnish</span>" in html
    assert "Fee – <span>5 euros a time</span>" in html
    assert '<a href="https://example.fi/signup">Sign up</a>' in html
    assert '<a href="mailto:perhetyo@example.fi">perhetyo@example.fi</a>' in html
    assert "Every week on Wednesday" in html


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("participation", "words"),
    [
        ("open", "Anyone can come"),
        ("directed", "For the clients of the service"),
        ("targeted", "Families are invited personally"),
    ],
)
def test_kind_of_participation_is_explained_in_plain_words(client, calendar, participation, words):
    activity = make_activity(calendar["orgs"]["mll"], participation=participation)
    assert words in page(client, activity).content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("rule", "start", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", helsinki(2026, 1, 6, 10), "Every week on Tuesday, "),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", helsinki(2026, 1, 8, 18), "Every 2 weeks on Thursday, "),
        ("FREQ=WEEKLY;BYDAY=TU,TH", helsinki(2026, 1, 6, 10), "Every week on Tuesday and Thursday, "),
        ("FREQ=MONTHLY;BYDAY=1TU", helsinki(2026, 1, 6, 18), "On the first Tuesday of every month, "),
        ("FREQ=DAILY;COUNT=5", helsinki(2026, 3, 2, 9), "Every day, "),
    ],
)
def test_simple_recurrence_is_put_in_words(client, calendar, rule, start, words):
    activity = make_activity(calendar["orgs"]["mll"], rrule=rule, start=start, end=start.replace(hour=start.hour + 1))
    html = page(client, activity).content.decode()
    assert words in html


@time_machine.travel(NOW, tick=False)
def test_a_richer_rule_leaves_the_words_to_the_next_dates(client, calendar):
    activity = make_activity(
        calendar["orgs"]["mll"],
        rrule="FREQ=MONTHLY;BYMONTHDAY=1,15",
        start=helsinki(2026, 1, 1, 10),
        end=helsinki(2026, 1, 1, 11),
    )
    html = page(client, activity).content.decode()
    assert "Repeats: see the next dates below." in html
    assert next_dates(html)[:3] == [
        "2026-03-15T10:00:00+02:00",
        "2026-04-01T10:00:00+03:00",
        "2026-04-15T10:00:00+03:00",
    ]


@time_machine.travel(NOW, tick=False)
def test_next_dates_mark_cancelled_and_moved_occurrences(client, calendar):
    cafe = calendar["cafe"]
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 3, 10, 10),
        kind="cancelled",
        notes={"en": "Winter holiday"},
    )
    services.occurrence_change(
        actor=None,
        activity=cafe,
        original_start=helsinki(2026, 3, 17, 10),
        kind="moved",
        new_start=helsinki(2026, 3, 19, 12),
        new_end=helsinki(2026, 3, 19, 14),
        notes={"en": "The hall is booked on Tuesday"},
    )
    html = page(client, cafe).content.decode()
    dates = next_dates(html)
    assert len(dates) == 10
    assert dates[:4] == [
        "2026-03-03T10:00:00+02:00",
        "2026-03-10T10:00:00+02:00",
        "2026-03-19T12:00:00+02:00",
        "2026-03-24T10:00:00+02:00",
    ]
    assert '<li class="is-cancelled">' in html
    assert "<strong>Cancelled</strong>: <span>Winter holiday</span>" in html
    assert '<li class="is-moved">' in html
    assert "<strong>Moved</strong> – originally" in html and "The hall is booked on Tuesday" in html
    # Dates after the March clock change keep the café at 10:00, now at +03:00.
    assert "2026-03-31T10:00:00+03:00" in dates


@time_machine.travel(NOW, tick=False)
@pytest.mark.urls(__name__)
def test_page_links_to_the_activity_feed(client, calendar):
    html = page(client, calendar["cafe"]).content.decode()
    assert f'<a href="/api/v1/activities/{calendar["cafe"].uuid}/calendar.ics">' in html


@time_machine.travel(NOW, tick=False)
def test_online_activity_shows_its_address(client, calendar):
    activity = make_activity(calendar["orgs"]["mll"], online=True, online_url="https://meet.example.fi/room")
    html = page(client, activity).content.decode()
    assert '<a href="https://meet.example.fi/room">Online meeting address</a>' in html


@time_machine.travel(NOW, tick=False)
def test_cancelled_activity_says_so(client, calendar):
    activity = make_activity(calendar["orgs"]["mll"], status=ActivityStatus.CANCELLED, rrule="FREQ=WEEKLY")
    html = page(client, activity).content.decode()
    assert "This activity has been cancelled." in html
    assert '<li class="is-cancelled">' in html


def test_unknown_activity_is_404(client, calendar):
    assert client.get("/activities/00000000-0000-0000-0000-000000000000/").status_code == 404


# A draft of MLL Espoo: who may see it (network.access decides who edits MLL's content).
DRAFT_MATRIX = [
    (None, 404),
    ("ada", 200),  # platform admin
    ("cora", 200),  # coordinator of Espoo, where MLL Espoo is
    ("eddie", 200),  # MLL Espoo's editor
    ("elsa", 404),  # editor of another organisation (Espoo city)
    ("pia", 404),  # professional: reads public content only
    ("vilja", 404),  # MLL's volunteer: no editing right
    ("otto", 404),  # Salo parish's editor
]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(("who", "status"), DRAFT_MATRIX)
def test_draft_is_visible_only_to_those_who_may_edit_it(client, calendar, who, status):
    draft = make_activity(calendar["orgs"]["mll"], title_fi="Keskeneräinen", status=ActivityStatus.DRAFT)
    if who:
        client.force_login(calendar["people"][who])
    response = page(client, draft)
    assert response.status_code == status
    if status == 200:
        assert "This is a draft." in response.content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("status", [ActivityStatus.PUBLISHED, ActivityStatus.CANCELLED, ActivityStatus.ENDED])
def test_public_statuses_are_visible_to_everyone(client, calendar, status):
    activity = make_activity(calendar["orgs"]["mll"], status=status)
    assert page(client, activity).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_detail_page_query_count_is_fixed(client, calendar, django_assert_max_num_queries):
    fathers = calendar["fathers"]
    page(client, fathers)  # warm the language and lookup caches
    with django_assert_max_num_queries(8):
        assert page(client, fathers).status_code == 200


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (0, 12, "0–1 years"),
        (None, 36, "0–3 years"),
        (6, 24, "6 months – 2 years"),
        (12, 47, "1–3 years"),  # as the editor's form stores "from 1 to 3 years"
        (0, 83, "0–6 years"),
        (None, 11, "0–11 months"),  # a baby group
        (36, None, "from 3 years"),
        (None, None, "all ages"),
    ],
)
def test_age_range_is_put_in_words(client, calendar, low, high, words):
    activity = make_activity(calendar["orgs"]["mll"], age_min_months=low, age_max_months=high)
    assert f"<dd>{words}</dd>" in page(client, activity).content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_rule_every_second_day_is_put_in_words_in_every_language(client, calendar, language):
    activity = make_activity(calendar["orgs"]["mll"], rrule="FREQ=DAILY;INTERVAL=2;UNTIL=20260301")
    response = page(client, activity, language)
    assert response.status_code == 200
    words = {"fi": "2 päivän välein", "sv": "2 dagars", "en": "every 2 days"}[language]
    assert words in response.content.decode().lower()
