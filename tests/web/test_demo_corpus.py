"""Tests for the demo corpus generator: contract shape, determinism, realism and the script."""

import importlib.util
import json
import re
from datetime import date
from pathlib import Path

import pytest

from web.demo.corpus import generate_listings, generate_profiles, write_jsonl

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "generate_demo.py"

PROFILE_KEYS = {
    "external_id", "display_name", "full_name", "name_variants", "birth_year", "email",
    "headline", "field", "summary", "skills", "experience", "education", "languages", "country",
    "city", "seeking", "remote", "relocate_to", "work_authorization", "years_experience",
}  # fmt: skip
LISTING_KEYS = {
    "external_id", "kind", "title", "organization", "description", "skills", "field", "country",
    "city", "remote", "visa_sponsorship", "languages", "min_years_experience", "deadline",
    "compensation",
}  # fmt: skip
EXPERIENCE_KEYS = {"title", "organization", "start", "end", "description"}
EDUCATION_KEYS = {"degree", "field", "institution", "year"}
LANGUAGE_KEYS = {"code", "level"}

FIELDS = {"it", "academia", "media", "arts", "education", "business", "other"}
KINDS = {"job", "fellowship", "grant", "investment"}
LEVELS = {"A1", "A2", "B1", "B2", "C1", "C2", "native"}
# ISO 3166-1 alpha-2: where exiles live (CONTRACT list) plus where they would move or may work.
COUNTRIES = {
    "GE", "AM", "RS", "DE", "PT", "GB", "IL", "KZ", "TR", "ME", "NL", "FR", "CY", "FI", "LT",
    "LV", "EE", "US", "AE", "AT", "BE", "CA", "CH", "CZ", "ES", "IT", "PL", "SE",
}  # fmt: skip
# ISO 639-1 codes of the languages the corpus speaks.
LANGUAGES = {
    "ru", "en", "de", "fr", "es", "pt", "sr", "ka", "hy", "he", "tr", "kk", "nl", "fi", "lt",
    "lv", "et", "el", "ar", "uk",
}  # fmt: skip
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
REFERENCE_YEAR = 2026
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def profiles() -> list[dict]:
    """Return the default demo profiles."""
    return generate_profiles()


@pytest.fixture(scope="module")
def listings() -> list[dict]:
    """Return the default demo listings."""
    return generate_listings()


