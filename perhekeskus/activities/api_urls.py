"""/api/v1/activities/ and /api/v1/occurrences/ (included before the network's router,
which owns the API root; hence a SimpleRouter here, without a root view of its own)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from perhekeskus.activities import api

router = SimpleRouter()
router.register("activities", api.ActivityViewSet, basename="api-activity")
router.register("occurrences", api.OccurrenceViewSet, basename="api-occurrence")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
