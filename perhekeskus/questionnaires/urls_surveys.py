"""Routes of one part of questionnaires: pages in `urlpatterns`, /api/v1/ in `api_urlpatterns`.

Surveys by link: the organisation's pages under /surveys/, the respondents' under /s/,
and the questionnaires and survey links API."""

from django.urls import URLPattern, URLResolver, path

from perhekeskus.questionnaires import survey_api, survey_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("surveys/", survey_views.survey_list, name="survey-list"),
    path("surveys/new/", survey_views.survey_new, name="survey-new"),
    path("surveys/<uuid:uuid>/", survey_views.survey_detail, name="survey-detail"),
    path("surveys/<uuid:uuid>/results/", survey_views.survey_results, name="survey-results"),
    path("s/<slug:token>/", survey_views.survey_start, name="survey-start"),
    path("s/<slug:token>/results/", survey_views.survey_public_results, name="survey-public-results"),
]
api_urlpatterns: list[URLPattern | URLResolver] = [
    path("questionnaires/", survey_api.QuestionnaireListView.as_view(), name="api-questionnaire-list"),
    path(
        "questionnaires/<str:identifier>/",
        survey_api.QuestionnaireDetailView.as_view(),
        name="api-questionnaire-detail",
    ),
    path(
        "questionnaires/<str:identifier>/summary/",
        survey_api.QuestionnaireSummaryView.as_view(),
        name="api-questionnaire-summary",
    ),
    path("surveys/", survey_api.SurveyLinkListView.as_view(), name="api-survey-list"),
    path("surveys/<uuid:id>/", survey_api.SurveyLinkDetailView.as_view(), name="api-survey-detail"),
    path("surveys/<uuid:id>/close/", survey_api.SurveyLinkCloseView.as_view(), name="api-survey-close"),
    path("surveys/<uuid:id>/codes/", survey_api.SurveyCodesView.as_view(), name="api-survey-codes"),
    path("surveys/<uuid:id>/results/", survey_api.SurveyResultsView.as_view(), name="api-survey-results"),
]
