"""Groups, their programme templates, invitations, interest lists and the facilitators' records."""

from perhekeskus.groups.models.interest import Interest, InterestNotice, InterestStatus, InterestTime
from perhekeskus.groups.models.invitations import (
    Invitation,
    InvitationBatch,
    InvitationChannel,
    InvitationKind,
    InvitationStatus,
)
from perhekeskus.groups.models.programmes import Programme, ProgrammeSession, SessionPhase
from perhekeskus.groups.models.running import (
    Attendance,
    Facilitator,
    FacilitatorKind,
    FeedbackInvite,
    SessionRecord,
)
from perhekeskus.groups.models.signups import (
    ACTIVE_STATUSES,
    PLACE_STATUSES,
    CapacityUnit,
    Group,
    GroupStatus,
    ProgrammeKind,
    Signup,
    SignupStatus,
)

__all__ = [
    "ACTIVE_STATUSES",
    "PLACE_STATUSES",
    "Attendance",
    "CapacityUnit",
    "Facilitator",
    "FacilitatorKind",
    "FeedbackInvite",
    "Group",
    "GroupStatus",
    "Interest",
    "InterestNotice",
    "InterestStatus",
    "InterestTime",
    "Invitation",
    "InvitationBatch",
    "InvitationChannel",
    "InvitationKind",
    "InvitationStatus",
    "Programme",
    "ProgrammeKind",
    "ProgrammeSession",
    "SessionPhase",
    "SessionRecord",
    "Signup",
    "SignupStatus",
]
