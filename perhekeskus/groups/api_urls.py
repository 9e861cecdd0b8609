"""/api/v1/groups/ and the families' own /api/v1/signups/<id>/<secret>/ (a SimpleRouter:
the network's router owns the API root)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from perhekeskus.groups import api

router = SimpleRouter()
router.register("groups", api.GroupViewSet, basename="api-group")

urlpatterns: list[URLPattern | URLResolver] = [
    *router.urls,
    path("signups/<uuid:id>/<str:secret>/", api.OwnSignupView.as_view(), name="api-signup"),
    path("signups/<uuid:id>/<str:secret>/accept/", api.AcceptOfferView.as_view(), name="api-signup-accept"),
]
