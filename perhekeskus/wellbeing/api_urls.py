"""/api/v1/ routes of the wellbeing clinic."""

from django.urls import URLPattern, URLResolver, path

from perhekeskus.wellbeing import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("wellbeing/families/", api.FamiliesView.as_view(), name="api-wellbeing-families"),
    path("wellbeing/families/<uuid:id>/", api.FamilyView.as_view(), name="api-wellbeing-family"),
]
