"""The words a record or a query is found by in full-text search.

A record is its section texts plus the English names of the canonical skills it lists or
mentions, so a Russian profile that says «машинное обучение» is found by "machine learning" and a
Russian query finds English listings through the same names.
"""

from __future__ import annotations

from collections.abc import Iterable

from matcher.documents import ListingDoc, ProfileDoc
from matcher.sections import listing_sections, profile_sections
from matcher.skills import offered_skill_ids
from matcher.taxonomy import load_taxonomy


def skill_names(skills: Iterable[str], text: str = "") -> list[str]:
    """Return the English names of the canonical skills listed or mentioned in the text."""
    taxonomy = load_taxonomy()
    return sorted(
        taxonomy.label(skill_id) for skill_id in offered_skill_ids(skills, text, taxonomy)
    )


def record_texts(doc: ProfileDoc | ListingDoc) -> list[str]:
    """Return a record's texts for full-text search: its sections, then its skills' names."""
    sections = profile_sections(doc) if isinstance(doc, ProfileDoc) else listing_sections(doc)
    texts = [section.text for section in sections]
    return [*texts, *skill_names(doc.skills, " ".join(texts))]


def record_text(doc: ProfileDoc | ListingDoc) -> str:
    """Return a record's full-text search text as one string, as the index holds it."""
    return "\n".join(record_texts(doc))


def query_texts(text: str) -> list[str]:
    """Return a free-text query and the English names of the skills it mentions."""
    return [text, *skill_names([], text)]
