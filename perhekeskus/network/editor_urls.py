from django.urls import URLPattern, URLResolver, path

from perhekeskus.network import editor_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("dashboard/", editor_views.dashboard, name="dashboard"),
    path("dashboard/checked/<str:kind>/<uuid:uuid>/", editor_views.mark_checked, name="dashboard_mark_checked"),
]
