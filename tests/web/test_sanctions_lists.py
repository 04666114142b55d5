"""Sanctions list files (issue 4, check 7): a truncated, empty, foreign or tampered file is refused
and the previous version keeps serving; checksums and counts; a new version re-screens everyone;
the command line."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from web import database
from web.models import SanctionsListVersion, User
from web.services import attestations, sanctions
from web.services.sanctions.store import ListStore, read_pointer

from .sanctions_helpers import (
    exile,
    fixture_rows,
    latest,
    load,
    row,
    settings,
    write_list,
)

FIXTURE_LISTS = "UN, EU, UK, US|2026-11-20"


@pytest.mark.parametrize(
    "damage",
    [
        "cut mid-record",
        "cut inside a quoted field",
        "fields missing on the last line",
        "truncated at a line break",
        "empty",
        "not a targets.simple.csv",
    ],
)
def test_a_damaged_list_is_refused_and_the_previous_version_keeps_serving(
    app, auth, runner, tmp_path, damage
):
    version = load(app)
    person = exile(app, auth, "dima@example.org", "Дмитрий Щербаков", born=1980)
    data = sanctions.fixture_path().read_bytes()
    path = tmp_path / "targets.simple.csv"
    if damage == "cut mid-record":
        path.write_bytes(data[: len(data) - 40])
    elif damage == "cut inside a quoted field":
        path.write_bytes(data[: len(data) - 40] + b"\n")
    elif damage == "fields missing on the last line":
        lines = data.decode().splitlines()
        path.write_text("\n".join(lines[:-1] + [",".join(lines[-1].split(",")[:5])]) + "\n")
    elif damage == "truncated at a line break":
        path.write_text("\n".join(data.decode().splitlines()[:6]) + "\n")
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.write_text('"name","birth"\n"Dmitrii","1980"\n')
    before = sorted(p.name for p in settings(app).root.iterdir())

    result = runner.invoke(["sanctions", "load", str(path)])

    assert result.exit_code == 1
    assert "Error" in result.output
    with app.app_context(), database.session_scope() as session:
        current = sanctions.current_version(session)
        assert current.version == version
        assert session.scalar(select(SanctionsListVersion.id).where(
            SanctionsListVersion.version != version)) is None  # fmt: skip
    assert read_pointer(settings(app).root) == version
    assert sorted(p.name for p in settings(app).root.iterdir()) == before
    assert latest(app, user_id=person)["status"] == "review"


def test_a_truncated_json_lines_file_is_refused(app, tmp_path):
    path = tmp_path / "entities.ftm.json"
    good = (
        '{"id": "tb-1", "schema": "Person", "target": true, "datasets": ["eu_fsf"], '
        '"properties": {"name": ["Igor Testov"], "birthDate": ["1971"]}}\n'
    )
    path.write_text(good + good.replace("tb-1", "tb-2")[:60] + "\n")

    with app.app_context(), database.session_scope() as session:
        with pytest.raises(sanctions.SanctionsListError, match="line 2"):
            sanctions.load_file(session, path, settings(app))
        path.write_text(good)
        assert sanctions.load_file(session, path, settings(app)).entries == 1


def test_a_checksum_mismatch_is_refused_and_a_match_loads(app, tmp_path):
    path = write_list(tmp_path / "targets.simple.csv", fixture_rows(), checksum="0" * 64)

    with app.app_context(), database.session_scope() as session:
        with pytest.raises(sanctions.SanctionsListError, match="checksum"):
            sanctions.load_file(session, path, settings(app))
        assert sanctions.current_version(session) is None
        write_list(path, fixture_rows(), checksum="right")
        assert sanctions.load_file(session, path, settings(app)).version.is_current


def test_a_much_smaller_list_needs_allow_shrink(app, tmp_path):
    load(app)
    path = write_list(tmp_path / "small.csv", fixture_rows()[:5])

    with app.app_context(), database.session_scope() as session:
        with pytest.raises(sanctions.SanctionsListError, match="allow-shrink"):
            sanctions.load_file(session, path, settings(app))
        assert sanctions.load_file(session, path, settings(app), allow_shrink=True).changed


def test_a_new_version_rescreens_everyone_and_replaces_old_badges(app, auth, runner, tmp_path):
    first = load(app)
    ivan = exile(app, auth, "ivan@example.org", "Иван Нормалов", born=1984)
    olga = exile(app, auth, "olga@example.org", "Ольга Вымышленная", born=1975)
    host = auth.create("hr@labs.example", role="host", organization="Labs")
    assert latest(app, user_id=ivan)["badge"] == ("verified", FIXTURE_LISTS)
    rows = fixture_rows() + [row("tbfix-p-100", "IVAN NORMALOV", born="1984-04-04")]
    path = write_list(tmp_path / "targets.simple.csv", rows)

    result = runner.invoke(["sanctions", "load", str(path), "--list-date", "2026-12-01"])

    assert result.exit_code == 0, result.output
    with app.app_context(), database.session_scope() as session:
        current = sanctions.current_version(session)
        organization_id = session.get(User, host).memberships[0].organization_id
    assert current.version != first and current.list_date == "2026-12-01"
    assert read_pointer(settings(app).root) == current.version
    for subject in ({"user_id": ivan}, {"user_id": olga}, {"organization_id": organization_id}):
        assert latest(app, **subject)["version_id"] == current.id
    assert latest(app, user_id=ivan)["status"] == "review"
    assert latest(app, user_id=olga)["status"] == "review"
    assert latest(app, organization_id=organization_id)["badge"] == (
        "verified",
        "UN, EU, UK, US|2026-12-01",
    )
    status = runner.invoke(["sanctions", "status"])
    assert current.version in status.output and "hits awaiting a moderator: 2" in status.output


def test_badges_expire_when_a_newer_list_lands(app, auth, tmp_path):
    load(app)
    person = exile(app, auth, "ivan@example.org", "Иван Нормалов", born=1984)
    path = write_list(tmp_path / "next.csv", fixture_rows()[:-1])

    with app.app_context(), database.session_scope() as session:
        sanctions.load_file(session, path, settings(app), list_date="2026-12-01")
        badge = attestations.find(session, attestations.Subject(user_id=person), "sanctions")
        assert not attestations.is_current(badge)


def test_the_cli_screens_and_reports_status(app, auth, runner):
    assert runner.invoke(["sanctions", "screen"]).exit_code == 1
    assert "no sanctions list is loaded" in runner.invoke(["sanctions", "status"]).output
    result = runner.invoke(["sanctions", "load", str(sanctions.fixture_path())])
    assert result.exit_code == 0, result.output
    assert "30 records, 23 to screen against, 5 left out by issuer" in result.output
    exile(app, auth, "ivan@example.org", "Иван Нормалов", born=1984)

    again = runner.invoke(["sanctions", "load", str(sanctions.fixture_path())])
    assert "already current" in again.output
    result = runner.invoke(["sanctions", "screen"])
    assert result.exit_code == 0 and "screened 1 people" in result.output


def test_a_tampered_version_is_not_trusted_and_a_lost_one_is_rebuilt(app, tmp_path):
    version = load(app)
    folder = settings(app).root / version
    (folder / "entries.jsonl").write_text("{}\n")
    with pytest.raises(sanctions.SanctionsListError, match="does not match its manifest"):
        ListStore(folder)

    shutil.rmtree(folder)
    path = write_list(tmp_path / "again.csv", fixture_rows())
    with app.app_context(), database.session_scope() as session:
        report = sanctions.load_file(session, path, settings(app), list_date="2026-11-20")
    assert report.version.version == version and report.changed
    assert len(ListStore(folder).entries) == 23
