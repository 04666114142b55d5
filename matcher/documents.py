"""Plain records the library matches: what a profile or listing says, without private fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LanguageSkill:
    """A language with a CEFR level, or `native`."""

    code: str
    level: str


@dataclass(frozen=True)
class ExperienceItem:
    """One position in a work history."""

    title: str
    organization: str | None = None
    start: str | None = None
    end: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class EducationItem:
    """One degree."""

    degree: str
    field: str | None = None
    institution: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class ProfileDoc:
    """The matchable part of an exile's profile (never the private fields)."""

    id: int
    headline: str
    field: str | None = None
    summary: str | None = None
    skills: tuple[str, ...] = ()
    experience: tuple[ExperienceItem, ...] = ()
    education: tuple[EducationItem, ...] = ()
    languages: tuple[LanguageSkill, ...] = ()
    country: str | None = None
    seeking: tuple[str, ...] = ()
    remote: bool | None = None
    relocate_to: tuple[str, ...] = ()
    work_authorization: tuple[str, ...] = ()
    years_experience: int | None = None


@dataclass(frozen=True)
class ListingDoc:
    """A job, fellowship, grant or investment."""

    id: int
    kind: str
    title: str
    organization: str = ""
    description: str | None = None
    skills: tuple[str, ...] = ()
    field: str | None = None
    country: str | None = None
    remote: bool | None = None
    visa_sponsorship: bool | None = None
    languages: tuple[LanguageSkill, ...] = ()
    min_years_experience: int | None = None
    deadline: date | None = None
