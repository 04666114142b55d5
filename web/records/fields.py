"""Reusable validated field types for contract records."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Literal

import pycountry
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

FIELDS = ("it", "academia", "media", "arts", "education", "business", "other")
KINDS = ("job", "fellowship", "grant", "investment")
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")

FieldName = Literal["it", "academia", "media", "arts", "education", "business", "other"]
Kind = Literal["job", "fellowship", "grant", "investment"]

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Text-direction controls and zero-width characters: in a name they disguise what it says (and
# what sanctions screening compares), so names refuse them.
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060\u061c\ufeff]")


def clean_text(value: object) -> object:
    """Trim a string, normalise it to NFC and turn an empty one into None."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value).strip() or None


def clean_values(value: object) -> object:
    """Clean every string of a record's top level and drop empty strings from its lists."""
    if not isinstance(value, dict):
        return value
    cleaned = {}
    for key, item in value.items():
        if isinstance(item, list):
            item = [clean_text(part) for part in item]
            item = [part for part in item if part is not None]
        cleaned[key] = clean_text(item)
    return cleaned


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("contains control characters")
    return value


def _country(value: str) -> str:
    code = value.upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. 'GE', 'DE')")
    return code


def _language(value: str) -> str:
    code = value.lower()
    if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
        raise ValueError(f"'{value}' is not an ISO 639-1 language code (e.g. 'ru', 'en')")
    return code


def _level(value: object) -> object:
    if isinstance(value, str):
        upper = value.strip().upper()
        if upper == "NATIVE":
            return "native"
        if upper in LEVELS:
            return upper
        raise ValueError(f"'{value}' is not a level; use one of {', '.join(LEVELS)}")
    return value


def _month(value: str) -> str:
    if not _MONTH.match(value):
        raise ValueError(f"'{value}' is not a month in the form YYYY-MM")
    return value


def _date(value: object) -> object:
    if isinstance(value, str):
        if not _DATE.match(value):
            raise ValueError(f"'{value}' is not a date in the form YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(f"'{value}' is not a real date ({error})") from None
    raise ValueError("must be a date string in the form YYYY-MM-DD")


def _no_invisible_characters(value: str) -> str:
    if _INVISIBLE.search(value):
        raise ValueError(
            "contains invisible text-direction or zero-width characters; type the name without them"
        )
    return value


def text(max_length: int, pattern: str | None = None):
    """Return a string type of at most `max_length` characters without control characters."""
    return Annotated[
        str,
        StringConstraints(strict=True, max_length=max_length, pattern=pattern),
        AfterValidator(_no_control_characters),
    ]


Name = text(200)
Short = text(300)
# A person's names: the pseudonym hosts see, the full name and its other spellings.
DisplayName = Annotated[Name, AfterValidator(_no_invisible_characters)]
PersonName = Annotated[Short, AfterValidator(_no_invisible_characters)]
Long = text(20_000)


def checked(check):
    """Return a string type that must also pass `check`, which may normalise it."""
    return Annotated[str, StringConstraints(strict=True), AfterValidator(check)]


Country = checked(_country)
Language = checked(_language)
Month = checked(_month)
Level = Annotated[Literal["A1", "A2", "B1", "B2", "C1", "C2", "native"], BeforeValidator(_level)]
IsoDate = Annotated[date, BeforeValidator(_date)]
Year = Annotated[int, Field(strict=True, ge=1900, le=2100)]
Count = Annotated[int, Field(strict=True, ge=0, le=80)]
