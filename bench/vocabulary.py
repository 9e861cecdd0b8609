"""Words the benchmark network is built from: Finnish and Swedish place names, name
patterns per service type, description sentences, streets and opening-hour patterns.

Place names are made of a stem and a suffix whose genitive is known, so the generated
names inflect as real ones do ("Kivijärvi" → "Kivijärven neuvola") and the search has
real Finnish forms to find.
"""

from __future__ import annotations

from collections.abc import Sequence

# The 21 wellbeing services counties and Helsinki: (name fi, genitive fi, name sv, lat, lon,
# bilingual). The coordinates are a rough centre for the places generated there.
COUNTIES: list[tuple[str, str, str, float, float, bool]] = [
    ("Itä-Uusimaa", "Itä-Uudenmaan", "Östra Nyland", 60.39, 25.66, True),
    ("Keski-Uusimaa", "Keski-Uudenmaan", "Mellersta Nyland", 60.47, 24.80, False),
    ("Länsi-Uusimaa", "Länsi-Uudenmaan", "Västra Nyland", 60.20, 24.65, True),
    ("Vantaa-Kerava", "Vantaan ja Keravan", "Vanda-Kervo", 60.30, 25.04, False),
    ("Helsinki", "Helsingin", "Helsingfors", 60.17, 24.94, True),
    ("Varsinais-Suomi", "Varsinais-Suomen", "Egentliga Finland", 60.45, 22.27, True),
    ("Satakunta", "Satakunnan", "Satakunta", 61.48, 21.80, False),
    ("Kanta-Häme", "Kanta-Hämeen", "Egentliga Tavastland", 61.00, 24.46, False),
    ("Pirkanmaa", "Pirkanmaan", "Birkaland", 61.50, 23.76, False),
    ("Päijät-Häme", "Päijät-Hämeen", "Päijänne-Tavastland", 60.98, 25.66, False),
    ("Kymenlaakso", "Kymenlaakson", "Kymmenedalen", 60.87, 26.70, False),
    ("Etelä-Karjala", "Etelä-Karjalan", "Södra Karelen", 61.06, 28.19, False),
    ("Etelä-Savo", "Etelä-Savon", "Södra Savolax", 61.69, 27.27, False),
    ("Pohjois-Savo", "Pohjois-Savon", "Norra Savolax", 62.89, 27.68, False),
    ("Pohjois-Karjala", "Pohjois-Karjalan", "Norra Karelen", 62.60, 29.76, False),
    ("Keski-Suomi", "Keski-Suomen", "Mellersta Finland", 62.24, 25.75, False),
    ("Etelä-Pohjanmaa", "Etelä-Pohjanmaan", "Södra Österbotten", 62.79, 22.84, False),
    ("Pohjanmaa", "Pohjanmaan", "Österbotten", 63.10, 21.62, True),
    ("Keski-Pohjanmaa", "Keski-Pohjanmaan", "Mellersta Österbotten", 63.84, 23.13, True),
    ("Pohjois-Pohjanmaa", "Pohjois-Pohjanmaan", "Norra Österbotten", 65.01, 25.47, False),
    ("Kainuu", "Kainuun", "Kajanaland", 64.22, 27.73, False),
    ("Lappi", "Lapin", "Lappland", 66.50, 25.72, False),
]

STEMS = [
    "Kivi", "Koski", "Mänty", "Koivu", "Kuusi", "Leppä", "Pihlaja", "Tammi", "Haapa", "Kallio",
    "Hiekka", "Savi", "Sammal", "Kaisla", "Ruoho", "Marja", "Kataja", "Vaski", "Rauta", "Hopea",
    "Kulta", "Kotka", "Joutsen", "Kurki", "Hirvi", "Karhu", "Susi", "Ilves", "Kettu", "Orava",
    "Jänis", "Lohi", "Hauki", "Ahven", "Niitty", "Pelto", "Aho", "Kangas", "Laakso", "Korpi",
    "Rauha", "Päivä", "Kuu", "Tähti", "Pouta", "Tuuli", "Lumi", "Sini", "Vihta", "Paju",
]  # fmt: skip

