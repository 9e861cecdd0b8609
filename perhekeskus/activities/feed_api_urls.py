from django.urls import URLPattern, URLResolver, path

from perhekeskus.activities import feed_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("activities/<uuid:uuid>/calendar.ics", feed_views.activity_feed, name="activity-feed"),
]
