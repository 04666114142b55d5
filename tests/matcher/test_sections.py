"""Canonical section texts, content hashes and chunking of long texts."""

from __future__ import annotations

from matcher.chunking import chunk_text, fit_sections
from matcher.documents import EducationItem, ExperienceItem, ListingDoc, ProfileDoc
from matcher.sections import content_hash, listing_sections, profile_sections


def word_count(texts):
    """Count one token per whitespace-separated word, like a word-piece tokenizer on words."""
    return [len(text.split()) for text in texts]


PROFILE = ProfileDoc(
    id=1,
    headline="Backend engineer",
    field="it",
    summary="I build payment systems.",
    skills=("Python", "Kafka"),
    experience=(
        ExperienceItem("Engineer", "SecretCorp", "2015-01", None, "Payments API."),
        ExperienceItem("Intern", "OtherCorp"),
    ),
    education=(EducationItem("MSc", "Mathematics", "Hidden University", 2012),),
)


def test_profile_sections_cover_overview_summary_each_job_and_education():
    sections = profile_sections(PROFILE)

    assert [s.key for s in sections] == [
        "overview",
        "summary",
        "experience:0",
        "experience:1",
        "education",
    ]
    assert "Python, Kafka" in sections[0].text
    assert "information technology" in sections[0].text
    assert sections[2].text == "Engineer. Payments API."
    assert sections[2].label == "experience: Engineer"


def test_employers_and_institutions_stay_out_of_embedded_text():
    texts = " ".join(s.text for s in profile_sections(PROFILE))

    assert "SecretCorp" not in texts
    assert "Hidden University" not in texts


def test_listing_sections():
    listing = ListingDoc(
        id=1, kind="job", title="Data engineer", description="Pipelines.", skills=("SQL",)
    )

    assert [s.key for s in listing_sections(listing)] == ["overview", "description"]


def test_content_hash_changes_with_text_only():
    same = ProfileDoc(**{**PROFILE.__dict__, "country": "DE", "years_experience": 3})
    changed = ProfileDoc(**{**PROFILE.__dict__, "summary": "Something else."})

    assert content_hash(profile_sections(PROFILE)) == content_hash(profile_sections(same))
    assert content_hash(profile_sections(PROFILE)) != content_hash(profile_sections(changed))


def test_short_text_is_one_chunk():
    assert chunk_text("one two three.", word_count, 10) == ["one two three."]


def test_long_text_is_cut_at_sentence_borders_and_nothing_is_lost():
    sentences = [f"Sentence number {i} has six words." for i in range(20)]
    text = " ".join(sentences)

    chunks = chunk_text(text, word_count, 20)

    assert len(chunks) > 1
    assert all(word_count([chunk])[0] <= 20 for chunk in chunks)
    assert " ".join(chunks) == text
    assert all(chunk.endswith(".") for chunk in chunks)


def test_a_sentence_longer_than_the_limit_is_cut_at_words():
    text = " ".join(f"w{i}" for i in range(55))

    chunks = chunk_text(text, word_count, 20)

    assert [len(chunk.split()) for chunk in chunks] == [20, 20, 15]
    assert " ".join(chunks) == text


def test_fit_sections_numbers_the_parts_of_a_long_section():
    long_summary = " ".join(f"Fact {i} about me." for i in range(40))
    profile = ProfileDoc(id=1, headline="Historian", summary=long_summary)

    fitted = fit_sections(profile_sections(profile), word_count, 30)

    keys = [s.key for s in fitted]
    assert keys[0] == "overview"
    assert keys[1:] == [f"summary#{i}" for i in range(1, len(keys))]
    assert fitted[1].label.startswith("summary (part 1 of")
