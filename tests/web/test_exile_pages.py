"""Exile pages: the profile form, the host's-eye preview, deletion and who may use them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from web import database
from web.models import Education, Experience, Profile, ProfileLanguage, ProfilePrivate, User
from web.services.records import profile_record

from .exiles import form, sign_in_exile
from .hosts import count

PAGES = ["/me", "/me/profile", "/me/profile/preview", "/me/profile/delete", "/me/matches"]

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


def stored_records(app) -> list[dict]:
    """Return every stored profile as a contract record, with the id of the user it belongs to."""
    with app.app_context(), database.session_scope() as session:
        return [
            profile_record(p) | {"user_id": p.user_id}
            for p in session.scalars(select(Profile).order_by(Profile.id))
        ]


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
