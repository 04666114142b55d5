"""Who issued a sanctions list entry, and whether screening leaves it out.

OpenSanctions' `sanctions` collection also holds the counter-sanctions of Russia, Belarus and
China on Western academics, journalists and officials. Screening exiles against those would turn
the regime's own blacklist into a mark against its critics, so entries issued only by an excluded
country are dropped at load time (SANCTIONS_EXCLUDED_ISSUER_COUNTRIES).

The issuer of a dataset is the two-letter prefix of its name (`ru_mfa_sanctions` -> ru, in FtM
entity files), or, in `targets.simple.csv` where the dataset column holds titles, the country the
title starts with ("Russia Personal Sanctions Targeting US Citizens" -> ru). A programme id such
as `RU-MFA` names its issuer the same way.
"""

from __future__ import annotations

import re

_DATASET_NAME = re.compile(r"^([a-z]{2})_[a-z0-9_]+$")
_PROGRAM_ID = re.compile(r"^([A-Za-z]{2})-")

# Title beginnings of the datasets in the `sanctions` collection, by issuer code.
_TITLE_PREFIXES = {
    "un": ("UN ", "United Nations"),
    "eu": ("EU ", "European Union", "European "),
    "gb": ("UK ", "GB ", "United Kingdom", "British "),
    "us": ("US ", "U.S. ", "United States"),
    "ru": ("Russia ", "Russian ", "Russia's ", "RU "),
    "by": ("Belarus ", "Belarusian ", "BY "),
    "cn": ("China ", "Chinese ", "PRC ", "CN "),
    "ca": ("Canada ", "Canadian "),
    "ch": ("Swiss ", "Switzerland "),
    "au": ("Australia ", "Australian "),
    "nz": ("New Zealand ",),
    "jp": ("Japan ", "Japanese "),
    "ua": ("Ukraine ", "Ukrainian "),
}
# What a badge names: the four principal issuers, in this order.
PRINCIPAL = (("un", "UN"), ("eu", "EU"), ("gb", "UK"), ("us", "US"))


def dataset_issuer(dataset: str) -> str | None:
    """Return the issuer code of a dataset name or title, or None if it cannot be told."""
    dataset = dataset.strip()
    match = _DATASET_NAME.match(dataset)
    if match:
        return match.group(1)
    for code, prefixes in _TITLE_PREFIXES.items():
        if any(dataset.startswith(prefix) for prefix in prefixes):
            return code
    return None


def program_issuer(program_id: str) -> str | None:
    """Return the issuer code of a programme id ("RU-MFA" -> "ru"), or None."""
    match = _PROGRAM_ID.match(program_id.strip())
    return match.group(1).lower() if match else None


def is_excluded(
    datasets: list[str],
    programs: list[str],
    excluded_issuers: frozenset[str],
    excluded_datasets: frozenset[str] = frozenset(),
) -> bool:
    """Return True if every source of an entry is an excluded issuer (or an excluded dataset).

    A dataset whose issuer cannot be told counts as not excluded, unless every programme id of
    the entry belongs to an excluded issuer. An entry listed by an excluded country and by anyone
    else stays.
    """
    if not datasets:
        return False
    program_codes = [program_issuer(program) for program in programs]
    programs_excluded = bool(program_codes) and all(
        code in excluded_issuers for code in program_codes
    )
    for dataset in datasets:
        if dataset in excluded_datasets:
            continue
        code = dataset_issuer(dataset)
        if code in excluded_issuers:
            continue
        if code is None and programs_excluded:
            continue
        return False
    return True


def badge_lists(issuer_codes: set[str]) -> str:
    """Return the lists a screening badge names ("UN, EU, UK, US"), from the issuers loaded."""
    named = [label for code, label in PRINCIPAL if code in issuer_codes]
    if named:
        return ", ".join(named)
    others = sorted(code.upper() for code in issuer_codes)
    return ", ".join(others[:8]) or "OpenSanctions"
