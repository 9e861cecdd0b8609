from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # The activity feed and API come first: the network's router owns the API root.
    path("api/v1/", include("perhekeskus.activities.feed_api_urls")),
    path("api/v1/", include("perhekeskus.activities.api_urls")),
    path("api/v1/", include("perhekeskus.groups.api_urls")),
    path("api/v1/", include("perhekeskus.questionnaires.api_urls")),
    path("api/v1/", include("perhekeskus.wellbeing.api_urls")),
    path("api/v1/", include("perhekeskus.network.api_urls")),
    path("", include("perhekeskus.accounts.urls")),
    path("", include("perhekeskus.network.urls")),
    path("", include("perhekeskus.activities.calendar_urls")),
    path("", include("perhekeskus.activities.print_urls")),
    path("", include("perhekeskus.activities.feed_urls")),
    path("", include("perhekeskus.activities.editor_urls")),
    path("", include("perhekeskus.groups.urls")),
    path("", include("perhekeskus.questionnaires.urls")),
    path("", include("perhekeskus.wellbeing.urls")),
]
