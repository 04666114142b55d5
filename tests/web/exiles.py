"""Helpers for the exile page tests: a profile form typed in Russian, and a signed-in exile."""

from __future__ import annotations

# A profile typed in Russian, with two positions, two languages and a blank row of each kind.
RUSSIAN_FORM = {
    "display_name": "Маша Б.",
    "headline": "Бэкенд-разработчица, платежи",
    "field": "it",
    "summary": "Десять лет пишу платёжные системы на Python и Go.",
    "skills": "Python, PostgreSQL\nKafka",
    "years_experience": "10",
    "experience-0-title": "Ведущий разработчик",
    "experience-0-organization": "Zebra Payments Unique",
    "experience-0-start": "2022-05",
    "experience-0-end": "",
    "experience-0-description": "Платёжный шлюз.",
    "experience-1-title": "Backend engineer",
    "experience-1-organization": "Orca Bank Unique",
    "experience-1-start": "2015-01",
    "experience-1-end": "2022-03",
    "experience-2-title": "",
    "education-0-degree": "Магистр",
    "education-0-field": "Прикладная математика",
    "education-0-institution": "Walrus University Unique",
    "education-0-year": "2012",
    "education-1-degree": "",
    "languages-0-code": "ru",
    "languages-0-level": "native",
    "languages-1-code": "en",
    "languages-1-level": "C1",
    "languages-2-code": "",
    "languages-2-level": "",
    "country": "GE",
    "seeking": ["job", "grant"],
    "remote": "yes",
    "relocate_to": "de, PT",
    "work_authorization": "GE",
    "full_name": "Мария Квазимодова-Уникальная",
    "name_variants": "Maria Kvazimodova-Unikalnaya\nMARIA KVAZIMODOVA",
    "birth_year": "1951",
    "email": "masha.unique-mail@example.org",
    "city": "Квазиградск",
}


def form(**changes) -> dict:
    """Return the Russian profile form with some fields changed."""
    return RUSSIAN_FORM | changes


def sign_in_exile(auth, email: str = "masha@example.org") -> int:
    """Create an exile, sign them in and return their user id."""
    user_id = auth.create(email)
    auth.login(email)
    return user_id
