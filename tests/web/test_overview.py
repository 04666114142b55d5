"""The talent-pool overview: who may see it, what its charts count, and what they never show."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from web import database
from web.charts import Chart, Row, Series, bar_chart
from web.models import Profile
from web.services import overview
from web.services.importer import import_file

from .records import listing, profile, write_lines

TODAY = date(2026, 11, 27)
CANARY = "CANARY"


def person(number: int, field: str, country: str, skills: list[str], years: int, **extra) -> dict:
    """Return a profile whose every private or identifying value carries the canary."""
    tag = f"{CANARY}{number:02d}"
    return profile(
        external_id=f"p-{tag.lower()}",
        display_name=f"{tag} display",
        full_name=f"{tag} full name",
        name_variants=[f"{tag} variant"],
        email=f"{tag.lower()}@example.org",
        city=f"{tag} city",
        birth_year=1900 + number,
        headline=f"{tag} headline",
        summary=f"{tag} summary",
        field=field,
        country=country,
        skills=skills,
        years_experience=years,
        experience=[{"title": f"{tag} title", "organization": f"{tag} employer"}],
        education=[{"degree": "MSc", "institution": f"{tag} university"}],
        **extra,
    )


def seed_profiles() -> list[dict]:
    """Return 7 IT people in Germany, 6 academics in Georgia and 5 more in groups of 2 and 3."""
    english = [{"code": "ru", "level": "native"}, {"code": "en", "level": "C1"}]
    people = [
        person(i, "it", "DE", ["Python", "SQL", f"{CANARY} skill {i}"], 10, languages=english)
        for i in range(7)
    ]
    people += [
        person(i, "academia", "GE", ["python", "Statistics"], 3, work_authorization=["GE"])
        for i in range(7, 13)
    ]
    people += [person(i, "media", "AM", ["OSINT"], 1) for i in range(13, 15)]
    people += [person(i, "education", "AZ", ["Teaching"], 4) for i in range(15, 18)]
    return people


def seed_listings() -> list[dict]:
    """Return open listings with known reach, and one closed listing."""
    return [
        # English B2, on site in Germany, 5+ years: the seven IT people.
        listing(
            external_id="l-berlin",
            title="Berlin backend",
            skills=["PYTHON", "Kafka"],
            country="DE",
            remote=False,
            visa_sponsorship=False,
            min_years_experience=5,
            deadline="2099-01-01",
        ),
        # German is required and nobody speaks it.
        listing(
            external_id="l-german",
            title="Remote German editor",
            skills=["Statistics"],
            remote=True,
            languages=[{"code": "de", "level": "B1"}],
            deadline=None,
        ),
        # Visa sponsored, no language, 2+ years: everyone but the two media people.
        listing(
            external_id="l-visa",
            title="Sponsored fellowship",
            kind="fellowship",
            skills=["Python"],
            country="GE",
            remote=False,
            visa_sponsorship=True,
            languages=[],
            min_years_experience=2,
            deadline=None,
        ),
        listing(external_id="l-closed", title="Closed call", deadline="2020-01-01"),
    ]


@pytest.fixture()
def pool(app, tmp_path):
    """Import the seeded profiles and listings; return the app."""
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", seed_profiles()))
        import_file(session, "listings", write_lines(tmp_path / "l.jsonl", seed_listings()))
    return app


def signed_in(auth, role: str) -> None:
    """Create an account of the role and sign in with it."""
    email = f"{role}@example.org"
    auth.create(email, role=role, organization="Host Org" if role == "host" else None)
    auth.login(email)


# Access --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/pool")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_exiles_may_not_see_the_overview(client, auth):
    signed_in(auth, "exile")

    assert client.get("/pool").status_code == 403


@pytest.mark.parametrize("role", ["host", "moderator", "admin"])
def test_hosts_and_staff_see_the_overview(client, auth, role):
    signed_in(auth, role)

    response = client.get("/pool")

    assert response.status_code == 200
    assert "Talent pool" in response.text


# Aggregates ----------------------------------------------------------------------------------


def test_small_groups_are_folded_and_a_small_remainder_takes_the_next_group():
    assert overview.fold_small_groups({"a": 9, "b": 6, "c": 2, "d": 3}) == overview.Grouped(
        [("a", 9), ("b", 6)], 5
    )
    # "c" alone (2) could be worked out from the total: "b" joins it.
    assert overview.fold_small_groups({"a": 9, "b": 6, "c": 2}) == overview.Grouped([("a", 9)], 8)
    assert overview.fold_small_groups({"a": 3, "b": 1}) == overview.Grouped([])
    assert overview.fold_small_groups({"a": 7, "b": 6, "c": 5}, top=2) == overview.Grouped(
        [("a", 7), ("b", 6)], 5
    )
    assert overview.fold_small_groups({}) == overview.Grouped([])


def test_profiles_by_field_and_country_fold_groups_under_five(pool):
    with pool.app_context(), database.session_scope() as session:
        fields = overview.profiles_by(session, Profile.field)
        countries = overview.profiles_by(session, Profile.country, top=12)

    assert fields == overview.Grouped([("it", 7), ("academia", 6)], 5)
    assert countries == overview.Grouped([("DE", 7), ("GE", 6)], 5)


def test_skills_compare_case_insensitively_and_rare_skills_are_left_out(pool):
    with pool.app_context(), database.session_scope() as session:
        skills = overview.skill_demand(session, TODAY)

    assert skills == [
        overview.SkillDemand("Python", 13, 2),
        overview.SkillDemand("SQL", 7, 0),
        overview.SkillDemand("Statistics", 6, 1),
    ]


def test_listing_reach_counts_profiles_meeting_the_hard_requirements(pool):
    with pool.app_context(), database.session_scope() as session:
        reach = overview.listing_reach(session, TODAY)

    assert [(item.title, item.organization, item.profiles) for item in reach] == [
        ("Sponsored fellowship", "Tbilisi Fintech Labs", 16),
        ("Berlin backend", "Tbilisi Fintech Labs", 7),
        ("Remote German editor", "Tbilisi Fintech Labs", None),
    ]


# The page ------------------------------------------------------------------------------------


def table_rows(html: str, chart_key: str) -> list[tuple[str, ...]]:
    """Return the data table rows of one chart as tuples of cell texts."""
    figure = re.search(rf'<figure class="chart-block" id="{chart_key}">(.*?)</figure>', html, re.S)
    body = re.search(r"<tbody>(.*?)</tbody>", figure.group(1), re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append(tuple(unescape(cell.strip()) for cell in cells))
    return rows


def test_the_page_draws_every_chart_with_its_text_alternative(pool, client, auth):
    signed_in(auth, "host")

    html = client.get("/pool").text

    assert html.count('<svg class="chart"') == 4
    assert html.count("<desc id=") == 4 and html.count("<details>") == 4
    assert table_rows(html, "fields") == [
        ("IT and engineering", "7"),
        ("Academia and research", "6"),
        ("Others combined", "5"),
    ]
    assert table_rows(html, "countries") == [
        ("Germany", "7"),
        ("Georgia", "6"),
        ("Others combined", "5"),
    ]
    assert table_rows(html, "skills")[0] == ("Python", "13 (72%)", "2 (67%)")
    assert table_rows(html, "reach") == [
        ("Sponsored fellowship — Tbilisi Fintech Labs", "16"),
        ("Berlin backend — Tbilisi Fintech Labs", "7"),
        ("Remote German editor — Tbilisi Fintech Labs", "fewer than 5"),
    ]
    assert "Closed call" not in html
    assert 'aria-labelledby="chart-fields-title chart-fields-desc"' in html
    assert "IT and engineering: Profiles 7" in html
    assert "fewer than 5 profiles is never shown on its own" in html


def test_the_page_shows_nothing_that_could_identify_a_person(pool, client, auth):
    signed_in(auth, "admin")

    html = client.get("/pool").text

    assert CANARY not in html and CANARY.lower() not in html
    for small_group in ("Armenia", "Azerbaijan", "Media and journalism", "OSINT", "Teaching"):
        assert small_group not in html
    assert " style=" not in html and "<script" not in html


def test_the_page_is_in_russian_for_russian_users(pool, client, auth):
    signed_in(auth, "host")
    client.post("/language", data={"lang": "ru"})

    html = client.get("/pool").text

    assert "Профили по областям" in html
    assert ("Германия", "7") in table_rows(html, "countries")
    assert "меньше 5" in html


def test_figures_are_reused_only_while_the_pool_is_unchanged(pool, tmp_path):
    with pool.app_context(), database.session_scope() as session:
        first = overview.pool_figures(session, TODAY)
        assert overview.pool_figures(session, TODAY) is first
        import_file(
            session,
            "profiles",
            write_lines(
                tmp_path / "more.jsonl", [person(i, "media", "AM", [], 1) for i in (20, 21)]
            ),
        )
        session.flush()
        changed = overview.pool_figures(session, TODAY)

    assert changed is not first
    assert changed.total == first.total + 2
    assert changed.fields == overview.Grouped([("it", 7), ("academia", 6)], 7)


def test_a_tiny_pool_shows_no_chart(app, client, auth, tmp_path):
    with app.app_context(), database.session_scope() as session:
        import_file(session, "profiles", write_lines(tmp_path / "p.jsonl", seed_profiles()[:3]))
    signed_in(auth, "host")

    html = client.get("/pool").text

    assert '<svg class="chart"' not in html
    assert "Fewer than 5 profiles in the pool" in html
    assert CANARY not in html


def test_chart_text_is_escaped_and_long_labels_keep_their_full_text():
    label = "<b>" + "x" * 60
    chart = Chart(
        key="k",
        title="T & T",
        note="",
        series=(Series("Profiles", "profiles"),),
        rows=(Row(label, (7,)), Row("small", (None,))),
        withheld="fewer than 5",
    )

    svg = str(bar_chart(chart))

    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "<title>&lt;b&gt;" + "x" * 60 + "</title>" in svg
    assert "T &amp; T" in svg
    assert ">fewer than 5<" in svg


def test_health_reports_no_index_before_the_first_reindex(client):
    response = client.get("/pool/healthz")

    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "index_versions": {"profiles": None, "listings": None},
    }
