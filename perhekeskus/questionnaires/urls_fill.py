"""Routes of one part of questionnaires: pages in `urlpatterns`, /api/v1/ in `api_urlpatterns`."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
api_urlpatterns: list[URLPattern | URLResolver] = []
