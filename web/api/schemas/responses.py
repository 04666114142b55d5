"""Response shapes, declared for the OpenAPI document (the tests check real responses against
them): errors, tokens, the caller, profile cards, matches with their explanations, pages."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from web.records.schemas import ListingRecord


class Output(BaseModel):
    """A response shape; extra keys are not allowed, so the tests catch undocumented output."""

    model_config = ConfigDict(extra="forbid")


class FieldError(Output):
    """What is wrong with one field."""

    field: str = Field(description="Path of the field, e.g. `experience[0].start`.")
    message: str


class ErrorDetail(Output):
    """The error itself."""

    status: int
    code: str = Field(description="Stable machine-readable code, e.g. `validation_error`.")
    message: str
    fields: list[FieldError]


class Error(Output):
    """The shape of every error under /api/v1."""

    error: ErrorDetail


class TokenCreated(Output):
    """A new token: keep it, it is not shown again."""

    token: str
    token_type: Literal["Bearer"]
    name: str
    created_at: datetime


class OrganizationRef(Output):
    """An organisation the caller belongs to."""

    id: int
    name: str


class Me(Output):
    """The caller."""

    id: int
    email: str
    role: Literal["exile", "host", "moderator", "admin"]
    locale: str
    organizations: list[OrganizationRef]


class CardExperience(Output):
    """A position; the employer only where the exile shows or revealed it."""

    title: str
    organization: str | None = None
    start: str | None
    end: str | None
    description: str | None


class CardEducation(Output):
    """A degree; the institution only where the exile shows or revealed it."""

    degree: str
    field: str | None
    year: int | None
    institution: str | None = None


class CardBadge(Output):
    """One verification badge: what was checked, in words, and when."""

    kind: str
    label: str
    checked_at: datetime
    expires_at: datetime | None


class CardRevealed(Output):
    """Private fields the exile revealed to the caller's organisation."""

    full_name: str | None = None
    email: str | None = None
    city: str | None = None


class CardLanguage(Output):
    """A language and level."""

    code: str
    level: str


class ProfileCard(Output):
    """What a host may see of a profile: no private field, no employer or institution."""

    external_id: str
    display_name: str
    headline: str
    field: str | None
    summary: str | None
    skills: list[str]
    experience: list[CardExperience]
    education: list[CardEducation]
    languages: list[CardLanguage]
    country: str | None
    seeking: list[str]
    remote: bool | None
    relocate_to: list[str]
    work_authorization: list[str]
    years_experience: int | None
    badges: list[CardBadge] = []
    revealed: CardRevealed = CardRevealed()


class Semantic(Output):
    """How close the texts are, and which sections met."""

    similarity: float
    matched_section: str
    query_section: str | None = None


class SkillsPart(Output):
    """Wanted skills found and not found."""

    matched: list[str]
    missing: list[str]


class Constraint(Output):
    """One fact between the two sides (kind, language, location, experience, deadline).

    A returned match never misses a hard constraint (those candidates are left out and counted
    in `cut`); a missed one here only lowered the score: a language one level short, too few
    years, sponsorship to a country the person did not name, a closed deadline.
    """

    name: str
    met: bool
    detail: str


class Explanation(Output):
    """Why a result ranks where it does."""

    semantic: Semantic
    parts: dict[str, float] = Field(
        description="Each signal's contribution to the score (they sum to it): semantic, lexical,"
        " skills, language (CEFR fit), seniority (years against the minimum), constraints (share"
        " of the other soft constraints met)."
    )
    skills: SkillsPart | None = None
    constraints: list[Constraint]
    constraints_missed: int


class ProfileMatch(Output):
    """A candidate for a listing or a search, as a host may see them."""

    external_id: str
    score: float
    profile: ProfileCard
    explanation: Explanation


class ListingMatch(Output):
    """An opening for a profile or a search."""

    external_id: str
    score: float
    listing: ListingRecord
    # What was checked about the organisation that posted it (approval, screening, domain).
    organization_badges: list[CardBadge] = []
    explanation: Explanation


CUT_DESCRIPTION = (
    "How many were left out before ranking, by the hard constraint they miss first: `kind` (the"
    " person does not seek this kind of opening), `location` (may not work there: no right to work,"
    " not living there, no sponsorship offered; or a remote role for someone who works on-site"
    " only), `language` (a required language missing or two or more CEFR levels short). Counted"
    " among those close enough by meaning to have been ranked; empty when none was left out."
)


class ProfileMatches(Output):
    """Candidates, best first, and how many hard constraints left out."""

    items: list[ProfileMatch]
    cut: dict[str, int] = Field(default_factory=dict, description=CUT_DESCRIPTION)


class ListingMatches(Output):
    """Openings, best first, and how many hard constraints left out."""

    items: list[ListingMatch]
    cut: dict[str, int] = Field(default_factory=dict, description=CUT_DESCRIPTION)


class SearchResults(Output):
    """Search results, best first: candidates for kind=profiles, openings for kind=listings."""

    kind: Literal["profiles", "listings"]
    items: list[ProfileMatch] | list[ListingMatch]


class ListingPage(Output):
    """One page of your organisation's listings, oldest first."""

    items: list[ListingRecord]
    total: int
    limit: int
    offset: int


# Contact requests ------------------------------------------------------------------------------


class ContactRequestOut(Output):
    """A contact request of your organisation and its answer."""

    id: int
    external_id: str = Field(description="The profile asked.")
    organization: str
    listing: str | None
    purpose: str
    status: Literal["pending", "accepted", "declined", "withdrawn", "revoked"]
    created_at: datetime
    answered_at: datetime | None


class ContactRequestList(Output):
    """Your organisations' contact requests, newest first."""

    items: list[ContactRequestOut]
