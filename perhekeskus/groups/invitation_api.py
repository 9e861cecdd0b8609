"""Invitations in the API, for professionals with a token (`access.can_invite`).

- `POST /api/v1/groups/<id>/invitations/`: `emails` (a list) sends one personal e-mail
  each; otherwise `count` codes for printed letters (`channel: "letter"`) or for handing
  over in person (`"code"`). 201 with the batch; letters' and handed-over codes are in
  this answer only (only their hashes are kept). E-mailed codes go to the families alone.
- `GET` the same address: the group's batches with their issued/used/revoked counts.
- `POST /api/v1/invitation-batches/<id>/revoke/`: revoke the batch's unused codes.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from perhekeskus.activities.serializers import OffsetDateTimeField
from perhekeskus.core.api import BAD_REQUEST, NOT_FOUND, WRITE_ERRORS, CodeRefField, NullableKeyField
from perhekeskus.groups import access, codes, invitations
from perhekeskus.groups.api import api_errors, unknown_fields
from perhekeskus.groups.models import Group, InvitationBatch, InvitationChannel, InvitationKind
from perhekeskus.network.models import Area, Organisation

SOURCE = "api"


class InvitationWriteSerializer(serializers.Serializer):
    emails = serializers.ListField(
        child=serializers.CharField(max_length=254, allow_blank=True),
        required=False,
        max_length=invitations.MAX_BATCH,
        help_text="Send one personal invitation e-mail to each (channel email). Not stored.",
    )
    count = serializers.IntegerField(required=False, help_text="How many codes (letters or handed over).")
    channel = serializers.ChoiceField(
        choices=InvitationChannel.choices, required=False, help_text="Left out: email with emails, else letter."
    )
    organisation = CodeRefField(
        Organisation.objects.all(),
        lookup="slug",
        noun="organisation",
        required=False,
        help_text="The inviting organisation's slug. Left out: the first one the token may invite for.",
    )
    language = serializers.CharField(max_length=2, default="fi")
    kind = serializers.ChoiceField(choices=InvitationKind.choices, default=InvitationKind.PERSONAL)
    area = CodeRefField(Area.objects.all(), lookup="slug", noun="area", required=False, allow_null=True, default=None)
    due_from = serializers.DateField(required=False, allow_null=True, default=None)
    due_to = serializers.DateField(required=False, allow_null=True, default=None)
    first_time_parents = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=300, allow_blank=True, default="")


class BatchSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    kind = serializers.ChoiceField(choices=InvitationKind.choices, read_only=True)
    channel = serializers.ChoiceField(choices=InvitationChannel.choices, read_only=True)
    organisation = serializers.CharField(source="organisation.slug", read_only=True)
    language = serializers.CharField(read_only=True)
    count = serializers.IntegerField(read_only=True)
    area = NullableKeyField("slug", help_text="A cohort's area (slug).")
    due_from = serializers.DateField(read_only=True, allow_null=True)
    due_to = serializers.DateField(read_only=True, allow_null=True)
    first_time_parents = serializers.BooleanField(read_only=True)
    expires_at = OffsetDateTimeField(read_only=True, allow_null=True)
    created_at = OffsetDateTimeField(read_only=True)


class BatchCountsSerializer(BatchSerializer):
    issued = serializers.IntegerField(read_only=True, help_text="Not used yet.")
    used = serializers.IntegerField(read_only=True)
    revoked = serializers.IntegerField(read_only=True)


class BatchCreatedSerializer(BatchSerializer):
    codes = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Shown once (letters and handed-over codes)."
    )


def _signed_in(request: Request) -> None:
    if not request.user.is_authenticated:
        raise NotAuthenticated


class GroupInvitationsView(APIView):
    @extend_schema(responses={200: BatchCountsSerializer(many=True), **WRITE_ERRORS, 404: NOT_FOUND})
    def get(self, request: Request, id: uuid.UUID) -> Response:
        group = self._group(request, id)
        batches = invitations.batch_summary(group)
        return Response({"data": BatchCountsSerializer(batches, many=True).data})

    @extend_schema(
        request=InvitationWriteSerializer,
        responses={201: BatchCreatedSerializer, 400: BAD_REQUEST, **WRITE_ERRORS, 404: NOT_FOUND},
    )
    def post(self, request: Request, id: uuid.UUID) -> Response:
        group = self._group(request, id)
        unknown_fields(request.data, InvitationWriteSerializer().fields)
        serializer = InvitationWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        organisation = data.pop("organisation", None) or self._default_organisation(request, group)
        emails = data.pop("emails", None)
        channel = data.pop("channel", None) or (
            InvitationChannel.EMAIL if emails is not None else InvitationChannel.LETTER
        )
        issued: list[str] = []
        with api_errors():
            if channel == InvitationChannel.EMAIL:
                if emails is None:
                    raise ValidationError({"emails": [_("Give the e-mail addresses to invite.")]})
                batch = invitations.invite_by_email(
                    actor=request.user,
                    group=group,
                    emails=emails,
                    organisation=organisation,
                    language=data["language"],
                    note=data["note"],
                    source=SOURCE,
                )
            else:
                if emails is not None:
                    raise ValidationError({"emails": [_("Addresses are given only with the e-mail channel.")]})
                if data.get("count") is None:
                    raise ValidationError({"count": [_("Give how many codes to make.")]})
                batch, issued = invitations.invitations_print(
                    actor=request.user, group=group, organisation=organisation, channel=channel, source=SOURCE, **data
                )
        batch.codes = [codes.printed(code) for code in issued]  # type: ignore[attr-defined]
        return Response(BatchCreatedSerializer(batch).data, status=status.HTTP_201_CREATED)

    def _group(self, request: Request, id: uuid.UUID) -> Group:
        _signed_in(request)
        group = get_object_or_404(Group.objects.select_related("activity__organisation", "activity__area"), uuid=id)
        if not access.can_invite(request.user, group):
            raise PermissionDenied(_("You may not invite families to this group."))
        return group

    def _default_organisation(self, request: Request, group: Group) -> Organisation:
        allowed = access.inviting_organisations(request.user, group)
        if not allowed:
            raise ValidationError({"organisation": [_("Name the organisation you invite for.")]})
        return allowed[0]


class BatchRevokeView(APIView):
    @extend_schema(request=None, responses={200: BatchCountsSerializer, **WRITE_ERRORS, 404: NOT_FOUND})
    def post(self, request: Request, id: uuid.UUID) -> Response:
        _signed_in(request)
        batch = get_object_or_404(InvitationBatch.objects.select_related("group__activity"), uuid=id)
        if not invitations.can_revoke(request.user, batch):
            raise PermissionDenied(_("You may not revoke these invitations."))
        invitations.batch_revoke(actor=request.user, batch=batch, source=SOURCE)
        counted = next(b for b in invitations.batch_summary(batch.group) if b.pk == batch.pk)
        return Response(BatchCountsSerializer(counted).data)
