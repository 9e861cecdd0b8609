from django.urls import URLPattern, URLResolver, path

from perhekeskus.groups import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/<uuid:uuid>/sign-up/", views.signup, name="group-signup"),
    # The secret is the family's key to their own sign-up: no login is needed.
    path("signups/<uuid:uuid>/<str:secret>/", views.manage, name="signup-manage"),
]
