"""API fuzzing (issue 7, attack 11): schemathesis generates requests from /api/v1/openapi.json and
sends them to the real app as an exile and as a host of an approved organisation.

Every answer must be no 5xx and must match the document (its status is documented and its body
fits the schema for that status). Then every operation of one role is fuzzed with the other role's
token and must answer 403 whatever the request holds: no authorisation gap hides behind a strange
body or query string.

The run is bounded and reproducible: hypothesis is derandomised (the same examples every run), has
no example database, and each operation gets a small fixed number of examples per mode (valid
requests, then requests that break the schema on purpose).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance
from schemathesis.specs.openapi.checks import status_code_conformance

from .api import API, issue
from .contact_helpers import Person, add_person, approve_badge, person_record, set_organization
from .hosts import create_listing

# Operations left out of the fuzz: revoking the token in use would leave the rest of the run
# without an identity (tests/web/test_api.py covers revocation).
SKIPPED = {("DELETE", f"{API}/tokens/current")}
EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 6}
CROSS_ROLE_EXAMPLES = 4

pytestmark = pytest.mark.slow  # talent search and matches load the embedding model


def _settings(examples: int):
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


@pytest.fixture()
def identities(app, auth):
    """Tokens of an exile with a profile and of a host of an approved organisation with a
    listing, and real ids for the path parameters."""
    exile = Person(app, type(auth), "fuzz-exile@example.org")
    add_person(app, exile.id, person_record("p-fuzz"))
    host = Person(app, type(auth), "hr@fuzz.example", role="host", organization="Fuzz Org")
    approve_badge(app, set_organization(app, host.email, country="DE"))
    create_listing(host.client)
    tokens: dict[str, dict] = {}
    for name, person in (("exile", exile), ("host", host)):
        response = issue(person.client, person.email, person.auth.PASSWORD)
        assert response.status_code == 201
        tokens[name] = {"Authorization": f"Bearer {response.get_json()['token']}"}
    listings = host.get(f"{API}/listings", headers=tokens["host"]).get_json()["items"]
    # Real ids for path parameters, so the fuzz also reaches records that exist.
    real = {
        f"{API}/listings/{{external_id}}": listings[0]["external_id"],
        f"{API}/profiles/{{external_id}}": "p-fuzz",
    }
    return tokens, real


def operations(app):
    """Return the API's operations as schemathesis sees them, deletions last."""
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)
    found = [result.ok() for result in schema.get_all_operations()]
    found = [op for op in found if (op.method.upper(), op.path) not in SKIPPED]
    return sorted(found, key=lambda op: (op.method.upper() == "DELETE", op.path, op.method))


def roles_of(operation) -> set[str]:
    """Return the roles an operation is for, read from its documented description."""
    description = operation.definition.raw.get("description", "")
    return {role for role in ("exile", "host") if f"role {role}" in description}


def fuzz(
    operation, headers: dict, mode: GenerationMode, examples: int, expect=None, path=None
) -> None:
    """Send generated requests to one operation and check every answer."""
    checks = [not_a_server_error, status_code_conformance, response_schema_conformance]

    @_settings(examples)
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path))
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=checks, headers=headers)
        if expect is not None:
            # Negative cases may drop or mangle the token on purpose: then 401 is the answer.
            sent = response.request.headers.get("Authorization")
            wanted = expect if sent == headers["Authorization"] else {401}
            assert response.status_code in wanted, (case.method, case.formatted_path, response.text)

    run()


@pytest.mark.parametrize("identity", ["exile", "host"])
def test_every_operation_survives_fuzzing_and_answers_as_documented(app, identities, identity):
    tokens, real = identities
    headers = tokens[identity]
    fuzzed = []
    for operation in operations(app):
        roles = roles_of(operation)
        if roles and identity not in roles:
            continue  # the cross-role test below
        for mode, examples in EXAMPLES.items():
            fuzz(operation, headers, mode, examples)
        known = [value for prefix, value in real.items() if operation.path.startswith(prefix)]
        if known:
            for mode, examples in EXAMPLES.items():
                fuzz(operation, headers, mode, examples, path={"external_id": known[0]})
        fuzzed.append(f"{operation.method.upper()} {operation.path}")
    own = {
        "exile": {f"PUT {API}/profile", f"GET {API}/profile/matches"},
        "host": {f"POST {API}/listings", f"GET {API}/listings/{{external_id}}/matches"},
    }
    assert {f"GET {API}/search", f"POST {API}/tokens", *own[identity]} <= set(fuzzed), fuzzed


def test_operations_of_the_other_role_are_refused_whatever_the_request(app, identities):
    tokens, real = identities
    refused = []
    for operation in operations(app):
        roles = roles_of(operation)
        for identity in {"exile", "host"} - roles if roles else ():
            for mode in GenerationMode:
                fuzz(operation, tokens[identity], mode, CROSS_ROLE_EXAMPLES, expect={403})
                known = [v for prefix, v in real.items() if operation.path.startswith(prefix)]
                if known:
                    fuzz(
                        operation,
                        tokens[identity],
                        mode,
                        CROSS_ROLE_EXAMPLES,
                        expect={403},
                        path={"external_id": known[0]},
                    )
            refused.append((identity, f"{operation.method.upper()} {operation.path}"))
    assert {path for _identity, path in refused} >= {
        f"GET {API}/profile",
        f"PUT {API}/profile",
        f"GET {API}/profile/matches",
        f"POST {API}/listings",
        f"GET {API}/listings/{{external_id}}/matches",
        f"POST {API}/profiles/{{external_id}}/contact-requests",
        f"GET {API}/contact-requests",
    }
