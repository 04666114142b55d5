"""Turn stored profiles and listings into the matcher's plain documents and their sections."""

from __future__ import annotations

from matcher.documents import EducationItem, ExperienceItem, LanguageSkill, ListingDoc, ProfileDoc
from matcher.sections import Section, content_hash, listing_sections, profile_sections
from web.models import Listing, Profile


def profile_doc(profile: Profile) -> ProfileDoc:
    """Return the matchable, non-private part of a profile."""
    return ProfileDoc(
        id=profile.id,
        headline=profile.headline,
        field=profile.field,
        summary=profile.summary,
        skills=tuple(profile.skills or ()),
        experience=tuple(
            ExperienceItem(item.title, item.organization, item.start, item.end, item.description)
            for item in profile.experience
        ),
        education=tuple(
            EducationItem(item.degree, item.field, item.institution, item.year)
            for item in profile.education
        ),
        languages=tuple(LanguageSkill(item.code, item.level) for item in profile.languages),
        country=profile.country,
        seeking=tuple(profile.seeking or ()),
        remote=profile.remote,
        relocate_to=tuple(profile.relocate_to or ()),
        work_authorization=tuple(profile.work_authorization or ()),
        years_experience=profile.years_experience,
    )


def listing_doc(listing: Listing) -> ListingDoc:
    """Return a listing as the matcher sees it."""
    return ListingDoc(
        id=listing.id,
        kind=listing.kind,
        title=listing.title,
        organization=listing.organization.name if listing.organization else "",
        description=listing.description,
        skills=tuple(listing.skills or ()),
        field=listing.field,
        country=listing.country,
        remote=listing.remote,
        visa_sponsorship=listing.visa_sponsorship,
        languages=tuple(LanguageSkill(item.code, item.level) for item in listing.languages),
        min_years_experience=listing.min_years_experience,
        deadline=listing.deadline,
    )


def sections_of(record: Profile | Listing) -> list[Section]:
    """Return the sections a stored profile or listing is embedded from."""
    if isinstance(record, Profile):
        return profile_sections(profile_doc(record))
    return listing_sections(listing_doc(record))


def refresh_content_hash(record: Profile | Listing) -> bool:
    """Recompute a record's content hash; return True if its embeddable text changed."""
    new = content_hash(sections_of(record))
    changed = record.content_hash != new
    record.content_hash = new
    return changed
