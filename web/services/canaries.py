"""Canary profiles: realistic decoys that no search lists, so only a scraper ever opens one.

A canary reads like any other profile (same generator as the demo corpus, same kind of external
id as a profile made on the site) but has no account and no private fields. The visibility rules
keep canaries out of every ranked result; a host who opens one anyway (a guessed or leaked id, a
bulk walk of card URLs) is suspended pending review (see services.protection).
"""

from __future__ import annotations

import random
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from web.demo import vocabulary_catalogue as catalogue
from web.demo.profiles import build_profile
from web.models import Profile
from web.records.schemas import ProfileRecord
from web.services.profiles import new_external_id
from web.services.records import upsert_profile

# Private fields are dropped: a decoy needs none, and invented names could match real people.
_PRIVATE = ("full_name", "name_variants", "birth_year", "email", "city")


def create_canaries(session: Session, count: int, seed: int | None = None) -> list[Profile]:
    """Create `count` canary profiles with plausible, unique text; return them."""
    rng = random.Random(seed if seed is not None else secrets.randbits(64))
    seen = {tuple(row) for row in session.execute(select(Profile.headline, Profile.summary))}
    made: list[Profile] = []
    while len(made) < count:
        record = _decoy(rng, new_external_id(session))
        text = (record["headline"], record.get("summary"))
        if text in seen:
            continue
        seen.add(text)
        profile, _outcome = upsert_profile(session, ProfileRecord.model_validate(record))
        profile.is_canary = True
        made.append(profile)
    session.flush()
    return made


def _decoy(rng: random.Random, external_id: str) -> dict:
    role = rng.choices(list(catalogue.ROLE_SHARES), weights=list(catalogue.ROLE_SHARES.values()))[0]
    voice = rng.choices(
        list(catalogue.VOICE_SHARES), weights=list(catalogue.VOICE_SHARES.values())
    )[0]
    record = build_profile(rng, external_id, catalogue.ROLE_BY_KEY[role], catalogue.VOICES[voice])
    return {key: value for key, value in record.items() if key not in _PRIVATE}


def list_canaries(session: Session) -> list[Profile]:
    """Return every canary profile, oldest first."""
    return list(
        session.scalars(
            select(Profile)
            .where(Profile.is_canary.is_(True))
            .order_by(Profile.created_at, Profile.id)
        )
    )