# (nominative, genitive); "la"/"lä" follows vowel harmony, see `place_name`.
SUFFIXES = [
    ("järvi", "järven"), ("lahti", "lahden"), ("koski", "kosken"), ("mäki", "mäen"),
    ("niemi", "niemen"), ("vaara", "vaaran"), ("saari", "saaren"), ("salmi", "salmen"),
    ("kylä", "kylän"), ("ranta", "rannan"), ("joki", "joen"), ("lampi", "lammen"),
    ("vesi", "veden"), ("harju", "harjun"), ("lehto", "lehdon"), ("la", "lan"),
    ("pää", "pään"), ("suo", "suon"), ("nummi", "nummen"), ("linna", "linnan"),
]  # fmt: skip

SV_STEMS = [
    "Sten", "Björk", "Gran", "Ek", "Lind", "Äng", "Sand", "Berg", "Sjö", "Ny",
    "Norr", "Söder", "Öster", "Väster", "Hag", "Kvarn", "Kyrk", "Holm", "Ask", "Tall",
]  # fmt: skip
SV_SUFFIXES = ["by", "vik", "ö", "berg", "holm", "dal", "backa", "näs", "sund", "å", "torp", "hamn"]

# Names of day-care centres, cafés and parks ("Perhekahvila Touhula", "Päiväkoti Satakieli").
NICKNAMES = [
    "Touhula", "Satakieli", "Kissankello", "Peikkometsä", "Sateenkaari", "Mesikämmen", "Tenavat",
    "Vekara", "Pikkuväki", "Nalle", "Myllerrys", "Puuhapaja", "Tähtisilmä", "Leppäkerttu",
    "Muumi", "Sammakko", "Pilvilinna", "Metsätähti", "Kotikolo", "Hiirulainen", "Tuulenpesä",
    "Onnenpesä", "Kotipesä", "Vaahtera", "Pikkukakkonen", "Kuperkeikka", "Hyrrä", "Lumihiutale",
    "Solglimten", "Regnbågen", "Trollet", "Humlan",
]  # fmt: skip

STREETS = [
    "Koulukatu", "Kirkkotie", "Puistotie", "Rantatie", "Asematie", "Myllytie", "Kauppakatu",
    "Torikatu", "Sairaalantie", "Urheilutie", "Kalliotie", "Koivukuja", "Pihlajatie",
    "Keskuskatu", "Kansakoulunkatu", "Seurakuntatie", "Perhekeskuksentie", "Neuvolantie",
]  # fmt: skip

