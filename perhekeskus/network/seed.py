"""The seeded lookup tables every installation has.

`seed_lookups()` is idempotent: it creates missing rows and refreshes names, never
deletes. A data migration runs it, and `load_demo` runs it again.
The service-type taxonomy itself is in `taxonomy_data.py`.
"""

from __future__ import annotations

from typing import Any

from perhekeskus.network.taxonomy_data import SERVICE_TYPES

# code, fi, sv, en, min months, max months (expecting: before birth)
LIFE_STAGES = [
    ("expecting", "Odotusaika", "Väntetiden", "Expecting a baby", None, 0),
    ("age_0_1", "0–1-vuotiaat", "0–1 år", "0–1 years", 0, 12),
    ("age_1_3", "1–3-vuotiaat", "1–3 år", "1–3 years", 12, 36),
    ("age_3_6", "3–6-vuotiaat", "3–6 år", "3–6 years", 36, 84),
    ("age_7_12", "7–12-vuotiaat", "7–12 år", "7–12 years", 84, 156),
    ("age_13_17", "13–17-vuotiaat", "13–17 år", "13–17 years", 156, 216),
]

TARGET_GROUPS = [
    ("all_families", "Kaikki lapsiperheet", "Alla barnfamiljer", "All families with children"),
    (
        "first_time_parents",
        "Ensimmäistä lastaan odottavat",
        "Förstföderskor och blivande föräldrar",
        "First-time parents",
    ),
    ("fathers", "Isät", "Pappor", "Fathers"),
    ("mothers", "Äidit", "Mammor", "Mothers"),
    ("immigrant_families", "Maahanmuuttajaperheet", "Invandrarfamiljer", "Immigrant families"),
    ("young_parents", "Nuoret vanhemmat", "Unga föräldrar", "Young parents"),
    ("single_parents", "Yksinhuoltajat", "Ensamstående föräldrar", "Single parents"),
    ("multiple_births", "Monikkoperheet", "Flerlingsfamiljer", "Families with twins or more"),
    ("blended_families", "Uusperheet", "Ombildade familjer", "Blended families"),
    (
        "special_needs",
        "Erityistä tukea tarvitsevien lasten perheet",
        "Familjer med barn med särskilda behov",
        "Families of children with special needs",
    ),
    ("grandparents", "Isovanhemmat", "Mor- och farföräldrar", "Grandparents"),
    ("swedish_speaking", "Ruotsinkieliset perheet", "Svenskspråkiga familjer", "Swedish-speaking families"),
]

LANGUAGES = [
    ("fi", "suomi", "finska", "Finnish"),
    ("sv", "ruotsi", "svenska", "Swedish"),
    ("en", "englanti", "engelska", "English"),
    ("ru", "venäjä", "ryska", "Russian"),
    ("et", "viro", "estniska", "Estonian"),
    ("ar", "arabia", "arabiska", "Arabic"),
    ("so", "somali", "somaliska", "Somali"),
    ("fa", "persia", "persiska", "Persian"),
    ("ku", "kurdi", "kurdiska", "Kurdish"),
    ("uk", "ukraina", "ukrainska", "Ukrainian"),
    ("se", "saame", "samiska", "Sami"),
    ("fse", "suomalainen viittomakieli", "finskt teckenspråk", "Finnish Sign Language"),
]


def _upsert(model: Any, code: str, position: int, **fields: Any) -> Any:
    obj, _ = model.objects.update_or_create(code=code, defaults={"position": position, **fields})
    return obj


def seed_lookups(apps: Any = None) -> None:
    """Create or refresh the lookup rows. `apps` is given inside a migration."""
    get = (lambda name: apps.get_model("network", name)) if apps else _model
    life_stage, target_group, language, service_type = (
        get("LifeStage"),
        get("TargetGroup"),
        get("Language"),
        get("ServiceType"),
    )
    for i, (code, fi, sv, en, lo, hi) in enumerate(LIFE_STAGES):
        _upsert(life_stage, code, i, name_fi=fi, name_sv=sv, name_en=en, min_age_months=lo, max_age_months=hi)
    for i, (code, fi, sv, en) in enumerate(TARGET_GROUPS):
        _upsert(target_group, code, i, name_fi=fi, name_sv=sv, name_en=en)
    for i, (code, fi, sv, en) in enumerate(LANGUAGES):
        _upsert(language, code, i, name_fi=fi, name_sv=sv, name_en=en)
    by_code: dict[str, Any] = {}
    for i, row in enumerate(SERVICE_TYPES):
        parent = by_code.get(row.get("parent", ""))
        by_code[row["code"]] = _upsert(
            service_type,
            row["code"],
            i,
            name_fi=row["fi"],
            name_sv=row.get("sv", ""),
            name_en=row.get("en", ""),
            description_fi=row.get("description_fi", ""),
            default_tier=row.get("tier", ""),
            parent=parent,
        )


def _model(name: str) -> Any:
    from django.apps import apps as global_apps

    return global_apps.get_model("network", name)
