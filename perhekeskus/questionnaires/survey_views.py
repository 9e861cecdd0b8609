"""Survey pages: the organisation's list, new link, a link's page (address, codes, close)
and its results; the respondents' start page `/s/<token>/` and public results.

The staff pages need a login and `access.can_manage_survey`. The public pages need none
and store nothing about who opens them: starting a response is a POST (so that a link
preview or a crawler does not start one) that redirects to the questionnaire's fill page.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from perhekeskus.core import audit
from perhekeskus.core.private_pages import language_from_link as _language_from_link
from perhekeskus.core.private_pages import private as _private
from perhekeskus.core.translation import current_language, translated_value
from perhekeskus.questionnaires import access, definition, survey_links, surveys
from perhekeskus.questionnaires.models import SurveyKind, SurveyLink
from perhekeskus.questionnaires.survey_forms import CodeEntryForm, CodesForm, SurveyLinkForm

SOURCE = "page"
LANGUAGES = (("fi", "Suomeksi"), ("sv", "På svenska"), ("en", "In English"))


def _managed(request: HttpRequest, uuid: UUID) -> SurveyLink:
    link = get_object_or_404(SurveyLink.objects.select_related("questionnaire", "organisation"), uuid=uuid)
    if not access.can_manage_survey(request.user, link):
        raise PermissionDenied(_("Only the organisation's editors and coordinators may see this survey."))
    return link


def title_of(link: SurveyLink) -> tuple[str, str]:
    """The link's title in the page language (else the questionnaire's) and its language."""
    lang = current_language()
    own = getattr(link, f"title_{lang}", "")
    if own:
        return own, lang
    asked = getattr(link.questionnaire, f"title_{lang}", "")
    if asked:
        return asked, lang
    for source in (link, link.questionnaire):
        for code in ("fi", "sv", "en"):
            text = getattr(source, f"title_{code}", "")
            if text:
                return text, code
    return link.questionnaire.identifier, lang


def _text(texts: dict[str, str], fallback: str) -> tuple[str, str]:
    lang = current_language()
    for code in (lang, "fi", *texts):
        if texts.get(code):
            return texts[code], code
    return fallback, lang


def result_tables(link: SurveyLink, summary: dict[str, Any], *, full: bool) -> list[dict[str, Any]]:
    """One table per counted question: each option's text in the page language, its count
    (None: fewer than 5, hidden) and its share of the responses for the bar.

    A summary leaves out the options nobody chose: 0 in the full counts, and "fewer than
    5" in the public ones, where a zero would tell as much as any other small count."""
    defn = definition.parse(link.questionnaire.definition)
    total = summary["responses"] or 0
    tables = []
    for link_id, counts in summary["items"].items():
        item = defn.item(link_id)
        if item is None:
            continue
        text, text_lang = _text(item.text, link_id)
        if item.options:
            choices = [(o.code, *_text(o.display, o.code)) for o in item.options]
        elif item.type == "boolean":
            choices = [("true", _("Yes"), current_language()), ("false", _("No"), current_language())]
        else:
            choices = [(code, code, current_language()) for code in counts]
        rows = []
        for code, label, label_lang in choices:
            count = counts.get(code, 0 if full else None)
            share = round(100 * count / total) if total and count else 0
            rows.append(
                {"label": label, "lang": label_lang, "count": count, "share": share, "bar": 5 * round(share / 5)}
            )
        tables.append({"link_id": link_id, "text": text, "lang": text_lang, "rows": rows, "repeats": item.repeats})
    return tables


