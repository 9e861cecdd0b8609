"""/api/v1/ routes of the wellbeing clinic."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
