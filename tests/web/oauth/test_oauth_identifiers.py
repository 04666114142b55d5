"""The identifiers an identity is bound by: ORCID iDs (with their check digit) and GitHub ids."""

from __future__ import annotations

import pytest

from web.services.identities import (
    mask_orcid,
    normalise_github_id,
    normalise_orcid,
    orcid_check_digit,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("0000-0001-5109-3700", "0000-0001-5109-3700"),
        ("0000-0002-1694-233X", "0000-0002-1694-233X"),
        ("0000-0002-1694-233x", "0000-0002-1694-233X"),
        (" https://orcid.org/0000-0002-1825-0097 ", "0000-0002-1825-0097"),
    ],
)
def test_valid_orcid_ids_are_accepted(given, expected):
    assert normalise_orcid(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "0000-0002-1825-0098",  # wrong check digit
        "0000-0002-1694-2330",  # the check digit should be X
        "0000-0002-1825-009",
        "0000000218250097",
        "0000-0002-1825-0097-1",
        "X000-0002-1825-0097",
        "https://evil.example/0000-0002-1825-0097",
        "",
        None,
        18250097,
    ],
)
def test_invalid_orcid_ids_are_refused(given):
    assert normalise_orcid(given) is None


def test_the_check_digit_follows_iso_7064_mod_11_2():
    assert orcid_check_digit("000000021825009") == "7"
    assert orcid_check_digit("000000021694233") == "X"


def test_hosts_see_only_the_first_two_blocks():
    assert mask_orcid("0000-0002-1825-0097") == "0000-0002-…"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (583231, "583231"),
        (1, "1"),
        (0, None),
        (-5, None),
        ("583231", None),
        (True, None),
        (1.5, None),
    ],
)
def test_only_a_positive_integer_is_a_github_id(given, expected):
    assert normalise_github_id(given) == expected
