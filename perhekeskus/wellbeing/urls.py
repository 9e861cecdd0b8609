"""The wellbeing clinic's pages: the nurse's families and the parents' forms on the schedule."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
