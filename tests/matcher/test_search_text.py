"""What full-text search sees of a record: its sections and its skills' English names."""

from __future__ import annotations

from matcher.documents import ListingDoc, ProfileDoc
from matcher.search_text import query_texts, record_texts
from matcher.sections import listing_sections


def test_a_russian_profile_carries_the_english_names_of_its_skills():
    doc = ProfileDoc(
        id=1,
        headline="Инженер по машинному обучению",
        summary="Пишу на Python, работаю с PostgreSQL.",
        skills=("машинное обучение",),
    )
    texts = record_texts(doc)
    assert "Инженер по машинному обучению" in texts[0]
    assert {"machine learning", "python", "postgresql"} <= {text.casefold() for text in texts}


def test_a_listing_without_known_skills_is_only_its_sections():
    doc = ListingDoc(id=2, kind="job", title="Zanzibar guide", skills=("zanzibar lore",))
    assert record_texts(doc) == [section.text for section in listing_sections(doc)]


def test_a_query_is_its_text_and_the_skills_it_names():
    assert query_texts("ищу разработчика Python")[0] == "ищу разработчика Python"
    assert "Python" in query_texts("ищу разработчика Python")[1:]
    assert query_texts("zanzibar lore") == ["zanzibar lore"]
