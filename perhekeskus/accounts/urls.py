from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from perhekeskus.accounts import oidc, views

# The OIDC routes are always present; the views answer 404 unless OIDC_ENABLED (see oidc.py).
oidc_patterns = [
    path("authenticate/", oidc.AuthenticateView.as_view(), name="oidc_authentication_init"),
    path("callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("oidc/", include(oidc_patterns)),
    path("tokens/new/", views.token_issue, name="token_issue"),
    path("", include("perhekeskus.network.editor_urls")),
]