def _months(text: str) -> int:
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def _strings(value: object):
    """Yield every string inside a record, however deeply nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _dump(records: list[dict]) -> str:
    return "\n".join(json.dumps(record, ensure_ascii=False) for record in records)


def test_same_seed_gives_identical_output():
    assert _dump(generate_profiles(60, seed=11)) == _dump(generate_profiles(60, seed=11))
    assert _dump(generate_listings(30, seed=11)) == _dump(generate_listings(30, seed=11))


def test_different_seed_gives_different_output():
    assert _dump(generate_profiles(60, seed=11)) != _dump(generate_profiles(60, seed=12))
    assert _dump(generate_listings(30, seed=11)) != _dump(generate_listings(30, seed=12))


def test_requested_counts_and_unique_ids(profiles, listings):
    assert len(profiles) == 400 and len(listings) == 120
    profile_ids = [profile["external_id"] for profile in profiles]
    listing_ids = [listing["external_id"] for listing in listings]
    assert len(set(profile_ids)) == 400 and len(set(listing_ids)) == 120
    assert profile_ids[0] == "demo-p-0001" and listing_ids[-1] == "demo-l-0120"


def test_profiles_use_only_contract_keys(profiles):
    for profile in profiles:
        assert set(profile) <= PROFILE_KEYS
        assert all(set(item) <= EXPERIENCE_KEYS for item in profile.get("experience", []))
        assert all(set(item) <= EDUCATION_KEYS for item in profile.get("education", []))
        assert all(set(item) == LANGUAGE_KEYS for item in profile.get("languages", []))


def test_listings_use_only_contract_keys(listings):
    for listing in listings:
        assert set(listing) <= LISTING_KEYS
        assert all(set(item) == LANGUAGE_KEYS for item in listing.get("languages", []))


def test_required_values_are_present_and_strings_trimmed(profiles, listings):
    for profile in profiles:
        for key in ("external_id", "display_name", "headline"):
            assert isinstance(profile[key], str) and profile[key]
        assert all(item["title"] for item in profile.get("experience", []))
        assert all(item["degree"] for item in profile.get("education", []))
    for listing in listings:
        for key in ("external_id", "kind", "title", "organization"):
            assert isinstance(listing[key], str) and listing[key]
    for record in profiles + listings:
        assert all(text and text == text.strip() for text in _strings(record))


def test_optional_keys_are_sometimes_left_out(profiles, listings):
    assert any("email" not in profile for profile in profiles)
    assert any("name_variants" not in profile for profile in profiles)
    assert any("deadline" not in listing for listing in listings)


def test_enums_are_valid(profiles, listings):
    for profile in profiles:
        assert profile["field"] in FIELDS
        assert set(profile.get("seeking", [])) <= KINDS
        assert {item["level"] for item in profile.get("languages", [])} <= LEVELS
    for listing in listings:
        assert listing["kind"] in KINDS
        assert listing["field"] in FIELDS
        assert {item["level"] for item in listing.get("languages", [])} <= LEVELS


def test_country_and_language_codes_are_iso(profiles, listings):
    countries, languages = set(), set()
    for profile in profiles:
        countries |= {profile.get("country")} - {None}
        countries |= set(profile.get("relocate_to", []) + profile.get("work_authorization", []))
        languages |= {item["code"] for item in profile.get("languages", [])}
    for listing in listings:
        countries |= {listing["country"]} - {None}
        languages |= {item["code"] for item in listing.get("languages", [])}
    assert countries <= COUNTRIES
    assert languages <= LANGUAGES
    pycountry = pytest.importorskip("pycountry")
    assert all(pycountry.countries.get(alpha_2=code) for code in countries)
    assert all(pycountry.languages.get(alpha_2=code) for code in languages)


def test_residence_favours_the_caucasus_and_serbia(profiles):
    countries = [profile["country"] for profile in profiles]
    shares = {code: countries.count(code) / len(countries) for code in ("GE", "AM", "RS")}
    assert all(share >= 0.08 for share in shares.values())
    assert sum(shares.values()) >= 0.3


def test_months_are_well_formed_and_ordered(profiles):
    for profile in profiles:
        items = profile.get("experience", [])
        assert 1 <= len(items) <= 5
        for item in items:
            assert MONTH.match(item["start"])
            assert item["end"] is None or MONTH.match(item["end"])
            assert item["end"] is None or item["start"] <= item["end"]
            assert item["start"] <= "2026-11"
        # Only the latest position may still be current.
        assert all(item["end"] is not None for item in items[1:])


def test_deadlines_are_dates_in_range_and_some_have_passed(listings):
    deadlines = [date.fromisoformat(item["deadline"]) for item in listings if "deadline" in item]
    assert all(date(2026, 11, 15) <= day <= date(2027, 6, 30) for day in deadlines)
    assert any(day < TODAY for day in deadlines)
    assert sum(day >= TODAY for day in deadlines) > len(deadlines) * 0.7


def test_years_of_experience_match_the_history_and_age(profiles):
    for profile in profiles:
        items = profile["experience"]
        first = min(_months(item["start"]) for item in items)
        latest = items[0]
        until = REFERENCE_YEAR * 12 + 10 if latest["end"] is None else _months(latest["end"]) + 1
        assert abs(profile["years_experience"] - (until - first) // 12) <= 1
        birth = profile.get("birth_year")
        if birth is None:
            continue
        assert 1975 <= birth <= 2000
        assert first // 12 >= birth + 16
        assert profile["years_experience"] <= REFERENCE_YEAR - birth - 16
        assert all(item.get("year", 9999) >= birth + 18 for item in profile.get("education", []))


def test_education_and_languages_look_like_the_population(profiles):
    with_degree = sum(bool(profile.get("education")) for profile in profiles) / len(profiles)
    doctors = sum(
        any(
            "PhD" in item["degree"] or "Кандидат" in item["degree"] for item in profile["education"]
        )
        for profile in profiles
        if profile.get("education")
    )
    assert 0.7 <= with_degree <= 0.9
    assert 0.06 <= doctors / len(profiles) <= 0.16
    for profile in profiles:
        levels = {item["code"]: item["level"] for item in profile["languages"]}
        assert levels["ru"] == "native" and "en" in levels


def test_field_mix_follows_the_brief(profiles):
    shares = {field: 0 for field in FIELDS}
    for profile in profiles:
        shares[profile["field"]] += 1
    assert shares["it"] == 160 and shares["academia"] == 80 and shares["media"] == 60
    assert shares["business"] + shares["other"] == 12


def test_russian_language_profiles_are_35_to_55_percent(profiles):
    russian = sum(bool(CYRILLIC.search(profile["headline"])) for profile in profiles)
    assert 0.35 <= russian / len(profiles) <= 0.55
    mixed = [p for p in profiles if not CYRILLIC.search(p["headline"]) and p.get("summary")]
    assert any(CYRILLIC.search(profile["summary"]) for profile in mixed)


def test_some_summaries_are_long(profiles):
    words = [len(profile.get("summary", "").split()) for profile in profiles]
    assert sum(count >= 300 for count in words) >= 10


def test_emails_use_example_domains_only(profiles):
    domains = {profile["email"].split("@")[1] for profile in profiles if "email" in profile}
    assert domains <= {"example.org", "example.com", "example.net"}


def test_all_listing_kinds_are_present_in_proportion(listings):
    kinds = [listing["kind"] for listing in listings]
    assert {kind: kinds.count(kind) for kind in KINDS} == {
        "job": 66,
        "fellowship": 24,
        "grant": 18,
        "investment": 12,
    }
    assert {listing["kind"] for listing in generate_listings(4)} == KINDS


def test_fully_remote_listings_have_no_country(listings):
    remote_only = [listing for listing in listings if listing["country"] is None]
    assert remote_only and all(listing["remote"] for listing in remote_only)


def test_every_listing_has_fitting_profiles(profiles, listings):
    def shared(listing: dict, profile: dict) -> int:
        wanted = {skill.casefold() for skill in listing["skills"]}
        return len(wanted & {skill.casefold() for skill in profile.get("skills", [])})

    fits = [[p for p in profiles if shared(listing, p) >= 2] for listing in listings]
    assert all(fits)
    assert sum(len(found) >= 3 for found in fits) >= 0.9 * len(listings)
    english = [
        found
        for listing, found in zip(listings, fits, strict=True)
        if not CYRILLIC.search(listing["title"])
    ]
    with_russian = [f for f in english if any(CYRILLIC.search(p["headline"]) for p in f)]
    assert len(with_russian) >= 0.5 * len(english)


def test_records_pass_the_import_schemas(profiles, listings):
    from web.records.schemas import ListingRecord, ProfileRecord

    for profile in profiles:
        record = ProfileRecord.model_validate(profile)
        # Nothing may be dropped as a duplicate, or an export would not match the demo files.
        assert record.skills == profile["skills"]
        assert record.name_variants == profile.get("name_variants", [])
    for listing in listings:
        assert ListingRecord.model_validate(listing).skills == listing["skills"]


def test_write_jsonl_writes_utf8_lines(tmp_path):
    path = tmp_path / "profiles.jsonl"
    records = generate_profiles(5, seed=2)
    assert write_jsonl(records, path) == 5
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records


def _load_script():
    spec = importlib.util.spec_from_file_location("generate_demo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_script_writes_both_files_with_requested_counts(tmp_path):
    out = tmp_path / "demo"
    status = _load_script().main(
        ["--profiles", "25", "--listings", "9", "--seed", "3", "--out", str(out)]
    )
    assert status == 0
    profile_text = (out / "profiles.jsonl").read_text(encoding="utf-8")
    listing_lines = (out / "listings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(profile_text.splitlines()) == 25 and len(listing_lines) == 9
    assert CYRILLIC.search(profile_text)  # written as UTF-8, not as \u escapes
    assert [json.loads(line) for line in listing_lines] == generate_listings(9, seed=3)
