"""The respondent's filling-in pages (the secret link) and the same for machines under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from perhekeskus.questionnaires import fill_api, fill_views

urlpatterns: list[URLPattern | URLResolver] = [
    # The secret is the respondent's key to their own response: no login is needed.
    path("answer/<uuid:uuid>/<str:secret>/", fill_views.fill, name="questionnaire-fill"),
]
api_urlpatterns: list[URLPattern | URLResolver] = [
    path("responses/<uuid:id>/<str:secret>/", fill_api.OwnResponseView.as_view(), name="api-response"),
]
