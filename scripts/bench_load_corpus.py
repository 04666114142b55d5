"""The load benchmark's corpus: the demo generator's records, accounts, and vectors without hours
of embedding (scripts/bench_load.py; docs/reliability/hygiene-and-load.md says what is synthetic).

Records go in through the import path (`upsert_profile`, `upsert_listing`), flushed in batches.
Profile section vectors: the sections of the first `real_profiles` profiles are embedded with the
served model; every other profile's section gets the real vector of a section of the same kind
(overview, summary, experience, education) picked by the hash of its own text, plus a little
Gaussian noise, normalised. Section keys, text hashes and content hashes are the real ones, so
the stored rows look current to the application and to `reindex`. Listings are embedded for real
by the Reindexer, which then builds both indexes from the stored vectors.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from matcher.encoder import Encoder
from matcher.sections import text_hash
from web.demo.corpus import generate_listings, generate_profiles
from web.models import (
    Education,
    Experience,
    Listing,
    Membership,
    Organization,
    Profile,
    ProfileLanguage,
    ProfilePrivate,
    SectionVector,
    User,
    utcnow,
)
from web.records.schemas import ListingRecord, ProfileRecord
from web.services.accounts import hash_password
from web.services.documents import refresh_content_hash
from web.services.embeddings import fitted_sections, to_bytes
from web.services.records import PRIVATE_FIELDS, PROFILE_SCALARS, upsert_listing

log = logging.getLogger("bench_load")

# Share of imported profiles that get a (password-less) account, as in the demo's trust data:
# contact requests go only to profiles with an account.
ACCOUNT_SHARE = 0.6
NOISE = 0.02


@dataclass
class Accounts:
    """Sign-ins the simulated users use, and the profiles hosts may ask for contact."""

    exiles: list[dict] = field(default_factory=list)
    hosts: list[dict] = field(default_factory=list)
    contactable: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def section_kind(key: str) -> str:
    """Return a section key's kind: overview, summary, experience or education."""
    return re.match(r"[a-z]+", key).group(0)


class VectorMaker:
    """Real vectors for the first profiles, reused with noise for the rest (see module doc)."""

    def __init__(self, encoder: Encoder, real_profiles: int, seed: int) -> None:
        self.encoder, self.real_profiles = encoder, real_profiles
        self.rng = np.random.default_rng(seed)
        self.pool: dict[str, list[np.ndarray]] = defaultdict(list)
        self.seen = 0
        self.encoded = 0

    def rows(self, profiles: list[Profile]) -> list[dict]:
        """Return section-vector rows for flushed profiles, in order."""
        planned = [(profile, fitted_sections(profile, self.encoder)) for profile in profiles]
        real = [p for p in planned[: max(0, self.real_profiles - self.seen)]]
        self.seen += len(planned)
        texts = [section.text for _, sections in real for section in sections]
        encoded = iter(self.encoder.encode(texts)) if texts else iter(())
        self.encoded += len(texts)
        rows = []
        for number, (profile, sections) in enumerate(planned):
            for section in sections:
                kind, digest = section_kind(section.key), text_hash(section.text)
                if number < len(real):
                    vector = next(encoded)
                    self.pool[kind].append(vector)
                else:
                    vector = self._reused(kind, digest)
                rows.append(
                    {
                        "profile_id": profile.id,
                        "model": self.encoder.name,
                        "content_hash": profile.content_hash,
                        "section": section.key,
                        "text_hash": digest,
                        "vector": to_bytes(vector),
                    }
                )
        return rows

    def _reused(self, kind: str, digest: str) -> np.ndarray:
        pool = self.pool.get(kind) or self.pool["overview"]
        base = pool[int(digest[:12], 16) % len(pool)]
        noisy = base + self.rng.standard_normal(base.shape[0]).astype(np.float32) * NOISE
        return (noisy / np.linalg.norm(noisy)).astype(np.float32)


