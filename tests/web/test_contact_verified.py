"""The "verified only" filter: it narrows candidates to people with a current identity check and
never changes a score, whatever the person's country."""

from __future__ import annotations

import re

import pytest

from web import database
from web.services import attestations
from web.services.attestations import Subject
from web.services.visibility import verified_profile_ids

from .api import API
from .contact_helpers import Person, add_person
from .records import profile

pytestmark = pytest.mark.slow

SAME = {
    "headline": "Backend engineer, payments",
    "summary": "Payment systems in Python.",
    "skills": ["Python", "Kafka"],
    "experience": [],
    "education": [],
}


def attest(app, user_id: int, kind: str, status: str = "verified") -> None:
    with app.app_context(), database.session_scope() as session:
        attestations.record(
            session, Subject(user_id=user_id), kind, status=status, evidence="", checked_by="test"
        )


@pytest.fixture()
def pool(app, auth):
    """Identical people but for name and country: verified, unverified, verified but barred,
    and one with only a confirmed login e-mail."""
    ids = {}
    for name, country in (("ver", "RU"), ("unv", "DE"), ("bar", "RU"), ("eml", "GE")):
        user_id = auth.create(f"{name}@example.org")
        ids[name] = add_person(
            app,
            user_id,
            profile(
                external_id=f"p-{name}", display_name=f"Person {name}", country=country, **SAME
            ),
        )
        ids[f"user-{name}"] = user_id
    attest(app, ids["user-ver"], "orcid")
    attest(app, ids["user-bar"], "document")
    attest(app, ids["user-bar"], "sanctions", status="review")
    attest(app, ids["user-eml"], "email")
    return ids


def scores(page: str) -> dict[str, str]:
    """Return each shown person's score as printed on the results page."""
    found = {}
    for block in page.split('class="match')[1:]:
        name = re.search(r"Person (\w+)", block)
        score = re.search(r'class="score"[^>]*>([^<]+)<', block)
        if name and score:
            found[name.group(1)] = score.group(1).strip()
    return found


def test_the_bulk_check_matches_the_single_person_check(app, pool):
    with app.app_context(), database.session_scope() as session:
        bulk = verified_profile_ids(session, [pool[n] for n in ("ver", "unv", "bar", "eml")])
        single = {
            pool[n]
            for n in ("ver", "unv", "bar", "eml")
            if attestations.is_verified_person(session, pool[f"user-{n}"])
        }
    assert bulk == single == {pool["ver"]}


def test_verified_only_filters_without_changing_any_score(app, auth, pool):
    host = Person(app, type(auth), "hr@org-a.example", role="host", organization="Org A")
    url = "/host/search?q=Python+payments+engineer"

    everyone = scores(host.page(url))
    verified = scores(host.page(url + "&verified_only=y"))

    assert set(everyone) == {"ver", "unv", "bar", "eml"}
    assert len(set(everyone.values())) == 1, "equal people score equally, whatever the country"
    assert verified == {"ver": everyone["ver"]}
    token = host.post(
        f"{API}/tokens", json={"email": host.email, "password": host.auth.PASSWORD, "name": "t"}
    ).get_json()["token"]

    def api(**extra) -> dict[str, float]:
        items = host.get(
            f"{API}/search",
            query_string={"q": "Python payments", "kind": "profiles", **extra},
            headers={"Authorization": f"Bearer {token}"},
        ).get_json()["items"]
        return {item["external_id"]: item["score"] for item in items}

    all_scores = api()
    assert len(all_scores) == 4 and len(set(all_scores.values())) == 1
    assert api(verified_only="true") == {"p-ver": all_scores["p-ver"]}
