"""The wellbeing clinic's pages: the nurse's families and the parents' forms on the schedule."""

from django.urls import URLPattern, URLResolver, path

from perhekeskus.wellbeing import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("wellbeing/", views.work_list, name="wellbeing-list"),
    path("wellbeing/families/new/", views.family_new, name="wellbeing-family-new"),
    path("wellbeing/families/<uuid:uuid>/", views.family_detail, name="wellbeing-family"),
    path("wellbeing/families/<uuid:uuid>/birth/", views.family_birth, name="wellbeing-family-birth"),
    path("wellbeing/families/<uuid:uuid>/links/", views.family_links, name="wellbeing-family-links"),
    path("wellbeing/families/<uuid:uuid>/clinic/", views.family_clinic, name="wellbeing-family-clinic"),
    path("wellbeing/families/<uuid:uuid>/close/", views.family_close, name="wellbeing-family-close"),
    path("wellbeing/families/<uuid:uuid>/hand-over/", views.family_hand_over, name="wellbeing-family-hand-over"),
]
