from django.urls import URLPattern, URLResolver, path

from perhekeskus.activities import newcomer_views, print_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("calendar/print/", print_views.print_calendar, name="calendar-print"),
    path("new-in-the-area/", newcomer_views.newcomer_page, name="newcomer"),
]
