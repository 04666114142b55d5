"""Filters a viewer puts on matches and searches, applied to candidate records."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.constraints import level_rank
from web.models import Listing, Profile


@dataclass(frozen=True)
class ProfileFilter:
    """What a host narrows the talent pool by; None means any."""

    field: str | None = None
    language: str | None = None
    min_level: str | None = None
    # Where the person could work: lives there, may work there, or would move there.
    country: str | None = None
    remote: bool | None = None
    min_years: int | None = None
    seeking: str | None = None
    # Only people with a current identity check; applied in bulk by the matcher (it needs the
    # attestations), never per record here, and never as a weight.
    verified_only: bool = False

    def narrows(self) -> bool:
        """Return whether `accepts` can refuse a profile: a criterion it checks is set."""
        return bool(self.field or self.language or self.country or self.seeking) or (
            self.remote is not None or self.min_years is not None
        )

    def accepts(self, profile: Profile) -> bool:
        """Return True if the profile passes every set criterion (but `verified_only`)."""
        if self.field and profile.field != self.field:
            return False
        if self.language:
            levels = {item.code: item.level for item in profile.languages}
            has = levels.get(self.language)
            if has is None or (self.min_level and level_rank(has) < level_rank(self.min_level)):
                return False
        if self.country and self.country not in {
            profile.country,
            *(profile.work_authorization or []),
            *(profile.relocate_to or []),
        }:
            return False
        if self.remote is not None and profile.remote is not self.remote:
            return False
        if self.min_years is not None and (profile.years_experience or 0) < self.min_years:
            return False
        return not (self.seeking and self.seeking not in (profile.seeking or []))


@dataclass(frozen=True)
class ListingFilter:
    """What an exile narrows openings by; None means any."""

    kind: str | None = None
    country: str | None = None
    remote: bool | None = None
    visa_sponsorship: bool | None = None

    def narrows(self) -> bool:
        """Return whether `accepts` can refuse a listing: a criterion it checks is set."""
        return bool(self.kind or self.country) or (
            self.remote is not None or self.visa_sponsorship is not None
        )

    def accepts(self, listing: Listing) -> bool:
        """Return True if the listing passes every set criterion."""
        if self.kind and listing.kind != self.kind:
            return False
        if self.country and listing.country != self.country:
            return False
        if self.remote is not None and bool(listing.remote) is not self.remote:
            return False
        return not (
            self.visa_sponsorship is not None
            and bool(listing.visa_sponsorship) is not self.visa_sponsorship
        )
