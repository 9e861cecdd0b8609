from django.urls import URLPattern, URLResolver, path

from perhekeskus.network import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.finder, name="finder"),
    # `home` is where sign-out lands (settings.LOGOUT_REDIRECT_URL): the same finder page.
    path("", views.finder, name="home"),
    path("services/<uuid:uuid>/", views.service_detail, name="service-detail"),
    path("places/<uuid:uuid>/", views.place_detail, name="place-detail"),
    path("organisations/<uuid:uuid>/", views.organisation_detail, name="organisation-detail"),
    path("areas/<uuid:uuid>/", views.area_detail, name="area-detail"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
