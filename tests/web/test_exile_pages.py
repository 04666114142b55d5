"""Exile pages: the profile form, the host's-eye preview, deletion and ranked matches."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from matcher.constraints import check_constraints
from matcher.documents import LanguageSkill, ListingDoc, ProfileDoc
from web import database
from web.models import Education, Experience, Profile, ProfileLanguage, ProfilePrivate, User
from web.records.schemas import ListingRecord
from web.services.display import translate_detail
from web.services.records import profile_record, upsert_listing

from .records import listing

PAGES = ["/me", "/me/profile", "/me/profile/preview", "/me/profile/delete", "/me/matches"]

# A profile typed in Russian, with two positions, two languages and a blank row of each kind.
RUSSIAN_FORM = {
    "display_name": "Маша Б.",
    "headline": "Бэкенд-разработчица, платежи",
    "field": "it",
    "summary": "Десять лет пишу платёжные системы на Python и Go.",
    "skills": "Python, PostgreSQL\nKafka",
    "years_experience": "10",
    "experience-0-title": "Ведущий разработчик",
    "experience-0-organization": "Zebra Payments Unique",
    "experience-0-start": "2022-05",
    "experience-0-end": "",
    "experience-0-description": "Платёжный шлюз.",
    "experience-1-title": "Backend engineer",
    "experience-1-organization": "Orca Bank Unique",
    "experience-1-start": "2015-01",
    "experience-1-end": "2022-03",
    "experience-2-title": "",
    "education-0-degree": "Магистр",
    "education-0-field": "Прикладная математика",
    "education-0-institution": "Walrus University Unique",
    "education-0-year": "2012",
    "education-1-degree": "",
    "languages-0-code": "ru",
    "languages-0-level": "native",
    "languages-1-code": "en",
    "languages-1-level": "C1",
    "languages-2-code": "",
    "languages-2-level": "",
    "country": "GE",
    "seeking": ["job", "grant"],
    "remote": "yes",
    "relocate_to": "de, PT",
    "work_authorization": "GE",
    "full_name": "Мария Квазимодова-Уникальная",
    "name_variants": "Maria Kvazimodova-Unikalnaya\nMARIA KVAZIMODOVA",
    "birth_year": "1951",
    "email": "masha.unique-mail@example.org",
    "city": "Квазиградск",
}
PRIVATE_VALUES = [
    "Квазимодова",
    "Kvazimodova",
    "KVAZIMODOVA",
    "1951",
    "masha.unique-mail",
    "Квазиградск",
    "Zebra Payments Unique",
    "Orca Bank Unique",
    "Walrus University Unique",
]


def form(**changes) -> dict:
    """Return the Russian profile form with some fields changed."""
    return RUSSIAN_FORM | changes


def sign_in_exile(auth, email: str = "masha@example.org") -> int:
    user_id = auth.create(email)
    auth.login(email)
    return user_id


def stored_records(app) -> list[dict]:
    """Return every stored profile as a contract record, with the id of the user it belongs to."""
    with app.app_context(), database.session_scope() as session:
        return [
            profile_record(p) | {"user_id": p.user_id}
            for p in session.scalars(select(Profile).order_by(Profile.id))
        ]


def count(app, model) -> int:
    with app.app_context(), database.session_scope() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["host", "admin"])
def test_other_roles_are_refused(auth, client, role):
    auth.create("other@example.org", role=role, organization="Org" if role == "host" else None)
    auth.login("other@example.org")

    assert [client.get(path).status_code for path in PAGES] == [403] * len(PAGES)
    assert client.post("/me/profile", data=form()).status_code == 403


def test_a_profile_typed_in_russian_is_stored_as_written(app, auth, client):
    user_id = sign_in_exile(auth)

    response = client.post("/me/profile", data=form())

    assert response.status_code == 302
    [record] = stored_records(app)
    assert record["user_id"] == user_id
    assert record["external_id"].startswith("u-") and len(record["external_id"]) > 20
    assert record["display_name"] == "Маша Б."
    assert record["headline"] == "Бэкенд-разработчица, платежи"
    assert record["skills"] == ["Python", "PostgreSQL", "Kafka"]
    positions = [
        (e["title"], e["organization"], e["start"], e["end"]) for e in record["experience"]
    ]
    assert positions == [
        ("Ведущий разработчик", "Zebra Payments Unique", "2022-05", None),
        ("Backend engineer", "Orca Bank Unique", "2015-01", "2022-03"),
    ]
    assert record["education"] == [
        {
            "degree": "Магистр",
            "field": "Прикладная математика",
            "institution": "Walrus University Unique",
            "year": 2012,
        }
    ]
    assert record["languages"] == [{"code": "ru", "level": "native"}, {"code": "en", "level": "C1"}]
    assert record["seeking"] == ["job", "grant"]
    assert (record["remote"], record["relocate_to"], record["years_experience"]) == (
        True,
        ["DE", "PT"],
        10,
    )
    with app.app_context(), database.session_scope() as session:
        private = session.scalar(select(ProfilePrivate))
        assert private.full_name == "Мария Квазимодова-Уникальная"
        assert private.name_variants == ["Maria Kvazimodova-Unikalnaya", "MARIA KVAZIMODOVA"]
        assert (private.birth_year, private.city) == (1951, "Квазиградск")
        assert private.email == "masha.unique-mail@example.org"


def test_add_another_adds_a_row_and_saves_nothing(app, auth, client):
    sign_in_exile(auth)

    response = client.post("/me/profile", data=form(add="experience"))

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="experience-3-title"' in html
    assert 'name="experience-4-title"' not in html
    assert 'value="Orca Bank Unique"' in html
    assert count(app, Profile) == 0


@pytest.mark.parametrize(
    ("changes", "error_id", "kept"),
    [
        ({"experience-1-start": "2015-13"}, "experience-1-start-error", 'value="2015-13"'),
        ({"work_authorization": "GE, XX"}, "work_authorization-error", 'value="GE, XX"'),
        ({"headline": "  "}, "headline-error", 'value="Маша Б."'),
        ({"languages-1-code": "ru"}, "languages-1-code-error", "Ведущий разработчик"),
        ({"experience-1-end": "2014-01"}, "experience-1-end-error", 'value="2014-01"'),
        ({"birth_year": "nineteen"}, "birth_year-error", 'value="nineteen"'),
    ],
)
def test_invalid_input_is_shown_beside_its_field_and_nothing_is_stored(
    app, auth, client, changes, error_id, kept
):
    sign_in_exile(auth)

    response = client.post("/me/profile", data=form(**changes))

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert html.count('class="error" id="') == 1
    assert f'id="{error_id}"' in html
    assert f'aria-describedby="{error_id}"' in html
    assert kept in html
    assert "Kvazimodova-Unikalnaya" in html
    assert count(app, Profile) == 0


def test_editing_keeps_the_external_id_and_remove_drops_a_row(app, auth, client):
    sign_in_exile(auth)
    client.post("/me/profile", data=form())
    [before] = stored_records(app)

    page = client.get("/me/profile").get_data(as_text=True)
    assert 'value="Orca Bank Unique"' in page
    assert 'name="experience-2-title"' in page  # one blank row after the two stored ones
    response = client.post(
        "/me/profile", data=form(**{"experience-0-remove": "y", "headline": "Историк"})
    )

    assert response.status_code == 302
    [after] = stored_records(app)
    assert after["external_id"] == before["external_id"]
    assert after["headline"] == "Историк"
    assert [item["title"] for item in after["experience"]] == ["Backend engineer"]
    assert count(app, Experience) == 1


def test_the_preview_shows_what_hosts_see_and_nothing_private(auth, client):
    sign_in_exile(auth)
    client.post("/me/profile", data=form())

    response = client.get("/me/profile/preview")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for shown in ("Маша Б.", "Бэкенд-разработчица", "Kafka", "Ведущий разработчик", "Магистр"):
        assert shown in html
    assert "Hidden from hosts" in html
    assert [value for value in PRIVATE_VALUES if value in html] == []


def test_deleting_removes_the_profile_and_everything_stored_with_it(app, auth, client):
    sign_in_exile(auth)
    client.post("/me/profile", data=form())

    assert 'action="/me/profile/delete"' in client.get("/me/profile/delete").get_data(as_text=True)
    response = client.post("/me/profile/delete")

    assert response.status_code == 302
    for model in (Profile, ProfilePrivate, Experience, Education, ProfileLanguage):
        assert count(app, model) == 0
    assert count(app, User) == 1
    assert client.get("/me").headers["Location"] == "/me/profile"


def test_without_a_profile_the_matches_page_asks_for_one(auth, client):
    sign_in_exile(auth)

    response = client.get("/me/matches")

    assert response.status_code == 200
    assert 'href="/me/profile"' in response.get_data(as_text=True)
    assert client.get("/me").headers["Location"] == "/me/profile"


def test_an_exile_can_neither_see_nor_change_another_exiles_profile(app, auth, client):
    sign_in_exile(auth, "first@example.org")
    client.post("/me/profile", data=form())
    [first] = stored_records(app)
    auth.logout()
    sign_in_exile(auth, "second@example.org")

    assert "Маша" not in client.get("/me/profile").get_data(as_text=True)
    assert client.get("/me/profile/preview").status_code == 302
    client.post(
        "/me/profile",
        data=form(display_name="Intruder", external_id=first["external_id"], user_id="1"),
    )
    client.post("/me/profile/delete")

    assert stored_records(app) == [first]


def test_every_constraint_sentence_of_the_matcher_is_translated(app):
    profile = ProfileDoc(
        id=1,
        headline="x",
        languages=(LanguageSkill("de", "B1"), LanguageSkill("en", "C1")),
        country="GE",
        seeking=("grant",),
        remote=False,
        relocate_to=("PT",),
        work_authorization=("AM",),
        years_experience=3,
    )
    unstated = ProfileDoc(id=2, headline="x", seeking=("job", "fellowship", "investment"))
    today = date(2026, 6, 1)
    listings = [
        ListingDoc(
            id=1,
            kind="job",
            title="x",
            languages=(
                LanguageSkill("de", "B2"),
                LanguageSkill("en", "B2"),
                LanguageSkill("fr", "A1"),
            ),
            country="DE",
            min_years_experience=5,
            deadline=date(2026, 1, 1),
        ),
        ListingDoc(id=2, kind="grant", title="x", remote=True, deadline=date(2027, 1, 1)),
        ListingDoc(id=3, kind="fellowship", title="x", country="AM", min_years_experience=2),
        ListingDoc(id=4, kind="investment", title="x", country="US", visa_sponsorship=True),
        ListingDoc(id=5, kind="grant", title="x", country="GE"),
        ListingDoc(id=6, kind="grant", title="x", country="PT"),
    ]
    details = {
        result.detail
        for doc in listings
        for person in (profile, unstated)
        for result in check_constraints(person, doc, today)
    }

    with app.test_request_context():
        assert {detail for detail in details if translate_detail(detail) is None} == set()
    assert len(details) >= 15


@pytest.mark.slow
def test_matches_are_ranked_explained_and_filtered(app, auth, client):
    deadline = (date.today() + timedelta(days=90)).isoformat()
    records = [
        listing(
            external_id="l-job",
            country="DE",
            remote=False,
            visa_sponsorship=True,
            languages=[{"code": "de", "level": "B2"}],
            deadline=deadline,
        ),
        listing(
            external_id="l-grant",
            kind="grant",
            title="Documentary film grant",
            organization="Northern Light Film Fund",
            description="Support for a feature documentary about exile.",
            skills=["Film editing", "Directing"],
            field="arts",
            country=None,
            city=None,
            remote=True,
            languages=[],
            min_years_experience=None,
            deadline=None,
        ),
    ]
    with app.app_context(), database.session_scope() as session:
        for record in records:
            upsert_listing(session, ListingRecord.model_validate(record))
    sign_in_exile(auth)
    client.post("/me/profile", data=form(**{"languages-2-code": "de", "languages-2-level": "B1"}))

    html = client.get("/me/matches").get_data(as_text=True)

    assert html.index("Backend engineer (Python, payments)") < html.index("Documentary film grant")
    assert "Tbilisi Fintech Labs" in html
    assert "✓ Python" in html and "✗ Kubernetes" in html
    assert "needs German B2, has B1" in html
    assert "visa sponsorship offered for Germany" in html
    assert "Closest part" in html
    # No index yet: the score is made of meaning, skills and fit, without full text.
    assert "Score made of" in html and "meaning" in html and "skills" in html

    only_grants = client.get("/me/matches?kind=grant").get_data(as_text=True)
    assert "Documentary film grant" in only_grants
    assert "Backend engineer (Python, payments)" not in only_grants
    sponsored = client.get("/me/matches?sponsorship=yes&country=DE").get_data(as_text=True)
    assert "Documentary film grant" not in sponsored
    assert "Backend engineer (Python, payments)" in sponsored

    client.post("/language", data={"lang": "ru"})
    russian = client.get("/me/matches").get_data(as_text=True)
    assert "нужен немецкий B2, есть B1" in russian
    assert "Из чего сложилась оценка" in russian and "смысл" in russian


def test_matches_show_what_was_checked_about_each_organisation(app, auth, client):
    from web.models import Organization
    from web.services import attestations
    from web.services.attestations import Subject

    with app.app_context(), database.session_scope() as session:
        upsert_listing(session, ListingRecord.model_validate(listing(external_id="l-approved")))
        upsert_listing(
            session,
            ListingRecord.model_validate(
                listing(external_id="l-front", organization="Unchecked Front LLC")
            ),
        )
        approved = session.scalar(
            select(Organization).where(Organization.name == "Tbilisi Fintech Labs")
        )
        attestations.record(
            session,
            Subject(organization_id=approved.id),
            "approval",
            status="verified",
            evidence="",
            checked_by="moderators #1 and #2",
        )
    sign_in_exile(auth)
    client.post("/me/profile", data=form())

    html = client.get("/me/matches").get_data(as_text=True)
    articles = html.split("<article")[1:]
    [approved_part] = [part for part in articles if "Tbilisi Fintech Labs" in part]
    [front_part] = [part for part in articles if "Unchecked Front LLC" in part]

    assert "Approved by Talent Bridge moderators" in approved_part
    assert "have not approved this organisation yet" not in approved_part
    assert "have not approved this organisation yet" in front_part
