from perhekeskus.network.models.contacts import ContactPerson
from perhekeskus.network.models.organisations import (
    Area,
    AreaKind,
    Organisation,
    OrganisationKind,
    Sector,
)
from perhekeskus.network.models.places import (
    MEETING_PLACE_KINDS,
    OpeningException,
    OpeningHours,
    Place,
    PlaceKind,
    Weekday,
)
from perhekeskus.network.models.services import AccessMode, Cost, Service, ServiceStatus
from perhekeskus.network.models.taxonomy import Language, LifeStage, ServiceType, TargetGroup, Tier

__all__ = [
    "MEETING_PLACE_KINDS",
    "AccessMode",
    "Area",
    "AreaKind",
    "ContactPerson",
    "Cost",
    "Language",
    "LifeStage",
    "OpeningException",
    "OpeningHours",
    "Organisation",
    "OrganisationKind",
    "Place",
    "PlaceKind",
    "Sector",
    "Service",
    "ServiceStatus",
    "ServiceType",
    "TargetGroup",
    "Tier",
    "Weekday",
]
