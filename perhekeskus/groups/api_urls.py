"""/api/v1/groups/ and the families' own /api/v1/signups/<id>/<secret>/ (a SimpleRouter:
the network's router owns the API root). Each part of groups lists its own routes."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from perhekeskus.groups import (
    api,
    urls_interest,
    urls_invitations,
    urls_manage,
    urls_programmes,
    urls_running,
)

router = SimpleRouter()
router.register("groups", api.GroupViewSet, basename="api-group")

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_programmes.api_urlpatterns,
    *urls_manage.api_urlpatterns,
    *urls_invitations.api_urlpatterns,
    *urls_interest.api_urlpatterns,
    *urls_running.api_urlpatterns,
    *router.urls,
    path("signups/<uuid:id>/<str:secret>/", api.OwnSignupView.as_view(), name="api-signup"),
    path("signups/<uuid:id>/<str:secret>/accept/", api.AcceptOfferView.as_view(), name="api-signup-accept"),
]
