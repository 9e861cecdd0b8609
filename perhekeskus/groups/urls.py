from django.urls import URLPattern, URLResolver, path

from perhekeskus.groups import (
    urls_interest,
    urls_invitations,
    urls_manage,
    urls_programmes,
    urls_running,
    views,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/<uuid:uuid>/sign-up/", views.signup, name="group-signup"),
    # The secret is the family's key to their own sign-up: no login is needed.
    path("signups/<uuid:uuid>/<str:secret>/", views.manage, name="signup-manage"),
    *urls_programmes.urlpatterns,
    *urls_manage.urlpatterns,
    *urls_invitations.urlpatterns,
    *urls_interest.urlpatterns,
    *urls_running.urlpatterns,
]
