"""What the API takes and gives: request bodies, query strings and response shapes.

Request models validate input; response models declare output for the OpenAPI document (the tests
check real responses against them). Records reuse the contract's schemas.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictStr,
    StringConstraints,
    model_validator,
)

from web.records.fields import Country, FieldName, Kind, Language, Level, Name, Short, text
from web.records.schemas import ListingRecord, ProfileRecord
from web.services.filters import ListingFilter, ProfileFilter

MAX_K = 100
MAX_OFFSET = 1_000_000
DEFAULT_K = 10

# Bodies ----------------------------------------------------------------------------------------


class TokenRequest(BaseModel):
    """E-mail and password to exchange for a token, and a name to recognise the token by."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    email: Annotated[StrictStr, Field(max_length=320)]
    password: Annotated[StrictStr, Field(max_length=1000)]
    name: Annotated[
        StrictStr,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
        Field(description="e.g. 'CI export job'"),
    ] = "api"
    code: Annotated[
        StrictStr | None,
        Field(
            max_length=32,
            description="Accounts with two-factor sign-in: the authenticator app's six-digit "
            "code, or a recovery code.",
        ),
    ] = None


class ProfileInput(ProfileRecord):
    """Your profile as a contract record; `external_id` is assigned by the server and ignored."""

    external_id: Name | None = Field(None, description="Ignored: the server assigns and keeps it.")


class ListingInput(ListingRecord):
    """A listing as a contract record, posted for your own organisation."""

    external_id: Name | None = Field(
        None, description="Optional on POST (the server makes an `h-…` id); must not contain '/'."
    )
    organization: Short | None = Field(
        None,
        description="Ignored unless it names one of your organisations; "
        "needed only if you belong to several.",
    )


# Query strings -----------------------------------------------------------------------------


class Query(BaseModel):
    """Query-string parameters: unknown ones are refused, values are read from text."""

    model_config = ConfigDict(extra="forbid", frozen=True)


K = Annotated[int, Field(ge=1, le=MAX_K, description=f"How many results, 1 to {MAX_K}.")]
Years = Annotated[int, Field(ge=0, le=80)]


class PageQuery(Query):
    """One page of a list."""

    limit: Annotated[int, Field(ge=1, le=MAX_K, description=f"Page size, 1 to {MAX_K}.")] = (
        DEFAULT_K
    )
    # Bounded: a database refuses an offset past its integer range (a 500 otherwise).
    offset: Annotated[
        int, Field(ge=0, le=MAX_OFFSET, description=f"How many items to skip, 0 to {MAX_OFFSET}.")
    ] = 0


class ProfileFilterQuery(Query):
    """What a host narrows candidates by."""

    field: FieldName | None = None
    language: Language | None = Field(None, description="ISO 639-1 code the person speaks.")
    min_level: Level | None = Field(None, description="Minimum level in `language`.")
    country: Country | None = Field(
        None, description="Where the person could work: lives, may work or would move there."
    )
    remote: bool | None = None
    min_years: Years | None = None
    seeking: Kind | None = None
    verified_only: bool | None = Field(
        None,
        description="Only people with a current check of who they are; filters, never reorders.",
    )

    @model_validator(mode="after")
    def _level_needs_language(self):
        if self.min_level and not self.language:
            raise ValueError("min_level needs language (e.g. language=en&min_level=B2)")
        return self

    def profile_filter(self) -> ProfileFilter:
        """Return the filter these parameters describe."""
        return ProfileFilter(
            field=self.field,
            language=self.language,
            min_level=self.min_level,
            country=self.country,
            remote=self.remote,
            min_years=self.min_years,
            seeking=self.seeking,
            verified_only=bool(self.verified_only),
        )


class ProfileMatchQuery(ProfileFilterQuery):
    """Best candidates for a listing."""

    k: K = DEFAULT_K


class ListingMatchQuery(Query):
    """Best openings for your profile."""

    k: K = DEFAULT_K
    kind: Kind | None = None
    country: Country | None = None
    remote: bool | None = None
    visa_sponsorship: bool | None = None

    def listing_filter(self) -> ListingFilter:
        """Return the filter these parameters describe."""
        return ListingFilter(
            kind=self.kind,
            country=self.country,
            remote=self.remote,
            visa_sponsorship=self.visa_sponsorship,
        )


PROFILE_ONLY = ("field", "language", "min_level", "min_years", "seeking", "verified_only")
LISTING_ONLY = ("listing_kind", "visa_sponsorship")


class SearchQuery(ProfileFilterQuery):
    """Free-text search of profiles (hosts) or listings (everyone)."""

    q: Annotated[text(1000), Field(min_length=1, description="What to look for, any language.")]
    kind: Literal["profiles", "listings"]
    k: K = DEFAULT_K
    listing_kind: Kind | None = Field(None, description="Listings only: job, fellowship, ...")
    visa_sponsorship: bool | None = Field(None, description="Listings only.")

    @model_validator(mode="after")
    def _filters_fit_kind(self):
        unfit = PROFILE_ONLY if self.kind == "listings" else LISTING_ONLY
        given = [name for name in unfit if getattr(self, name) is not None]
        if given:
            raise ValueError(f"{', '.join(given)} does not apply to kind={self.kind}")
        return self

    def search_filter(self) -> ProfileFilter | ListingFilter:
        """Return the filter for the searched kind."""
        if self.kind == "profiles":
            return self.profile_filter()
        return ListingFilter(
            kind=self.listing_kind,
            country=self.country,
            remote=self.remote,
            visa_sponsorship=self.visa_sponsorship,
        )


# Responses (declared for the OpenAPI document) -------------------------------------------------


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


class ContactRequestInput(BaseModel):
    """A host asking a person for contact; the person sees the purpose and your badges."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    purpose: Annotated[
        text(2000),
        StringConstraints(strip_whitespace=True, min_length=20),
        Field(description="Why you want to get in touch, 20 to 2000 characters."),
    ]
    listing: Name | None = Field(
        None, description="external_id of one of your organisation's listings it is about."
    )
    organization: Short | None = Field(
        None, description="Needed only if you belong to several approved organisations."
    )


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
