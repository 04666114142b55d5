"""Query strings: page, filter, match and search parameters, read from text."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from web.records.fields import Country, FieldName, Kind, Language, Level, text
from web.services.filters import ListingFilter, ProfileFilter

MAX_K = 100
MAX_OFFSET = 1_000_000
DEFAULT_K = 10


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
