"""Pydantic schemas for profile and listing records exactly as CONTRACT.md defines them."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    model_validator,
)

from web.records.fields import (
    Count,
    Country,
    DisplayName,
    FieldName,
    IsoDate,
    Kind,
    Language,
    Level,
    Long,
    Month,
    Name,
    PersonName,
    Short,
    Year,
    clean_values,
    text,
)


def _none_to_empty(value: object) -> object:
    """Read an optional list given as null as an empty list."""
    return [] if value is None else value


def _unique_strings(value: object, key=str.casefold) -> object:
    """Drop repeated strings from a list, comparing case-insensitively unless told otherwise."""
    value = _none_to_empty(value)
    if not isinstance(value, list):
        return value
    seen: set[str] = set()
    items = []
    for item in value:
        if isinstance(item, str):
            if key(item) in seen:
                continue
            seen.add(key(item))
        items.append(item)
    return items


def _exactly_unique_strings(value: object) -> object:
    # Name spellings differ by case on purpose (a passport prints "ANNA", a CV "Anna").
    return _unique_strings(value, key=str)


def _upper_list(value: object) -> object:
    value = _unique_strings(value)
    return (
        [v.upper() if isinstance(v, str) else v for v in value]
        if isinstance(value, list)
        else value
    )


SkillList = Annotated[list[Short], BeforeValidator(_unique_strings), Field(max_length=200)]
CountryList = Annotated[list[Country], BeforeValidator(_upper_list), Field(max_length=250)]
NameList = Annotated[
    list[PersonName], BeforeValidator(_exactly_unique_strings), Field(max_length=20)
]
Headline = text(500)
Email = text(320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Record(BaseModel):
    """Common settings: unknown keys rejected, strings trimmed, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        # Trimming before validation makes "" and "  " count as missing, as the contract says.
        return clean_values(value)


class LanguageEntry(Record):
    """A language with a CEFR level (or `native`)."""

    code: Language
    level: Level


LanguageList = Annotated[list[LanguageEntry], BeforeValidator(_none_to_empty), Field(max_length=30)]


class ExperienceEntry(Record):
    """One position in a work history; `end: null` means current."""

    title: Short
    organization: Short | None = None
    start: Month | None = None
    end: Month | None = None
    description: Long | None = None

    @model_validator(mode="after")
    def _start_before_end(self) -> ExperienceEntry:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class EducationEntry(Record):
    """One degree."""

    degree: Short
    field: Short | None = None
    institution: Short | None = None
    year: Year | None = None


def _unique_languages(entries: list[LanguageEntry]) -> list[LanguageEntry]:
    codes = [entry.code for entry in entries]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        raise ValueError(f"language {', '.join(repeated)} is listed more than once")
    return entries


class ProfileRecord(Record):
    """An exile's profile."""

    external_id: Name
    display_name: DisplayName
    full_name: PersonName | None = None
    name_variants: NameList = []
    birth_year: Year | None = None
    email: Email | None = None
    headline: Headline
    field: FieldName | None = None
    summary: Long | None = None
    skills: SkillList = []
    experience: Annotated[
        list[ExperienceEntry], BeforeValidator(_none_to_empty), Field(max_length=50)
    ] = []
    education: Annotated[
        list[EducationEntry], BeforeValidator(_none_to_empty), Field(max_length=20)
    ] = []
    languages: LanguageList = []
    country: Country | None = None
    city: Name | None = None
    seeking: Annotated[list[Kind], BeforeValidator(_unique_strings)] = []
    remote: StrictBool | None = None
    relocate_to: CountryList = []
    work_authorization: CountryList = []
    years_experience: Count | None = None

    @model_validator(mode="after")
    def _languages_unique(self) -> ProfileRecord:
        _unique_languages(self.languages)
        return self


class ListingRecord(Record):
    """A job, fellowship, grant or investment."""

    external_id: Name
    kind: Kind
    title: Headline
    organization: Short
    description: Long | None = None
    skills: SkillList = []
    field: FieldName | None = None
    country: Country | None = None
    city: Name | None = None
    remote: StrictBool | None = None
    visa_sponsorship: StrictBool | None = None
    languages: LanguageList = []
    min_years_experience: Count | None = None
    deadline: IsoDate | None = None
    compensation: Short | None = None

    @model_validator(mode="after")
    def _languages_unique(self) -> ListingRecord:
        _unique_languages(self.languages)
        return self