# Name patterns per service type code: (fi, sv or "", en or ""). Placeholders: {place}
# (nominative), {gen} (genitive), {sv} (Swedish place name), {nick} (a nickname).
SERVICE_NAMES: dict[str, list[tuple[str, str, str]]] = {
    "health": [
        ("Kouluterveydenhuolto, {place}", "Skolhälsovård, {sv}", "School health care, {place}"),
        ("{gen} lasten suun terveydenhuolto", "", ""),
    ],
    "maternity_clinic": [("{gen} äitiysneuvola", "Mödrarådgivningen i {sv}", "{place} maternity clinic")],
    "child_health_clinic": [
        ("{gen} lastenneuvola", "Barnrådgivningen i {sv}", "{place} child health clinic"),
        ("{gen} neuvola", "Rådgivningen i {sv}", ""),
        ("{gen} hyvinvointineuvola", "", "{place} wellbeing clinic"),
    ],
    "family_training": [
        ("Perhevalmennus, {place}", "Familjeförberedelse i {sv}", "Family training in {place}"),
        ("Isien perhevalmennus, {place}", "", ""),
        ("Nuorten vanhempien perhevalmennus", "", "Family training for young parents"),
    ],
    "meeting_places": [
        ("Asukaspuisto {nick}", "Invånarparken {nick}", "{nick} resident park"),
        ("Avoin päiväkoti {nick}", "Öppna daghemmet {nick}", ""),
        ("Perhekerho {nick}", "Familjeklubben {nick}", ""),
    ],
    "family_cafe": [
        ("Perhekahvila {nick}", "Familjecafé {nick}", "{nick} family café"),
        ("{gen} perhekahvila", "Familjecaféet i {sv}", ""),
        ("Vauvakahvila {nick}", "Babycafé {nick}", ""),
    ],
    "peer_support": [
        ("Vertaistuki vanhemmille, {place}", "Kamratstöd för föräldrar, {sv}", ""),
        ("Tukihenkilötoiminta lapsiperheille", "", ""),
    ],
    "peer_group": [
        ("Vauvaryhmä {nick}", "Babygruppen {nick}", "Baby group {nick}"),
        ("Ekavauva-ryhmä, {place}", "", ""),
        ("Kaksosperheiden vertaisryhmä", "Flerlingsfamiljernas grupp", ""),
        ("Maahanmuuttajaäitien ryhmä, {place}", "", "Immigrant mothers' group, {place}"),
        ("Yksinhuoltajien vertaisryhmä", "", ""),
        ("Uusperheiden ryhmä, {place}", "", ""),
        ("Muskari {nick}", "Musiklek {nick}", ""),
        ("Perheliikunta, {place}", "Familjegympa i {sv}", ""),
    ],
    "fathers_group": [
        ("{gen} isäryhmä", "Pappagruppen i {sv}", "{place} fathers' group"),
        ("Isä–lapsi-kerho {nick}", "Pappa–barn-klubben {nick}", ""),
        ("Isien saunailta, {place}", "", ""),
    ],
    "family_work": [
        ("Lapsiperheiden kotipalvelu, {place}", "Hemservice för barnfamiljer, {sv}", "Home help for families"),
        ("Perhetyö, {place}", "Familjearbete, {sv}", "Family work, {place}"),
    ],
    "preventive_family_work": [
        ("Ennalta ehkäisevä perhetyö, {place}", "Förebyggande familjearbete, {sv}", ""),
        ("Neuvolan perhetyö, {place}", "", ""),
    ],
    "early_education": [
        ("Esiopetus, {place}", "Förskoleundervisning, {sv}", "Pre-school, {place}"),
        ("Avoin varhaiskasvatus, {place}", "Öppen småbarnspedagogik, {sv}", ""),
        ("{gen} koulu", "{sv} skola", ""),
    ],
    "day_care": [
        ("Päiväkoti {nick}", "Daghemmet {nick}", "{nick} day-care centre"),
        ("Perhepäivähoito, {place}", "Familjedagvård, {sv}", ""),
    ],
    "special_services": [
        ("Lastensuojelun avohuolto, {place}", "Öppenvård inom barnskyddet, {sv}", ""),
        ("Lasten puheterapia, {place}", "", "Speech therapy for children"),
        ("Erityisvarhaiskasvatus, {place}", "", ""),
    ],
    "family_guidance_clinic": [
        ("{gen} perheneuvola", "Familjerådgivningen i {sv}", "{place} family guidance clinic"),
        ("Kasvatus- ja perheneuvonta, {place}", "", ""),
    ],
}
GENERIC_SERVICE_NAME = ("{type}, {place}", "", "")

