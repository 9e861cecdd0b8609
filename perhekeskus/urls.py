from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("perhekeskus.network.api_urls")),
    path("", include("perhekeskus.accounts.urls")),
    path("", include("perhekeskus.network.urls")),
]
