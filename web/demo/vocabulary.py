"""Shared demo vocabulary: record templates, places, languages, institutions and degrees.

Bilingual entries are written as "English | Russian"; an entry without " | " reads the same in
both languages (tool names such as "Python" or "Figma").
"""

from dataclasses import dataclass, field

Org = tuple[str, str | None, str | None]


@dataclass(frozen=True)
class Role:
    """One occupation: how people in it describe themselves and their careers.

    `titles` and `duties` run from junior to senior; `duties_abroad` only happened after leaving.
    """

    key: str
    field: str
    weight: float
    headlines: tuple[str, ...]
    titles: tuple[str, ...]
    skills: tuple[str, ...]
    employers_home: tuple[str, ...]
    employers_abroad: tuple[str, ...]
    duties: tuple[str, ...]
    summary: tuple[str, ...]
    studies: tuple[str, ...]
    schools: str
    duties_abroad: tuple[str, ...] = ()
    seeking: tuple[tuple[str, float], ...] = (("job", 1.0),)
    seniority: bool = False
    degree_style: str = "sci"
    degree_rate: float = 0.75
    phd_rate: float = 0.02


@dataclass(frozen=True)
class ListingTemplate:
    """One kind of opening: who posts it, how it is worded and whom it fits."""

    key: str
    kind: str
    field: str
    roles: tuple[str, ...]
    titles: tuple[str, ...]
    organizations: tuple[Org, ...]
    sentences: tuple[str, ...]
    skills: tuple[str, ...]
    languages: tuple[tuple[str, str], ...] = (("en", "B2"),)
    min_years: tuple[int, int] = (2, 5)
    compensation: tuple[str, ...] = ()
    remote: float = 0.5
    visa: float = 0.4
    lang: str = "en"
    weight: float = 1.0
    local_titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    role_titles: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Voice:
    """Which language ("en" or "ru") each part of a profile is written in."""

    headline: str
    skills: str
    summary: str
    experience: str
    descriptions: str
    education: str


def localise(entry: str, lang: str) -> str:
    """Return the English or Russian half of an "English | Russian" entry."""
    english, _, russian = entry.partition(" | ")
    return russian if lang == "ru" and russian else english


# Each city: English name, Russian name, Russian "in <city>" phrase.
CITIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "GE": (("Tbilisi", "Тбилиси", "в Тбилиси"), ("Batumi", "Батуми", "в Батуми")),
    "AM": (("Yerevan", "Ереван", "в Ереване"), ("Gyumri", "Гюмри", "в Гюмри")),
    "RS": (("Belgrade", "Белград", "в Белграде"), ("Novi Sad", "Нови-Сад", "в Нови-Саде")),
    "DE": (
        ("Berlin", "Берлин", "в Берлине"),
        ("Munich", "Мюнхен", "в Мюнхене"),
        ("Hamburg", "Гамбург", "в Гамбурге"),
        ("Frankfurt", "Франкфурт", "во Франкфурте"),
    ),
    "PT": (("Lisbon", "Лиссабон", "в Лиссабоне"), ("Porto", "Порту", "в Порту")),
    "GB": (("London", "Лондон", "в Лондоне"),),
    "IL": (
        ("Tel Aviv", "Тель-Авив", "в Тель-Авиве"),
        ("Haifa", "Хайфа", "в Хайфе"),
        ("Jerusalem", "Иерусалим", "в Иерусалиме"),
    ),
    "KZ": (("Almaty", "Алматы", "в Алматы"), ("Astana", "Астана", "в Астане")),
    "TR": (("Istanbul", "Стамбул", "в Стамбуле"), ("Antalya", "Анталья", "в Анталье")),
    "ME": (("Budva", "Будва", "в Будве"), ("Podgorica", "Подгорица", "в Подгорице")),
    "NL": (("Amsterdam", "Амстердам", "в Амстердаме"),),
    "FR": (("Paris", "Париж", "в Париже"),),
    "CY": (("Limassol", "Лимассол", "в Лимассоле"), ("Larnaca", "Ларнака", "в Ларнаке")),
    "FI": (("Helsinki", "Хельсинки", "в Хельсинки"),),
    "LT": (("Vilnius", "Вильнюс", "в Вильнюсе"),),
    "LV": (("Riga", "Рига", "в Риге"),),
    "EE": (("Tallinn", "Таллин", "в Таллине"),),
    "US": (
        ("New York", "Нью-Йорк", "в Нью-Йорке"),
        ("San Francisco", "Сан-Франциско", "в Сан-Франциско"),
        ("Boston", "Бостон", "в Бостоне"),
    ),
    "AE": (("Dubai", "Дубай", "в Дубае"),),
}

