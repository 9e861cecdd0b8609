"""/api/v1/: the service network's REST API and its generated OpenAPI schema."""

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from perhekeskus.network import api

router = DefaultRouter()
router.register("organisations", api.OrganisationViewSet, basename="api-organisation")
router.register("services", api.ServiceViewSet, basename="api-service")
router.register("places", api.PlaceViewSet, basename="api-place")
router.register("areas", api.AreaViewSet, basename="api-area")
router.register("service-types", api.ServiceTypeViewSet, basename="api-service-type")
router.register("life-stages", api.LifeStageViewSet, basename="api-life-stage")
router.register("target-groups", api.TargetGroupViewSet, basename="api-target-group")
router.register("languages", api.LanguageViewSet, basename="api-language")

urlpatterns: list[URLPattern | URLResolver] = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    *router.urls,
]
