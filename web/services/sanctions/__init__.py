"""Sanctions screening of exiles and host organisations against OpenSanctions data, offline.

Modules: `parsing` (read and check a list file), `issuers` (leave out counter-sanctions),
`store` (versions on disk and the blocking index), `lists` (load a version and swap it in),
`names` (bidi controls, blocking keys), `matching` (logic-v2 and the birth-year rule),
`screening` (store outcomes and badges), `review` (moderator decisions).
nomenklatura loads only when something is screened.
"""

from web.services.sanctions.lists import (
    LoadReport,
    current_version,
    fixture_path,
    load_file,
    status,
)
from web.services.sanctions.names import BidiControlError, has_bidi_controls, reject_bidi_controls
from web.services.sanctions.parsing import SanctionsListError
from web.services.sanctions.screening import (
    screen_everyone,
    screen_if_changed,
    screen_new_organization,
    screen_organization,
    screen_user,
    screening_input,
)
from web.services.sanctions.settings import SanctionsSettings, settings_from_config

__all__ = [
    "BidiControlError",
    "LoadReport",
    "SanctionsListError",
    "SanctionsSettings",
    "current_version",
    "fixture_path",
    "has_bidi_controls",
    "load_demo_list",
    "load_file",
    "reject_bidi_controls",
    "screen_everyone",
    "screen_if_changed",
    "screen_new_organization",
    "screen_organization",
    "screen_user",
    "screening_input",
    "settings_from_config",
    "status",
]


def load_demo_list(session, config) -> LoadReport:
    """Load the synthetic fixture list as the current version and screen everyone against it."""
    settings = settings_from_config(config)
    report = load_file(session, fixture_path(), settings)
    if report.changed:
        screen_everyone(session, settings)
    return report
