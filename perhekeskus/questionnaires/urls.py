"""Questionnaire pages; each part of questionnaires lists its own routes."""

from django.urls import URLPattern, URLResolver

from perhekeskus.questionnaires import urls_fill, urls_surveys

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_fill.urlpatterns,
    *urls_surveys.urlpatterns,
]