# --- Staff pages ------------------------------------------------------------------------------


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    if not access.can_make_surveys(request.user):
        raise PermissionDenied(_("Surveys are made by the editors and coordinators of an organisation."))
    links = list(access.managed_surveys(request.user))
    rows = [{"link": link, "title": title_of(link)[0], "open": survey_links.takes_answers(link)} for link in links]
    return render(request, "questionnaires/surveys/list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    if not access.can_make_surveys(request.user):
        raise PermissionDenied(_("Surveys are made by the editors and coordinators of an organisation."))
    status = 200
    if request.method == "POST":
        form = SurveyLinkForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                link = survey_links.survey_link_create(actor=request.user, data=form.data_for_service(), source=SOURCE)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("The survey was made. Share its address below."))
                return HttpResponseRedirect(reverse("survey-detail", args=[link.uuid]), status=303)
        status = 400
    else:
        form = SurveyLinkForm(user=request.user)
    return render(request, "questionnaires/surveys/new.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def survey_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    link = _managed(request, uuid)
    codes_form = CodesForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "close":
            survey_links.survey_link_close(actor=request.user, link=link, source=SOURCE)
            messages.success(request, _("The survey was closed: it takes no more answers."))
            return HttpResponseRedirect(reverse("survey-detail", args=[link.uuid]), status=303)
        if action == "codes":
            codes_form = CodesForm(request.POST)
            if codes_form.is_valid():
                try:
                    made = survey_links.survey_codes_make(
                        actor=request.user, link=link, count=codes_form.cleaned_data["count"], source=SOURCE
                    )
                except ValidationError as exc:
                    codes_form.add_error("count", exc.message_dict.get("count", exc.messages))
                else:
                    return _codes_page(request, link, made)
        status = 400
    context = {
        "link": link,
        "title": title_of(link)[0],
        "address": request.build_absolute_uri(reverse("survey-start", args=[link.token])),
        "open": survey_links.takes_answers(link),
        "responses": survey_links.responses_sent(link),
        "codes": survey_links.codes_given(link) if link.kind == SurveyKind.PERSONAL else None,
        "codes_form": codes_form,
    }
    return _private(render(request, "questionnaires/surveys/detail.html", context, status=status))


def _codes_page(request: HttpRequest, link: SurveyLink, made: list[str]) -> HttpResponse:
    address = request.build_absolute_uri(reverse("survey-start", args=[link.token]))
    context = {"link": link, "title": title_of(link)[0], "codes": made, "address": address}
    return _private(render(request, "questionnaires/surveys/codes.html", context))


@login_required
def survey_results(request: HttpRequest, uuid: UUID) -> HttpResponse:
    link = _managed(request, uuid)
    summary = survey_links.link_summary(link, full=True)
    audit.record_read(request.user, link, source=SOURCE)
    context = {
        "link": link,
        "title": title_of(link)[0],
        "responses": summary["responses"],
        "tables": result_tables(link, summary, full=True),
        "full": True,
    }
    return _private(render(request, "questionnaires/surveys/results.html", context))


# --- The respondents' pages -------------------------------------------------------------------


def _public(token: str) -> SurveyLink:
    return get_object_or_404(SurveyLink.objects.select_related("questionnaire", "organisation"), token=token)


def _start_page(request: HttpRequest, link: SurveyLink, form: CodeEntryForm | None, status: int, **extra: Any) -> Any:
    title, title_lang = title_of(link)
    context = {
        "link": link,
        "title": title,
        "title_lang": title_lang,
        "intro": translated_value(link, "intro"),
        "open": survey_links.takes_answers(link),
        "closed": survey_links.is_closed(link),
        "personal": link.kind == SurveyKind.PERSONAL,
        "form": form,
        "languages": LANGUAGES,
        "today": timezone.localdate(),
        **extra,
    }
    return _private(render(request, "questionnaires/surveys/start.html", context, status=status))


def _code_refused(exc: Exception) -> tuple[str, int]:
    """Why a code opens nothing, and the status: unknown 400, spent or taken 409."""
    if isinstance(exc, survey_links.CodeLapsed):
        return (
            _(
                "The answers begun with this code were not sent in time and have been erased, so the code "
                "cannot be used again. Ask the organisation that asks for a new code."
            ),
            409,
        )
    if isinstance(exc, survey_links.CodeUsed):
        return _("This code has been used: the answers given with it were sent. Thank you!"), 409
    if isinstance(exc, survey_links.CodeBusy):
        return (
            _(
                "Someone started answering with this code a moment ago. If that was you, "
                "enter the code again to continue."
            ),
            409,
        )
    return _("This code is not one of this survey's codes. Check it and try again."), 400


@require_http_methods(["GET", "POST"])
def survey_start(request: HttpRequest, token: str) -> HttpResponse:
    link = _public(token)
    language = request.GET.get("lang", "")
    if request.method == "GET" and language in dict(LANGUAGES):
        return _language_from_link(request, language)
    personal = link.kind == SurveyKind.PERSONAL
    if request.method == "GET":
        return _start_page(request, link, CodeEntryForm() if personal else None, 200)
    if not survey_links.takes_answers(link):
        return _start_page(request, link, None, 410)
    form = CodeEntryForm(request.POST) if personal else None
    if form is not None and not form.is_valid():
        return _start_page(request, link, form, 400)
    code = form.cleaned_data["code"] if form is not None else ""
    try:
        response, secret = survey_links.survey_start(link, language=current_language(), code=code)
    except survey_links.SurveyClosed:
        return _start_page(request, link, None, 410)
    except (survey_links.CodeUnknown, survey_links.CodeLapsed, survey_links.CodeUsed, survey_links.CodeBusy) as exc:
        assert form is not None  # only personal links take codes
        message, status = _code_refused(exc)
        form.add_error("code", message)
        return _start_page(request, link, form, status)
    url = reverse("questionnaire-fill", args=[response.uuid, secret])
    return _private(HttpResponseRedirect(url, status=303))


def survey_public_results(request: HttpRequest, token: str) -> HttpResponse:
    link = _public(token)
    if not link.results_public:
        return _private(render(request, "questionnaires/surveys/no_results.html", {"link": link}, status=404))
    summary = survey_links.link_summary(link, full=False)
    enough = summary["responses"] is not None
    title, title_lang = title_of(link)
    context = {
        "link": link,
        "title": title,
        "title_lang": title_lang,
        "enough": enough,
        "minimum": surveys.SMALL_COUNT,
        "responses": summary["responses"],
        "tables": result_tables(link, summary, full=False) if enough else [],
        "full": False,
    }
    return _private(render(request, "questionnaires/surveys/public_results.html", context))