# Description sentences: one or two on the service's topic, one or two general ones.
DESCRIPTIONS_FI: dict[str, list[str]] = {
    "clinic": [
        "Terveydenhoitaja seuraa lapsen kasvua ja kehitystä neuvolakäynneillä.",
        "Ajanvaraus neuvolan puhelinnumerosta arkisin.",
        "Tietoa imetyksestä, vauvan unirytmistä ja parisuhteesta.",
        "Palvelu on tarkoitettu ensimmäistä lastaan odottaville perheille.",
        "Kutsu ryhmään lähetetään neuvolasta laskettuun aikaan perustuen.",
    ],
    "meeting": [
        "Avoin kohtaamispaikka vauvaperheille ja odottaville vanhemmille {gen} alueella.",
        "Tule mukaan leikkimään, juttelemaan ja tapaamaan muita vanhempia.",
        "Ryhmää ohjaavat perhetyöntekijä ja vapaaehtoinen yhdessä.",
        "Kokoonnumme viikoittain seurakuntatalolla.",
        "Tarjolla kahvia, mehua ja vertaistukea.",
        "Isät ja lapset kokoontuvat yhdessä leikkimään ja liikkumaan.",
        "Ohjelmassa on vuorotellen teemailtoja ja vapaata yhdessäoloa.",
    ],
    "family_work": [
        "Perhetyöntekijä tulee tarvittaessa kotikäynnille.",
        "Tukea arjen sujumiseen, vanhemmuuteen ja lapsen hoitoon.",
        "Palveluun ohjataan lähetteellä tai sosiaalityöntekijän kautta.",
    ],
    "education": [
        "Leikkiä, ulkoilua ja oppimista pienissä ryhmissä.",
        "Hakemus jätetään neljä kuukautta ennen hoidon alkua.",
        "Esiopetus on maksutonta kaikille kuusivuotiaille.",
    ],
    "general": [
        "Toiminta on maksutonta eikä vaadi ilmoittautumista.",
        "Monikulttuurisille perheille tulkki on saatavilla pyydettäessä.",
        "Tilat ovat esteettömät ja lastenvaunuille on paikka.",
        "Lisätietoja saa puhelimitse ja sähköpostilla.",
        "Toiminta on osa {gen} perhekeskusta.",
    ],
}
TOPIC_OF_TYPE = {
    "health": "clinic",
    "maternity_clinic": "clinic",
    "child_health_clinic": "clinic",
    "family_training": "clinic",
    "family_work": "family_work",
    "preventive_family_work": "family_work",
    "special_services": "family_work",
    "family_guidance_clinic": "family_work",
    "early_education": "education",
    "day_care": "education",
}  # every other type: "meeting"
DESCRIPTIONS_SV = [
    "En öppen mötesplats för barnfamiljer i {sv}.",
    "Kom med och lek, prata och träffa andra föräldrar.",
    "Gruppen leds av en familjearbetare och en frivillig.",
    "Verksamheten är gratis och kräver ingen anmälan.",
    "Anmälan via hälsovårdaren på rådgivningen.",
]
DESCRIPTIONS_EN = [
    "An open meeting place for families with babies in {place}.",
    "Come to play, talk and meet other parents.",
    "Free of charge, no registration needed.",
]

ACCESSIBILITY_FI = [
    "Esteetön sisäänkäynti pääovelta.",
    "Lastenvaunuille on paikka eteisessä.",
    "Hissi toiseen kerrokseen.",
    "Inva-pysäköintipaikka pihalla.",
    "Induktiosilmukka kokoustilassa.",
]

HOLIDAYS = [
    # (start, end, reason fi, sv, en)
    ("2026-06-19", "2026-06-21", "Juhannus", "Midsommar", "Midsummer"),
    ("2026-12-24", "2026-12-26", "Joulu", "Jul", "Christmas"),
    ("2026-07-06", "2026-07-31", "Kesätauko", "Sommaruppehåll", "Summer break"),
]

# --- Who offers what ----------------------------------------------------------------------

# role: (kind, sector, weight, Finnish patterns, Swedish patterns, unit of the municipality)
ORG_ROLES: dict[str, tuple[str, str, int, list[str], list[str], bool]] = {
    "clinic": ("municipality", "health", 14, ["{dgen} neuvola", "{dgen} perhekeskus"], ["Rådgivningen i {dsv}"], True),
    "social": ("municipality", "social", 10, ["{gen} perhetyö", "{dgen} perhetyön tiimi"], ["Familjearbetet i {sv}"], True),
    "education": ("education", "education", 25, ["Päiväkoti {nick}", "{dgen} koulu", "{dgen} päiväkoti"], ["Daghemmet {nick}", "{dsv} skola"], False),
    "ngo": ("ngo", "third_sector", 22, ["MLL:n {gen} yhdistys", "{gen} Martat", "Perhekerho {nick} ry", "{gen} Setlementti", "Monikkoperheet {place} ry"], ["Folkhälsan i {sv}", "Föreningen {nick} rf"], False),
    "parish": ("parish", "parish", 10, ["{gen} seurakunta", "{dgen} kappeliseurakunta"], ["{sv} församling"], False),
    "company": ("company", "health", 10, ["Perhepalvelu {nick} Oy", "{nick} Terveys Oy", "Lastenhoito {nick} Oy"], [], False),
    "volunteer": ("volunteer_group", "third_sector", 9, ["{dgen} vapaaehtoiset", "{dgen} isäporukka", "{dgen} mammat"], [], False),
}  # fmt: skip

