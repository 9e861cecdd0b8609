from django.urls import URLPattern, URLResolver, path

from perhekeskus.activities import feed_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("calendar.ics", feed_views.calendar_feed, name="calendar-feed"),
]