RESIDENCE_WEIGHTS: dict[str, float] = {
    "GE": 16, "AM": 13, "RS": 13, "DE": 8, "PT": 4, "GB": 3, "IL": 6, "KZ": 5, "TR": 5, "ME": 4,
    "NL": 3, "FR": 3, "CY": 4, "FI": 2, "LT": 3, "LV": 4, "EE": 2, "US": 3, "AE": 3,
}  # fmt: skip

# Exile newsrooms cluster in Riga, Amsterdam and Berlin; scholars follow university posts.
FIELD_COUNTRY_BIAS: dict[str, dict[str, float]] = {
    "it": {"CY": 3, "RS": 2, "AM": 2, "AE": 1},
    "media": {"LV": 10, "NL": 4, "DE": 5, "LT": 2, "GE": 2},
    "academia": {"DE": 8, "IL": 3, "US": 2, "FI": 2, "EE": 2},
    "arts": {"DE": 5, "RS": 3, "FR": 2, "GE": 2},
}

EU_COUNTRIES = (
    "AT", "BE", "CY", "CZ", "DE", "EE", "ES", "FI", "FR", "IT", "LT", "LV", "NL", "PL", "PT", "SE",
)  # fmt: skip

RELOCATION_WEIGHTS: dict[str, float] = {
    "DE": 10, "NL": 6, "PT": 5, "GB": 4, "US": 4, "CA": 4, "FI": 3, "FR": 3, "ES": 3, "CH": 2,
    "AT": 2, "SE": 2, "CZ": 2, "IL": 2, "GE": 2, "RS": 2, "AM": 1, "CY": 2, "EE": 1, "LT": 1,
}  # fmt: skip

# The local language of the residence country, the levels emigrants reach, and how often.
LOCAL_LANGUAGES: dict[str, tuple[str, tuple[str, ...], float]] = {
    "GE": ("ka", ("A1", "A2"), 0.3),
    "AM": ("hy", ("A1", "A2"), 0.3),
    "RS": ("sr", ("A2", "B1", "B2"), 0.6),
    "ME": ("sr", ("A2", "B1"), 0.5),
    "DE": ("de", ("B1", "B2", "C1"), 0.85),
    "PT": ("pt", ("A2", "B1"), 0.6),
    "IL": ("he", ("A2", "B1", "B2", "C1"), 0.7),
    "FR": ("fr", ("B1", "B2", "C1"), 0.8),
    "TR": ("tr", ("A1", "A2"), 0.3),
    "KZ": ("kk", ("A1",), 0.15),
    "NL": ("nl", ("A1", "A2", "B1"), 0.4),
    "FI": ("fi", ("A1", "A2"), 0.4),
    "LT": ("lt", ("A1", "A2"), 0.3),
    "LV": ("lv", ("A1", "A2"), 0.3),
    "EE": ("et", ("A1", "A2"), 0.3),
    "CY": ("el", ("A1",), 0.15),
    "AE": ("ar", ("A1",), 0.1),
}

ENGLISH_LEVELS: dict[str, tuple[str, ...]] = {
    "it": ("B1", "B2", "B2", "C1", "C1", "C2"),
    "academia": ("B2", "C1", "C1", "C2"),
    "media": ("A2", "B1", "B2", "B2", "C1", "C1"),
    "arts": ("A2", "B1", "B1", "B2", "C1"),
    "education": ("B1", "B2", "C1", "C2"),
    "business": ("B2", "C1", "C1"),
    "other": ("B2", "C1", "C2"),
}

EXTRA_LANGUAGES = (("de", ("A2", "B1")), ("fr", ("A2", "B1")), ("es", ("A1", "A2")))

HOME_CITIES = (
    "from Moscow | из Москвы",
    "from Moscow | из Москвы",
    "from Moscow | из Москвы",
    "from St. Petersburg | из Петербурга",
    "from St. Petersburg | из Петербурга",
    "from Novosibirsk | из Новосибирска",
    "from Yekaterinburg | из Екатеринбурга",
    "from Kazan | из Казани",
    "from Nizhny Novgorod | из Нижнего Новгорода",
    "from Perm | из Перми",
)

