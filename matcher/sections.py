"""Canonical texts of profiles and listings, cut into sections that are embedded one by one.

A long profile is never cut silently: each experience item, the summary and the overview are
embedded apart, and a match names the section that scored best.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from matcher.documents import ListingDoc, ProfileDoc

# Bump when the way texts are built changes, so every record is re-embedded once.
SECTIONS_VERSION = 1

FIELD_NAMES = {
    "it": "information technology",
    "academia": "academia and research",
    "media": "media and journalism",
    "arts": "arts and culture",
    "education": "education and teaching",
    "business": "business",
    "other": "other",
}


@dataclass(frozen=True)
class Section:
    """A piece of a record's text that is embedded on its own."""

    key: str
    label: str
    text: str


def _sentence(*parts: str | None) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def profile_sections(doc: ProfileDoc) -> list[Section]:
    """Return the sections of a profile; employers and institutions stay out of the text."""
    # Employer and institution names are left out because hosts may not see them before a reveal;
    # embedding them would let a search for an employer find the person anyway.
    skills = ", ".join(doc.skills)
    sections = [
        Section(
            "overview",
            "headline and skills",
            _sentence(
                f"{doc.headline}.",
                f"Field: {FIELD_NAMES[doc.field]}." if doc.field else None,
                f"Skills: {skills}." if skills else None,
            ),
        )
    ]
    if doc.summary:
        sections.append(Section("summary", "summary", doc.summary))
    for position, item in enumerate(doc.experience):
        sections.append(
            Section(
                f"experience:{position}",
                f"experience: {item.title}",
                _sentence(f"{item.title}.", item.description),
            )
        )
    degrees = [
        _sentence(item.degree, f"in {item.field}" if item.field else None) for item in doc.education
    ]
    if degrees:
        sections.append(Section("education", "education", "Education: " + "; ".join(degrees)))
    return sections


def listing_sections(doc: ListingDoc) -> list[Section]:
    """Return the sections of a listing."""
    skills = ", ".join(doc.skills)
    sections = [
        Section(
            "overview",
            "title and skills",
            _sentence(
                f"{doc.title}.",
                f"Field: {FIELD_NAMES[doc.field]}." if doc.field else None,
                f"Skills: {skills}." if skills else None,
            ),
        )
    ]
    if doc.description:
        sections.append(Section("description", "description", doc.description))
    return sections


def content_hash(sections: list[Section]) -> str:
    """Return a hash of everything the sections would embed."""
    digest = hashlib.sha256(f"sections-v{SECTIONS_VERSION}".encode())
    for section in sections:
        digest.update(b"\x1e" + section.key.encode() + b"\x1f" + section.text.encode())
    return digest.hexdigest()


def text_hash(text: str) -> str:
    """Return the hash of one text."""
    return hashlib.sha256(text.encode()).hexdigest()
