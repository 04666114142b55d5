"""Sample contract records for tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path

FULL_PROFILE = {
    "external_id": "p-anna",
    "display_name": "Anna K.",
    "full_name": "Анна Кузнецова",
    "name_variants": ["Anna Kuznetsova", "ANNA KUZNETSOVA"],
    "birth_year": 1990,
    "email": "anna@example.org",
    "headline": "Senior backend engineer, payments",
    "field": "it",
    "summary": "Ten years building payment systems in Python and Go.",
    "skills": ["Python", "PostgreSQL", "Kafka"],
    "experience": [
        {
            "title": "Backend engineer",
            "organization": "Tinkoff",
            "start": "2015-01",
            "end": "2022-03",
            "description": "Payments API.",
        },
        {
            "title": "Lead engineer",
            "organization": "Tbilisi Fintech",
            "start": "2022-05",
            "end": None,
            "description": None,
        },
    ],
    "education": [
        {"degree": "MSc", "field": "Applied mathematics", "institution": "MSU", "year": 2012}
    ],
    "languages": [{"code": "ru", "level": "native"}, {"code": "en", "level": "C1"}],
    "country": "GE",
    "city": "Tbilisi",
    "seeking": ["job", "investment"],
    "remote": True,
    "relocate_to": ["DE", "PT"],
    "work_authorization": ["GE"],
    "years_experience": 10,
}

FULL_LISTING = {
    "external_id": "l-backend",
    "kind": "job",
    "title": "Backend engineer (Python, payments)",
    "organization": "Tbilisi Fintech Labs",
    "description": "Build our payments platform.",
    "skills": ["Python", "Kafka", "Kubernetes"],
    "field": "it",
    "country": "GE",
    "city": "Tbilisi",
    "remote": True,
    "visa_sponsorship": False,
    "languages": [{"code": "en", "level": "B2"}],
    "min_years_experience": 5,
    "deadline": "2027-03-01",
    "compensation": "€60–80k",
}


def profile(**changes) -> dict:
    """Return a full valid profile with some keys changed (None removes a key)."""
    return _changed(FULL_PROFILE, changes)


def listing(**changes) -> dict:
    """Return a full valid listing with some keys changed (None removes a key)."""
    return _changed(FULL_LISTING, changes)


def _changed(base: dict, changes: dict) -> dict:
    record = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def write_lines(path: Path, lines: list) -> Path:
    """Write records (dicts) or raw strings/bytes as lines of a file."""
    with path.open("wb") as handle:
        for line in lines:
            if isinstance(line, dict):
                line = json.dumps(line, ensure_ascii=False)
            if isinstance(line, str):
                line = line.encode()
            handle.write(line + b"\n")
    return path
