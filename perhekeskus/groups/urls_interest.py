"""Pages (`urlpatterns`) and API routes (`api_urlpatterns`, under /api/v1/) of this part of groups."""

from django.urls import URLPattern, URLResolver, path

from perhekeskus.groups import interest_api, interest_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("interest/", interest_views.interest_new, name="interest-new"),
    path("interest/summary/", interest_views.interest_summary, name="interest-summary"),
    path("interest/open/", interest_views.interest_open, name="interest-open"),
    # The secret is the family's key to their own entry: no login is needed.
    path("interest/<uuid:uuid>/<str:secret>/", interest_views.interest_withdraw, name="interest-withdraw"),
]
api_urlpatterns: list[URLPattern | URLResolver] = [
    path("interest/", interest_api.InterestCreateView.as_view(), name="api-interest"),
    path("interest/summary/", interest_api.InterestSummaryView.as_view(), name="api-interest-summary"),
    path("interest/<uuid:id>/<str:secret>/", interest_api.OwnInterestView.as_view(), name="api-interest-own"),
    path(
        "groups/<uuid:id>/invite-interested/",
        interest_api.InviteInterestedView.as_view(),
        name="api-group-invite-interested",
    ),
]
