"""Every demo occupation and opening template in one place, with the corpus proportions."""

from web.demo.vocabulary import Voice
from web.demo.vocabulary_academia import ACADEMIC_ROLES
from web.demo.vocabulary_arts import ARTS_ROLES
from web.demo.vocabulary_education import EDUCATION_ROLES
from web.demo.vocabulary_fellowships import FELLOWSHIP_SENTENCES, FELLOWSHIP_TEMPLATES
from web.demo.vocabulary_founders import BUSINESS_ROLES
from web.demo.vocabulary_grants import (
    GRANT_SENTENCES,
    GRANT_TEMPLATES,
    INVESTMENT_SENTENCES,
    INVESTMENT_TEMPLATES,
)
from web.demo.vocabulary_jobs import JOB_SENTENCES, TECH_JOB_TEMPLATES
from web.demo.vocabulary_jobs_academic import ACADEMIC_JOB_TEMPLATES
from web.demo.vocabulary_jobs_media import OTHER_JOB_TEMPLATES
from web.demo.vocabulary_jobs_product import PRODUCT_JOB_TEMPLATES
from web.demo.vocabulary_media import MEDIA_ROLES
from web.demo.vocabulary_product import DELIVERY_ROLES
from web.demo.vocabulary_science import SCIENCE_ROLES
from web.demo.vocabulary_tech import TECH_ROLES

ROLES = (
    TECH_ROLES
    + DELIVERY_ROLES
    + BUSINESS_ROLES
    + ACADEMIC_ROLES
    + SCIENCE_ROLES
    + MEDIA_ROLES
    + ARTS_ROLES
    + EDUCATION_ROLES
)

TEMPLATES = (
    TECH_JOB_TEMPLATES
    + PRODUCT_JOB_TEMPLATES
    + OTHER_JOB_TEMPLATES
    + ACADEMIC_JOB_TEMPLATES
    + FELLOWSHIP_TEMPLATES
    + GRANT_TEMPLATES
    + INVESTMENT_TEMPLATES
)

# Sentences any opening of a kind may add, by the language the opening is written in.
KIND_SENTENCES = {
    "job": JOB_SENTENCES,
    "fellowship": FELLOWSHIP_SENTENCES,
    "grant": GRANT_SENTENCES,
    "investment": INVESTMENT_SENTENCES,
}

FIELD_SHARES = {
    "it": 40,
    "academia": 20,
    "media": 15,
    "education": 12,
    "arts": 10,
    "business": 1.5,
    "other": 1.5,
}

KIND_SHARES = {"job": 55, "fellowship": 20, "grant": 15, "investment": 10}

REMOTE_RATES = {
    "it": 0.85,
    "media": 0.7,
    "academia": 0.35,
    "education": 0.5,
    "arts": 0.3,
    "business": 0.7,
    "other": 0.6,
}

# Engineers writing in Russian still name their skills in English; teachers and reporters do not.
RUSSIAN_SKILL_RATES = {
    "it": 0.25,
    "business": 0.4,
    "academia": 0.7,
    "media": 0.75,
    "arts": 0.75,
    "education": 0.8,
    "other": 0.6,
}

# Scholars and writers in the humanities often read and teach in German or French.
EUROPEAN_READERS = ("historian", "linguist", "political_scientist", "writer", "translator")

VOICES = {
    "ru": Voice("ru", "ru", "ru", "ru", "ru", "ru"),
    "ru_mixed": Voice("ru", "en", "ru", "ru", "ru", "en"),
    "en": Voice("en", "en", "en", "en", "en", "en"),
    "en_mixed": Voice("en", "en", "ru", "en", "ru", "en"),
}
VOICE_SHARES = {"ru": 41, "ru_mixed": 4, "en": 51, "en_mixed": 4}

# How often real people leave an optional profile field blank.
PROFILE_OMISSIONS = {
    "full_name": 0.04,
    "name_variants": 0.25,
    "birth_year": 0.07,
    "email": 0.1,
    "summary": 0.03,
    "city": 0.12,
    "remote": 0.04,
    "work_authorization": 0.05,
}

ROLE_BY_KEY = {role.key: role for role in ROLES}

# Each occupation's share of all profiles: its field's share split by the occupations' weights.
ROLE_SHARES = {
    role.key: FIELD_SHARES[role.field]
    * role.weight
    / sum(other.weight for other in ROLES if other.field == role.field)
    for role in ROLES
}
