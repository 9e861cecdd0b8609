"""/api/v1/ routes of questionnaires; each part lists its own."""

from django.urls import URLPattern, URLResolver

from perhekeskus.questionnaires import urls_fill, urls_surveys

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_fill.api_urlpatterns,
    *urls_surveys.api_urlpatterns,
]
