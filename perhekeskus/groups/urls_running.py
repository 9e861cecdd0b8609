"""Pages (`urlpatterns`) and API routes (`api_urlpatterns`, under /api/v1/) of this part of groups:
the facilitators' participant list, sessions and feedback summary, and the families' feedback form."""

from django.urls import URLPattern, URLResolver, path

from perhekeskus.groups import running_api, running_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/<uuid:uuid>/participants/", running_views.participants, name="group-participants"),
    path("groups/<uuid:uuid>/sessions/<int:session_id>/", running_views.session, name="group-session"),
    path("groups/<uuid:uuid>/feedback/", running_views.feedback_summary, name="group-feedback"),
    path("feedback/<str:token>/", running_views.feedback_form, name="feedback-form"),
]
api_urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/<uuid:id>/sessions/", running_api.SessionsView.as_view(), name="api-group-sessions"),
    path(
        "groups/<uuid:id>/sessions/<int:session_id>/attendance/",
        running_api.AttendanceView.as_view(),
        name="api-group-attendance",
    ),
    path("groups/<uuid:id>/feedback/", running_api.FeedbackSummaryView.as_view(), name="api-group-feedback"),
    path("feedback/<str:token>/", running_api.FeedbackAnswerView.as_view(), name="api-feedback-answer"),
]