INSTITUTIONS: dict[str, tuple[str, ...]] = {
    "tech": (
        "Moscow Institute of Physics and Technology | МФТИ",
        "Bauman Moscow State Technical University | МГТУ им. Н. Э. Баумана",
        "ITMO University | Университет ИТМО",
        "HSE University | НИУ ВШЭ",
        "Lomonosov Moscow State University | МГУ имени М. В. Ломоносова",
        "Novosibirsk State University | НГУ",
        "Ural Federal University | УрФУ",
        "Kazan Federal University | КФУ",
        "St. Petersburg State University | СПбГУ",
        "Innopolis University | Университет Иннополис",
    ),
    "humanities": (
        "Lomonosov Moscow State University | МГУ имени М. В. Ломоносова",
        "HSE University | НИУ ВШЭ",
        "European University at St. Petersburg | Европейский университет в Санкт-Петербурге",
        "Russian State University for the Humanities | РГГУ",
        "St. Petersburg State University | СПбГУ",
        "Moscow School of Social and Economic Sciences | МВШСЭН (Шанинка)",
        "MGIMO University | МГИМО",
        "Tomsk State University | ТГУ",
    ),
    "science": (
        "Lomonosov Moscow State University | МГУ имени М. В. Ломоносова",
        "Moscow Institute of Physics and Technology | МФТИ",
        "Novosibirsk State University | НГУ",
        "St. Petersburg State University | СПбГУ",
        "Skolkovo Institute of Science and Technology | Сколтех",
        "HSE University | НИУ ВШЭ",
    ),
    "economics": (
        "New Economic School | Российская экономическая школа",
        "HSE University | НИУ ВШЭ",
        "Lomonosov Moscow State University | МГУ имени М. В. Ломоносова",
        "RANEPA | РАНХиГС",
        "Financial University | Финансовый университет",
    ),
    "media": (
        "Moscow State University, Faculty of Journalism | Факультет журналистики МГУ",
        "HSE University, Institute of Media | Институт медиа НИУ ВШЭ",
        "St. Petersburg State University | СПбГУ",
        "Russian State University for the Humanities | РГГУ",
        "Ural Federal University | УрФУ",
    ),
    "arts": (
        "GITIS | ГИТИС",
        "Moscow Conservatory | Московская консерватория",
        "St. Petersburg Conservatory | Санкт-Петербургская консерватория",
        "VGIK | ВГИК",
        "Stroganov Academy | МГХПА им. С. Г. Строганова",
        "British Higher School of Art and Design | Британская высшая школа дизайна",
        "Moscow School of New Cinema | Московская школа нового кино",
        "Maxim Gorky Literature Institute | Литературный институт им. А. М. Горького",
    ),
    "education": (
        "Moscow State Pedagogical University | МПГУ",
        "Herzen State Pedagogical University | РГПУ им. А. И. Герцена",
        "Moscow State Linguistic University | МГЛУ",
        "HSE University, Institute of Education | Институт образования НИУ ВШЭ",
        "Lomonosov Moscow State University | МГУ имени М. В. Ломоносова",
    ),
    "law": (
        "Moscow State University, Faculty of Law | Юридический факультет МГУ",
        "Kutafin Moscow State Law University | МГЮА им. О. Е. Кутафина",
        "HSE University, Faculty of Law | Факультет права НИУ ВШЭ",
        "St. Petersburg State University | СПбГУ",
        "Moscow State Linguistic University | МГЛУ",
    ),
}

FOREIGN_UNIVERSITIES = (
    "Central European University | Центрально-Европейский университет",
    "University of Helsinki | Хельсинкский университет",
    "University of Oxford | Оксфордский университет",
    "Humboldt University of Berlin | Университет Гумбольдта",
    "University of Tartu | Тартуский университет",
    "University of Amsterdam | Амстердамский университет",
)

DEGREES: dict[str, str] = {
    "bachelor_sci": "BSc | Бакалавр",
    "bachelor_arts": "BA | Бакалавр",
    "master_sci": "MSc | Магистр",
    "master_arts": "MA | Магистр",
    "specialist": "Specialist degree | Специалист",
    "candidate": "Candidate of Sciences (PhD) | Кандидат наук",
    "doctor": "Doctor of Sciences (Habilitation) | Доктор наук",
    "phd": "PhD",
}

EXTRA_SKILLS = (
    "project management | управление проектами",
    "public speaking | публичные выступления",
    "mentoring | менторство",
    "team leadership | управление командой",
    "remote collaboration | удалённая командная работа",
    "grant writing | написание грантовых заявок",
)
