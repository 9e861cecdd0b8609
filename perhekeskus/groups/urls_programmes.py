"""Pages (`urlpatterns`) and API routes (`api_urlpatterns`, under /api/v1/) of this part of groups:
programme templates and making a group from one."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from perhekeskus.groups import programme_api, programme_views

router = SimpleRouter()
router.register("programmes", programme_api.ProgrammeViewSet, basename="api-programme")

urlpatterns: list[URLPattern | URLResolver] = [
    path("programmes/", programme_views.programme_list, name="programme-list"),
    path("programmes/new/", programme_views.programme_new, name="programme-new"),
    path("programmes/<slug:slug>/", programme_views.programme_edit, name="programme-edit"),
    path("programmes/<slug:slug>/delete/", programme_views.programme_delete, name="programme-delete"),
    path("groups/new/", programme_views.group_new, name="group-new"),
]
api_urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
