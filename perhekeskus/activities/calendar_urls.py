from django.urls import URLPattern, URLResolver, path

from perhekeskus.activities import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("calendar/", views.calendar, name="calendar"),
    path("activities/<uuid:uuid>/", views.activity_detail, name="activity-detail"),
]
