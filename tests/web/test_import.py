"""Import and export of JSON Lines records, through the service and the CLI."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from web.errors import RecordFileError
from web.models import Listing, Profile, ProfilePrivate
from web.services.importer import import_file
from web.services.records import iter_profiles, profile_record

from .records import FULL_LISTING, FULL_PROFILE, listing, profile, write_lines


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


BAD_PROFILE_LINES = [
    (profile(nickname="x"), "nickname: is not a key of the contract"),
    (profile(years_experience="10"), "years_experience: Input should be a valid integer"),
    (profile(remote="yes"), "remote: Input should be a valid boolean"),
    (profile(field="physics"), "field: input should be"),
    (profile(seeking=["job", "loan"]), "seeking[1]: input should be"),
    (profile(country="XX"), "'XX' is not an ISO 3166-1 alpha-2 country code"),
    (profile(country="Georgia"), "country: 'Georgia' is not an ISO 3166-1"),
    (profile(relocate_to=["DE", "ZZ"]), "relocate_to[1]: 'ZZ' is not an ISO 3166-1"),
    (profile(languages=[{"code": "xx", "level": "B2"}]), "'xx' is not an ISO 639-1"),
    (profile(languages=[{"code": "en", "level": "B3"}]), "'B3' is not a level"),
    (
        profile(languages=[{"code": "en", "level": "B2"}, {"code": "en", "level": "C1"}]),
        "language en is listed more than once",
    ),
    (
        profile(experience=[{"title": "x", "start": "2020-13"}]),
        "experience[0].start: '2020-13' is not a month in the form YYYY-MM",
    ),
    (
        profile(experience=[{"title": "x", "start": "2021-01", "end": "2020-01"}]),
        "end 2020-01 is before start 2021-01",
    ),
    (profile(experience=[{"organization": "x"}]), "experience[0].title: is required"),
    (profile(headline="   "), "headline: is required"),
    (profile(display_name=None), "display_name: is required"),
    (profile(external_id=""), "external_id: is required"),
    (profile(birth_year=1700), "birth_year: Input should be greater than or equal to 1900"),
    (profile(email="not-an-email"), "email: String should match pattern"),
    (profile(skills="Python"), "skills: Input should be a valid list"),
    (profile(headline="x" * 501), "headline: String should have at most 500 characters"),
    (profile(summary="bad\x00byte"), "summary: contains control characters"),
    # Text-direction and zero-width characters disguise a name (and what screening compares).
    (profile(full_name="Anna\u202eavonsteznuK"), "full_name: contains invisible"),
    (profile(name_variants=["ANNA\u200bKUZNETSOVA"]), "name_variants[0]: contains invisible"),
    (profile(display_name="Anna\u2066K."), "display_name: contains invisible"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_PROFILE_LINES)
def test_each_bad_profile_line_is_reported_and_the_good_lines_are_stored(
    session, tmp_path, bad, reason
):
    bad["external_id"] = bad.get("external_id", "p-bad") or ""
    good = profile(external_id="p-good")
    path = write_lines(tmp_path / "p.jsonl", [good, bad, profile(external_id="p-good-2")])

    report = import_file(session, "profiles", path)
    session.commit()

    assert [error.line for error in report.errors] == [2]
    assert reason.lower() in report.errors[0].reason.lower()
    assert report.outcomes["created"] == 2
    stored = set(session.scalars(select(Profile.external_id)))
    assert stored == {"p-good", "p-good-2"}


BAD_LISTING_LINES = [
    (listing(kind="loan"), "kind: input should be"),
    (listing(kind=None), "kind: is required"),
    (listing(organization=None), "organization: is required"),
    (listing(deadline="2027-02-30"), "'2027-02-30' is not a real date"),
    (listing(deadline="01.03.2027"), "is not a date in the form YYYY-MM-DD"),
    (listing(deadline=20270301), "must be a date string"),
    (listing(visa_sponsorship=1), "visa_sponsorship: Input should be a valid boolean"),
    (listing(min_years_experience=-1), "greater than or equal to 0"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_LISTING_LINES)
def test_each_bad_listing_line_is_reported(session, tmp_path, bad, reason):
    path = write_lines(tmp_path / "l.jsonl", [bad | {"external_id": "l-bad"}, listing()])

    report = import_file(session, "listings", path)
    session.commit()

    assert [error.line for error in report.errors] == [1]
    assert reason.lower() in report.errors[0].reason.lower()
    assert _count(session, Listing) == 1


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ('{"external_id": "p1", ', "not valid JSON"),
        ("[1, 2]", "expected a JSON object, got list"),
        ('"text"', "expected a JSON object, got str"),
        ('{"external_id": "a", "external_id": "b"}', "'external_id' appears twice"),
        ('{"external_id": "p1", "birth_year": NaN}', "NaN is not a valid JSON number"),
        ("Анна;Backend engineer".encode("cp1251"), "not valid UTF-8"),
        ('{"headline": "Историк"}'.encode("cp1251"), "save the file as UTF-8"),
    ],
)
def test_malformed_lines_are_reported_with_their_line_number(session, tmp_path, raw, reason):
    path = write_lines(tmp_path / "p.jsonl", [profile(external_id="ok-1"), raw])

    report = import_file(session, "profiles", path)

    assert [str(error).split(":")[0] for error in report.errors] == ["line 2"]
    assert reason in report.errors[0].reason
    assert report.outcomes["created"] == 1


def test_blank_lines_and_a_byte_order_mark_are_accepted(session, tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(FULL_PROFILE).encode() + b"\n\n   \n")

    report = import_file(session, "profiles", path)

    assert report.ok and report.outcomes["created"] == 1


def test_a_duplicate_external_id_rejects_every_copy(session, tmp_path):
    path = write_lines(
        tmp_path / "p.jsonl",
        [
            profile(external_id="dup"),
            profile(external_id="solo"),
            profile(external_id="dup", headline="Other"),
        ],
    )

    report = import_file(session, "profiles", path)
    session.commit()

    assert [error.line for error in report.errors] == [1, 3]
    assert "appears on lines 1, 3" in report.errors[0].reason
    assert set(session.scalars(select(Profile.external_id))) == {"solo"}


@pytest.mark.parametrize("name", ["missing.jsonl", "."])
def test_a_missing_file_or_a_folder_is_an_error(session, tmp_path, name):
    with pytest.raises(RecordFileError):
        import_file(session, "profiles", tmp_path / name if name != "." else tmp_path)


def test_reimport_updates_by_external_id_and_unchanged_is_a_no_op(session, tmp_path):
    path = write_lines(tmp_path / "p.jsonl", [FULL_PROFILE])
    import_file(session, "profiles", path)
    session.commit()
    first = session.scalar(select(Profile))
    first_updated, first_hash = first.updated_at, first.content_hash

    again = import_file(session, "profiles", path)
    session.commit()
    assert again.outcomes == {"same": 1}
    assert session.scalar(select(Profile)).updated_at == first_updated

    changed = profile(
        headline="Staff engineer, payments",
        city="Yerevan",
        languages=[{"code": "ru", "level": "native"}],
    )
    report = import_file(session, "profiles", write_lines(tmp_path / "p2.jsonl", [changed]))
    session.commit()
    session.expire_all()

    assert report.outcomes == {"updated": 1}
    stored = session.scalar(select(Profile))
    assert stored.headline == "Staff engineer, payments"
    assert [lang.code for lang in stored.languages] == ["ru"]
    assert stored.private.city == "Yerevan"
    assert stored.content_hash != first_hash
    assert _count(session, Profile) == 1


def test_private_fields_are_stored_apart_from_the_profile(session, tmp_path):
    import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", [FULL_PROFILE]))
    session.commit()

    private = session.scalar(select(ProfilePrivate))
    assert private.full_name == "Анна Кузнецова"
    assert private.email == "anna@example.org"
    public_columns = set(Profile.__table__.columns.keys())
    assert not public_columns & {"full_name", "name_variants", "birth_year", "email", "city"}


def test_values_are_trimmed_and_normalised(session, tmp_path):
    messy = profile(
        display_name="  Anna K. ",
        country="ge",
        skills=["Python", " python ", ""],
        languages=[{"code": "EN", "level": "c1"}],
        summary="  ",
    )
    import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", [messy]))
    session.commit()

    record = profile_record(next(iter_profiles(session)))
    assert record["display_name"] == "Anna K."
    assert record["country"] == "GE"
    assert record["skills"] == ["Python"]
    assert record["languages"] == [{"code": "en", "level": "C1"}]
    assert record["summary"] is None


def test_export_round_trips_every_field(runner, tmp_path):
    minimal = {"external_id": "p-min", "display_name": "M", "headline": "Teacher"}
    write_lines(tmp_path / "p.jsonl", [FULL_PROFILE, minimal])
    write_lines(tmp_path / "l.jsonl", [FULL_LISTING])
    assert runner.invoke(args=["import", "profiles", str(tmp_path / "p.jsonl")]).exit_code == 0
    assert runner.invoke(args=["import", "listings", str(tmp_path / "l.jsonl")]).exit_code == 0

    assert runner.invoke(args=["export", "profiles", str(tmp_path / "out-p.jsonl")]).exit_code == 0
    assert runner.invoke(args=["export", "listings", str(tmp_path / "out-l.jsonl")]).exit_code == 0

    profiles = [json.loads(line) for line in (tmp_path / "out-p.jsonl").read_text().splitlines()]
    listings = [json.loads(line) for line in (tmp_path / "out-l.jsonl").read_text().splitlines()]
    assert profiles[0] == FULL_PROFILE
    assert {k: v for k, v in profiles[1].items() if v not in (None, [])} == minimal
    assert listings == [FULL_LISTING]

    result = runner.invoke(args=["import", "profiles", str(tmp_path / "out-p.jsonl")])
    assert result.exit_code == 0
    assert "2 same" in result.stderr


def test_cli_import_reports_bad_lines_on_stderr_and_exits_non_zero(runner, tmp_path):
    path = write_lines(tmp_path / "p.jsonl", [FULL_PROFILE, profile(external_id="x", kind="job")])

    result = runner.invoke(args=["import", "profiles", str(path)])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert "line 2: kind: is not a key of the contract" in result.stderr
    assert "1 stored" in result.stderr and "1 rejected" in result.stderr


def test_cli_import_of_a_missing_file_says_so(runner, tmp_path):
    result = runner.invoke(args=["import", "listings", str(tmp_path / "nope.jsonl")])

    assert result.exit_code != 0
    assert "no such file" in result.stderr