# Which service types each kind of organisation offers.
ROLE_SERVICES = {
    "county": ["special_services", "family_guidance_clinic", "family_work"],
    "municipality": ["family_work", "early_education", "special_services"],
    "clinic": ["maternity_clinic", "child_health_clinic", "family_training", "health", "preventive_family_work"],
    "social": ["family_work", "preventive_family_work", "meeting_places", "family_cafe", "peer_group", "special_services"],
    "education": ["day_care", "early_education", "meeting_places"],
    "ngo": ["family_cafe", "peer_group", "fathers_group", "peer_support", "meeting_places", "family_training"],
    "parish": ["family_cafe", "peer_group", "fathers_group", "meeting_places", "family_training"],
    "company": ["day_care", "family_work", "special_services", "health"],
    "volunteer": ["peer_group", "fathers_group", "family_cafe", "peer_support"],
}  # fmt: skip

ROLE_PLACES = {
    "county": ["office", "family_centre"],
    "municipality": ["office", "library", "family_centre"],
    "clinic": ["clinic", "clinic", "family_centre"],
    "social": ["family_centre", "open_day_care", "resident_park", "office"],
    "education": ["day_care", "day_care", "school"],
    "ngo": ["family_cafe", "family_club", "other"],
    "parish": ["parish_hall", "family_cafe", "family_club"],
    "company": ["office"],
    "volunteer": ["family_cafe", "other"],
}
PLACE_NAMES = {
    "clinic": "{dgen} neuvola",
    "family_centre": "{dgen} perhekeskus",
    "open_day_care": "Avoin päiväkoti {nick}",
    "resident_park": "Asukaspuisto {nick}",
    "family_cafe": "Perhekahvila {nick}",
    "family_club": "Perhekerho {nick}",
    "day_care": "Päiväkoti {nick}",
    "school": "{dgen} koulu",
    "parish_hall": "{dgen} seurakuntatalo",
    "library": "{dgen} kirjasto",
    "office": "{gen} palvelupiste",
    "other": "{dgen} nuorisotalo",
}
WEEKDAYS = range(5)
# kind: list of (days, opens, closes); None days means "one or two weekdays chosen at random".
PLACE_HOURS: dict[str, list[tuple[Sequence[int] | None, str, str]]] = {
    "clinic": [(WEEKDAYS, "08:00", "16:00")],
    "family_centre": [(WEEKDAYS, "08:00", "16:00")],
    "open_day_care": [(WEEKDAYS, "09:00", "12:00"), ((1,), "17:00", "19:00")],
    "resident_park": [(WEEKDAYS, "08:30", "16:00")],
    "family_cafe": [(None, "09:30", "12:00")],
    "family_club": [(None, "10:00", "12:00")],
    "day_care": [(WEEKDAYS, "06:30", "17:30")],
    "school": [(WEEKDAYS, "08:00", "15:00")],
    "parish_hall": [((1, 3), "10:00", "13:00")],
    "library": [((0, 1, 2, 3), "10:00", "19:00"), ((4,), "10:00", "16:00"), ((5,), "10:00", "15:00")],
    "office": [(WEEKDAYS, "08:00", "15:45")],
    "other": [((0, 2), "17:00", "20:00")],
}
STAGES = {
    "maternity_clinic": ["expecting"],
    "family_training": ["expecting", "age_0_1"],
    "child_health_clinic": ["age_0_1", "age_1_3", "age_3_6"],
    "day_care": ["age_1_3", "age_3_6"],
    "early_education": ["age_3_6", "age_7_12"],
    "family_cafe": ["expecting", "age_0_1", "age_1_3", "age_3_6"],
    "health": ["age_7_12", "age_13_17"],
}
# A word in the Finnish name → the target group it implies.
NAME_GROUPS = {
    "isä": "fathers",
    "isi": "fathers",
    "maahanmuuttaja": "immigrant_families",
    "yksinhuoltaj": "single_parents",
    "nuorten vanhempien": "young_parents",
    "kaksos": "multiple_births",
    "uusperhe": "blended_families",
    "mammat": "mothers",
    "äitien": "mothers",
}
# How a service of each type is reached (AccessMode values); others are open to all.
ACCESS = {
    "maternity_clinic": "appointment",
    "child_health_clinic": "appointment",
    "health": "appointment",
    "family_training": "invitation",
    "special_services": "referral",
    "family_guidance_clinic": "referral",
}
OTHER_LANGUAGES = ["ru", "ar", "so", "et", "uk", "fa"]
