"""The respondent's pages: fill in page by page, save to continue later, send, read back.

No login: the response's secret link is the key (see `filling`). Nothing here needs
JavaScript: each page is a plain form, and a follow-up question (`enableWhen`) appears
when the page is saved. Wrong input is shown on the page with every error and saves
nothing; the answers typed stay in the form.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from perhekeskus.core import audit
from perhekeskus.core.private_pages import language_from_link as _language_from_link
from perhekeskus.core.private_pages import private as _private
from perhekeskus.questionnaires import definition, filling
from perhekeskus.questionnaires.forms import OTHER, Page, PageForm, field_name, page_items, pages, text_of
from perhekeskus.questionnaires.models import Purpose, Questionnaire, Response, ResponseStatus, SurveyLink

SOURCE = "respondent's link"
ACTIONS = ("next", "back", "later", "send")


def _language() -> str:
    return (translation.get_language() or "fi")[:2]


def _page_url(response: Response, secret: str, number: int, anchor: str = "") -> str:
    url = reverse("questionnaire-fill", args=[response.uuid, secret])
    return f"{url}?page={number}" + (f"#{anchor}" if anchor else "")


def _entries(form: PageForm, language: str) -> list[dict[str, Any]]:
    """What the template walks: headings, texts and fields, nested by depth."""
    base = form.defn.language
    depth: dict[str, int] = {}
    out = []
    for item in form.items:
        depth[item.link_id] = depth.get(item.parent or "", -1) + 1 if item.parent else 0
        entry: dict[str, Any] = {
            "item": item,
            "text": text_of(item.text, language, base),
            "depth": depth[item.link_id],
            "kind": item.type if item.type in ("group", "display") else "question",
        }
        name = field_name(item.link_id)
        if name in form.fields:
            entry["field"] = form[name]
            entry["fieldset"] = item.type in ("boolean", "choice", "open-choice")
            if name + OTHER in form.fields:
                entry["other"] = form[name + OTHER]
        out.append(entry)
    return out


def _title(response: Response) -> Any:
    """The survey's own title when the response came through a survey link that has one
    (the respondent just read it on the start page), else the questionnaire's."""
    source: Questionnaire | SurveyLink = response.questionnaire
    kind, _sep, key = response.context.partition(":")
    if kind == "survey":
        link = SurveyLink.objects.filter(uuid=key).first()
        if link is not None and (link.title_fi or link.title_sv or link.title_en):
            source = link
    titles = {"fi": source.title_fi, "sv": source.title_sv, "en": source.title_en}
    return text_of(titles, _language(), "fi")


def _render_page(
    request: HttpRequest,
    response: Response,
    secret: str,
    page: Page,
    all_pages: list[Page],
    form: PageForm,
    *,
    elsewhere: list[dict[str, Any]] | None = None,
    revealed: bool = False,
    status: int = 200,
) -> HttpResponse:
    language = _language()
    context = {
        "response": response,
        "questionnaire": response.questionnaire,
        "title": _title(response),
        "form": form,
        "entries": _entries(form, language),
        "page": page,
        "page_title": text_of(page.title, language, form.defn.language) if page.title else None,
        "pages": len(all_pages),
        "last": page.number == len(all_pages),
        "elsewhere": elsewhere or [],
        "revealed": revealed,
        "clinical": response.questionnaire.purpose == Purpose.CLINICAL,
        "action": reverse("questionnaire-fill", args=[response.uuid, secret]),
    }
    return _private(render(request, "questionnaires/fill/page.html", context, status=status))


def _display(item: definition.Item, value: Any, language: str, base: str) -> str:
    if item.type == "boolean":
        return _("Yes") if value else _("No")
    option = item.option(str(value)) if item.options else None
    if option is not None:
        return text_of(option.display, language, base).value or option.code
    return str(value)


def _own_answers(request: HttpRequest, response: Response, *, sent: bool) -> HttpResponse:
    defn = definition.parse(response.questionnaire.definition)
    language = _language()
    rows = []
    shown = definition.enabled(defn, response.answers or {})
    for item in defn.items:
        if item.link_id not in shown or item.type == "display":
            continue
        values = (response.answers or {}).get(item.link_id, [])
        rows.append(
            {
                "item": item,
                "text": text_of(item.text, language, defn.language),
                "heading": item.type == "group",
                "values": [_display(item, v, language, defn.language) for v in values],
            }
        )
    if response.questionnaire.purpose == Purpose.CLINICAL:
        # A parent's own form is health data: reading it, even by the parent, is logged.
        audit.record_read(None, response, source=SOURCE)
    context = {
        "response": response,
        "title": _title(response),
        "rows": rows,
        "sent": sent,
        "clinical": response.questionnaire.purpose == Purpose.CLINICAL,
    }
    return _private(render(request, "questionnaires/fill/answers.html", context))


