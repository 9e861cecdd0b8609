"""Pages (`urlpatterns`) and API routes (`api_urlpatterns`, under /api/v1/) of this part of groups."""

from django.urls import URLPattern, URLResolver, path

from perhekeskus.groups import invitation_api, invitation_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/<uuid:uuid>/invitations/", invitation_views.group_invitations, name="group-invitations"),
    path("invitation-batches/<uuid:uuid>/revoke/", invitation_views.batch_revoke, name="invitation-batch-revoke"),
    # The families' "I have an invitation code" page.
    path("invitation/", invitation_views.invitation_enter, name="invitation-enter"),
]
api_urlpatterns: list[URLPattern | URLResolver] = [
    path("groups/<uuid:id>/invitations/", invitation_api.GroupInvitationsView.as_view(), name="api-group-invitations"),
    path(
        "invitation-batches/<uuid:id>/revoke/", invitation_api.BatchRevokeView.as_view(), name="api-invitation-revoke"
    ),
]
