"""Pages (`urlpatterns`) and API routes (`api_urlpatterns`, under /api/v1/) of this part of groups:
the organisers' group pages, the facilitators and the go/no-go decision."""

from django.urls import URLPattern, URLResolver, path

from perhekeskus.groups import manage_api, manage_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/", manage_views.my_groups, name="my-groups"),
    path("groups/<uuid:uuid>/manage/", manage_views.group_manage, name="group-manage"),
    path("groups/<uuid:uuid>/manage/settings/", manage_views.group_settings, name="group-manage-settings"),
    path("groups/<uuid:uuid>/manage/facilitators/", manage_views.group_facilitators, name="group-manage-facilitators"),
    path("groups/<uuid:uuid>/manage/decision/", manage_views.group_decision, name="group-manage-decision"),
    path("groups/<uuid:uuid>/manage/sessions/<int:session>/", manage_views.session_edit, name="group-manage-session"),
]
api_urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/<uuid:id>/facilitators/", manage_api.FacilitatorsView.as_view(), name="api-group-facilitators"),
    path("groups/<uuid:id>/decision/", manage_api.DecisionView.as_view(), name="api-group-decision"),
    path("groups/<uuid:id>/nearby/", manage_api.NearbyView.as_view(), name="api-group-nearby"),
    path("groups/<uuid:id>/settings/", manage_api.SettingsView.as_view(), name="api-group-settings"),
]