def load_corpus(
    session: Session,
    encoder: Encoder,
    *,
    profiles: int,
    listings: int,
    exiles: int,
    hosts: int,
    real_profiles: int,
    seed: int = 7,
    batch: int = 2000,
) -> Accounts:
    """Import the corpus, create the run's accounts and store profile vectors; commits batches."""
    accounts = Accounts()
    started = time.monotonic()
    records = generate_profiles(profiles, seed)
    accounts.timings["generate_profiles_s"] = time.monotonic() - started
    maker = VectorMaker(encoder, real_profiles, seed)
    rng = np.random.default_rng(seed)
    started = time.monotonic()
    vector_rows = 0
    for start in range(0, len(records), batch):
        chunk = []
        with session.no_autoflush:
            for number, record in enumerate(records[start : start + batch], start=start):
                profile = new_profile(ProfileRecord.model_validate(record))
                session.add(profile)
                if number < exiles:
                    password = secrets.token_urlsafe(12)
                    password_hash = hash_password(password)
                    email = f"exile-{number:03d}@load.example"
                    profile.user = User(email=email, role="exile", password_hash=password_hash)
                    accounts.exiles.append({"email": email, "password": password})
                elif rng.random() < ACCOUNT_SHARE:
                    email = f"{profile.external_id}@people.load.example"
                    profile.user = User(email=email, role="exile", password_hash=None)
                    accounts.contactable.append(profile.external_id)
                chunk.append(profile)
        session.flush()
        rows = maker.rows(chunk)
        session.execute(insert(SectionVector), rows)
        vector_rows += len(rows)
        session.commit()
        session.expunge_all()
        log.info("profiles: %s of %s imported", start + len(chunk), len(records))
    accounts.timings["import_profiles_s"] = time.monotonic() - started
    accounts.timings["profile_vector_rows"] = vector_rows
    accounts.timings["really_embedded_sections"] = maker.encoded
    started = time.monotonic()
    # Autoflush on: listings share organisations, which upsert_listing looks up by name.
    for record in generate_listings(listings, seed):
        upsert_listing(session, ListingRecord.model_validate(record))
    session.flush()
    accounts.hosts = _hosts(session, hosts)
    session.commit()
    accounts.timings["import_listings_and_accounts_s"] = time.monotonic() - started
    return accounts


def new_profile(record: ProfileRecord) -> Profile:
    """Build a new profile as `upsert_profile` does, without its look-up (the database is new)."""
    profile = Profile(
        external_id=record.external_id,
        content_hash="",
        **{name: getattr(record, name) for name in PROFILE_SCALARS},
    )
    profile.private = ProfilePrivate(**{name: getattr(record, name) for name in PRIVATE_FIELDS})
    profile.experience = [
        Experience(position=i, **item.model_dump()) for i, item in enumerate(record.experience)
    ]
    profile.education = [
        Education(position=i, **item.model_dump()) for i, item in enumerate(record.education)
    ]
    profile.languages = [
        ProfileLanguage(position=i, **item.model_dump()) for i, item in enumerate(record.languages)
    ]
    refresh_content_hash(profile)
    return profile


def _hosts(session: Session, count: int) -> list[dict]:
    """Approve every listing's organisation; give `count` of them a host with a password."""
    owners = sorted(set(session.scalars(select(Listing.organization_id))))
    if len(owners) < count:
        raise SystemExit(f"only {len(owners)} organisations own listings; need {count} hosts")
    session.execute(
        update(Organization)
        .where(Organization.id.in_(owners))
        .values(approval_status="approved", approved_at=utcnow())
    )
    hosts = []
    for number, organization_id in enumerate(owners[:count]):
        password = secrets.token_urlsafe(12)
        email = f"host-{number:03d}@load.example"
        user = User(email=email, role="host", password_hash=hash_password(password))
        session.add(user)
        session.flush()
        session.add(Membership(user_id=user.id, organization_id=organization_id))
        listing_ids = list(
            session.scalars(select(Listing.id).where(Listing.organization_id == organization_id))
        )
        hosts.append({"email": email, "password": password, "listings": listing_ids})
    session.flush()
    return hosts