def _gone(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "questionnaires/fill/gone.html", status=404))


def _page_number(raw: Any, count: int) -> int:
    try:
        return min(max(int(raw), 1), count)
    except (TypeError, ValueError):
        return 1


def fill(request: HttpRequest, uuid: UUID, secret: str) -> HttpResponse:
    language = request.GET.get("lang", "")
    if request.method == "GET" and language in filling.LANGUAGES:
        return _language_from_link(request, language)
    try:
        response = filling.response_by_secret(uuid, secret)
    except filling.ResponseUnknown:
        return _gone(request)
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # Nobody chose a language on this device: the form opens in the respondent's own,
        # the one their link was made for.
        translation.activate(response.language)
        request.LANGUAGE_CODE = response.language
    if response.status == ResponseStatus.COMPLETED:
        return _own_answers(request, response, sent=request.GET.get("sent") == "1")
    defn = definition.parse(response.questionnaire.definition)
    all_pages = pages(defn)
    source = request.POST if request.method == "POST" else request.GET
    page = all_pages[_page_number(source.get("page"), len(all_pages)) - 1]
    saved = response.answers or {}
    if request.method != "POST":
        if response.questionnaire.purpose == Purpose.CLINICAL and saved:
            audit.record_read(None, response, source=SOURCE)
        return _render_page(request, response, secret, page, all_pages, PageForm(defn, page, saved, _language()))
    form = PageForm(defn, page, saved, _language(), data=request.POST)
    action = request.POST.get("action", "next")
    if action not in ACTIONS or not form.is_valid():
        return _render_page(request, response, secret, page, all_pages, form, status=400)
    try:
        saved_response = filling.response_save(
            response,
            form.answers(),
            questions=form.questions,
            complete=action == "send",
            language=_language(),
            source=SOURCE,
        )
    except filling.ResponseClosed:
        return _own_answers(request, response, sent=False)
    except filling.ResponseUnknown:
        return _gone(request)
    except filling.AnswerError as exc:
        elsewhere = [
            {"text": text_of(item.text, _language(), defn.language), "reason": reason, "url": url}
            for link_id, reason in form.add_answer_errors(exc.errors)
            if (item := defn.item(link_id)) is not None
            for url in [_page_url(response, secret, _page_of(all_pages, defn, link_id), _anchor(item))]
        ]
        return _render_page(request, response, secret, page, all_pages, form, elsewhere=elsewhere, status=400)
    if action == "send":
        url = reverse("questionnaire-fill", args=[response.uuid, secret]) + "?sent=1"
        return _private(HttpResponseRedirect(url, status=303))
    if action == "later":
        link = request.build_absolute_uri(reverse("questionnaire-fill", args=[response.uuid, secret]))
        context = {"title": _title(response), "link": link, "keep_days": settings.UNFINISHED_RESPONSE_KEEP_DAYS}
        return _private(render(request, "questionnaires/fill/saved.html", context))
    # A follow-up question may have appeared on this page with the answers just saved:
    # the page is shown again with it before moving on.
    fresh = PageForm(defn, page, saved_response.answers, _language())
    if action == "next" and set(fresh.questions) - set(form.questions):
        return _render_page(request, saved_response, secret, page, all_pages, fresh, revealed=True)
    number = page.number + (1 if action == "next" else -1)
    number = min(max(number, 1), len(all_pages))
    return _private(HttpResponseRedirect(_page_url(response, secret, number), status=303))


def _anchor(item: definition.Item) -> str:
    # Django numbers the inputs of a radio or checkbox group: the first one takes the focus.
    grouped = item.type in ("boolean", "choice", "open-choice")
    return f"id_{field_name(item.link_id)}" + ("_0" if grouped else "")


def _page_of(all_pages: list[Page], defn: definition.Definition, link_id: str) -> int:
    for page in all_pages:
        if any(i.link_id == link_id for i in page_items(defn, page)):
            return page.number
    return 1
