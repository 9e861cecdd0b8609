"""The service-type taxonomy: every service and practice the PERHE report names.

Each row: code, Finnish/Swedish/English name, parent code (a top-level group), default
tier (Kuvio 3). Order is the display order. Codes never change once published.
"""

from __future__ import annotations

from typing import Any

SERVICE_TYPES: list[dict[str, Any]] = [
    {
        "code": "health",
        "fi": "Neuvolat ja terveys",
        "sv": "Rådgivning och hälsa",
        "en": "Clinics and health",
        "tier": "basic",
    },
    {
        "code": "maternity_clinic",
        "parent": "health",
        "fi": "Äitiysneuvola",
        "sv": "Mödrarådgivning",
        "en": "Maternity clinic",
        "tier": "basic",
    },
    {
        "code": "child_health_clinic",
        "parent": "health",
        "fi": "Lastenneuvola",
        "sv": "Barnrådgivning",
        "en": "Child health clinic",
        "tier": "basic",
    },
    {
        "code": "family_training",
        "parent": "health",
        "fi": "Perhevalmennus",
        "sv": "Familjeförberedelse",
        "en": "Family training",
        "tier": "basic",
    },
    {
        "code": "meeting_places",
        "fi": "Kohtaamispaikat",
        "sv": "Mötesplatser",
        "en": "Meeting places",
        "tier": "community",
    },
    {
        "code": "family_cafe",
        "parent": "meeting_places",
        "fi": "Perhekahvila",
        "sv": "Familjecafé",
        "en": "Family café",
        "tier": "community",
    },
    {"code": "peer_support", "fi": "Vertaistuki", "sv": "Kamratstöd", "en": "Peer support", "tier": "community"},
    {
        "code": "peer_group",
        "parent": "peer_support",
        "fi": "Vertaisryhmä",
        "sv": "Kamratgrupp",
        "en": "Peer group",
        "tier": "community",
    },
    {
        "code": "fathers_group",
        "parent": "peer_support",
        "fi": "Isäryhmä",
        "sv": "Pappagrupp",
        "en": "Fathers' group",
        "tier": "community",
    },
    {
        "code": "family_work",
        "fi": "Perhetyö ja varhainen tuki",
        "sv": "Familjearbete och tidigt stöd",
        "en": "Family work and early support",
        "tier": "early_support",
    },
    {
        "code": "preventive_family_work",
        "parent": "family_work",
        "fi": "Ennalta ehkäisevä perhetyö",
        "sv": "Förebyggande familjearbete",
        "en": "Preventive family work",
        "tier": "early_support",
    },
    {
        "code": "early_education",
        "fi": "Varhaiskasvatus ja koulu",
        "sv": "Småbarnspedagogik och skola",
        "en": "Early education and school",
        "tier": "basic",
    },
    {
        "code": "day_care",
        "parent": "early_education",
        "fi": "Päiväkoti",
        "sv": "Daghem",
        "en": "Day-care centre",
        "tier": "basic",
    },
    {
        "code": "special_services",
        "fi": "Erityispalvelut",
        "sv": "Specialtjänster",
        "en": "Special services",
        "tier": "special",
    },
    {
        "code": "family_guidance_clinic",
        "parent": "special_services",
        "fi": "Perheneuvola",
        "sv": "Familjerådgivning",
        "en": "Family guidance clinic",
        "tier": "regional",
    },
]
