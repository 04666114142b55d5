"""Profiles' hard-constraint facts as arrays, so a listing's gate judges thousands at once.

`matcher.constraints` decides, one profile document at a time, whether a listing's hard
constraints (kind, place, languages) cut a person. At a million profiles a listing's search
examines thousands of candidates, and loading each one's document took most of a match's time.
These arrays hold exactly the fields those decisions read, one row a profile, and `cuts` gives
the same answer as `cut_by(check_constraints(...))` for every row (a test holds them together).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matcher.constraints import CUT_ORDER, KIND_NAMES, SOFT_LANGUAGE_GAP, level_rank
from matcher.documents import ListingDoc, ProfileDoc
from matcher.errors import IndexLoadError

FORMAT = 1
# Bit per kind a person seeks; a kind the matcher does not know gets the last bit, so a profile
# that names only such a kind still "names something" and is cut as the document gate cuts it.
KIND_BITS = {kind: 1 << position for position, kind in enumerate(KIND_NAMES)}
OTHER_KIND = 1 << 7
# Reason codes `cuts` returns: 0 is "may be ranked", then CUT_ORDER's names from 1.
REASONS = (None, *CUT_ORDER)
_UNKNOWN = -1  # remote not stated, no country, an empty slot in a row of codes
_ARRAYS = ("ids", "seeking", "remote", "country", "authorised", "languages", "levels")


@dataclass(frozen=True)
class FactRow:
    """One profile's facts as the gate reads them."""

    id: int
    seeking: tuple[str, ...] = ()
    remote: bool | None = None
    country: str | None = None
    work_authorization: tuple[str, ...] = ()
    languages: tuple[tuple[str, str], ...] = ()  # (code, level), in the profile's order


def fact_row(doc: ProfileDoc) -> FactRow:
    """Return the facts of a profile document."""
    return FactRow(
        doc.id,
        doc.seeking,
        doc.remote,
        doc.country,
        doc.work_authorization,
        tuple((item.code, item.level) for item in doc.languages),
    )


@dataclass(frozen=True)
class ProfileFacts:
    """Hard-constraint facts of many profiles, one row each, rows sorted by profile id."""

    ids: np.ndarray  # (n,) int64
    seeking: np.ndarray  # (n,) uint8 of KIND_BITS; 0 names nothing, which every kind passes
    remote: np.ndarray  # (n,) int8: 1 yes, 0 no, -1 not stated
    country: np.ndarray  # (n,) int16 code into `places`, -1 none
    authorised: np.ndarray  # (n, w) int16 codes into `places` of where they may work, -1 padded
    languages: np.ndarray  # (n, v) int16 codes into `language_codes`, -1 padded
    levels: np.ndarray  # (n, v) int8 level_rank of each language
    places: tuple[str, ...]
    language_codes: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_rows(cls, rows: Iterable[FactRow]) -> ProfileFacts:
        """Return the facts of these profiles (any order; the last row of an id wins)."""
        by_id = {row.id: row for row in rows}
        ordered = [by_id[i] for i in sorted(by_id)]
        places: dict[str, int] = {}
        codes: dict[str, int] = {}
        spoken = [dict(row.languages) for row in ordered]  # the last level of a code wins
        width = max((len(row.work_authorization) for row in ordered), default=0)
        authorised = np.full((len(ordered), max(width, 1)), _UNKNOWN, dtype=np.int16)
        width = max((len(languages) for languages in spoken), default=0)
        languages = np.full((len(ordered), max(width, 1)), _UNKNOWN, dtype=np.int16)
        levels = np.zeros(languages.shape, dtype=np.int8)
        seeking = np.zeros(len(ordered), dtype=np.uint8)
        remote = np.full(len(ordered), _UNKNOWN, dtype=np.int8)
        country = np.full(len(ordered), _UNKNOWN, dtype=np.int16)
        for position, row in enumerate(ordered):
            for kind in row.seeking:
                seeking[position] |= KIND_BITS.get(kind, OTHER_KIND)
            if row.remote is not None:
                remote[position] = int(row.remote)
            if row.country is not None:
                country[position] = places.setdefault(row.country, len(places))
            for slot, where in enumerate(row.work_authorization):
                authorised[position, slot] = places.setdefault(where, len(places))
            for slot, (code, level) in enumerate(spoken[position].items()):
                languages[position, slot] = codes.setdefault(code, len(codes))
                levels[position, slot] = level_rank(level)
        ids = np.fromiter((row.id for row in ordered), dtype=np.int64, count=len(ordered))
        return cls(
            ids,
            seeking,
            remote,
            country,
            authorised,
            languages,
            levels,
            tuple(places),
            tuple(codes),
        )

    def updated(self, changed: ProfileFacts, current_ids: np.ndarray) -> ProfileFacts:
        """Return these facts with `changed`'s rows in place of or beside theirs, keeping only
        the profiles in `current_ids` (the others were erased)."""
        keep = np.isin(self.ids, current_ids) & ~np.isin(self.ids, changed.ids)
        places = _merged(self.places, changed.places)
        codes = _merged(self.language_codes, changed.language_codes)
        recode_places = _recoder(changed.places, places)
        recode_codes = _recoder(changed.language_codes, codes)
        parts = {
            "ids": (self.ids[keep], changed.ids),
            "seeking": (self.seeking[keep], changed.seeking),
            "remote": (self.remote[keep], changed.remote),
            "country": (self.country[keep], recode_places(changed.country)),
            "authorised": _padded(self.authorised[keep], recode_places(changed.authorised), -1),
            "languages": _padded(self.languages[keep], recode_codes(changed.languages), -1),
            "levels": _padded(self.levels[keep], changed.levels, 0),
        }
        joined = {name: np.concatenate(pair) for name, pair in parts.items()}
        order = np.argsort(joined["ids"], kind="stable")
        arrays = {name: array[order] for name, array in joined.items()}
        return ProfileFacts(**arrays, places=places, language_codes=codes)

    def rows_of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the row of each id and a mask of the ids these facts hold."""
        wanted = np.asarray(ids, dtype=np.int64)
        if not len(self.ids):
            return np.zeros(wanted.shape, dtype=np.intp), np.zeros(wanted.shape, dtype=bool)
        rows = np.searchsorted(self.ids, wanted).clip(max=len(self.ids) - 1)
        return rows, self.ids[rows] == wanted

    def cuts(self, listing: ListingDoc, rows: np.ndarray | None = None) -> np.ndarray:
        """Return, per row (all rows when None), the index in REASONS of the hard constraint
        the listing cuts it by: 0 when it may be ranked."""
        view = _Rows(self, rows)
        reasons = np.zeros(view.count, dtype=np.int8)
        # Later constraints first, so that the first one in CUT_ORDER is what remains.
        reasons[~self._speaks(listing, view)] = REASONS.index("language")
        reasons[~self._may_work(listing, view)] = REASONS.index("location")
        seeking = view.of(self.seeking)
        bit = KIND_BITS.get(listing.kind, OTHER_KIND)
        reasons[(seeking != 0) & (seeking & bit == 0)] = REASONS.index("kind")
        return reasons

    def _speaks(self, listing: ListingDoc, view: _Rows) -> np.ndarray:
        ok = np.ones(view.count, dtype=bool)
        for required in listing.languages:
            if required.code not in self.language_codes:
                return np.zeros(view.count, dtype=bool)
            code = self.language_codes.index(required.code)
            least = level_rank(required.level) - SOFT_LANGUAGE_GAP
            ok &= ((view.of(self.languages) == code) & (view.of(self.levels) >= least)).any(axis=1)
        return ok

    def _may_work(self, listing: ListingDoc, view: _Rows) -> np.ndarray:
        refuses_remote = view.of(self.remote) == 0
        if listing.country is None:
            return ~refuses_remote
        if listing.visa_sponsorship:
            return np.ones(view.count, dtype=bool)  # a wish elsewhere only scores lower
        remote_fits = ~refuses_remote if listing.remote else np.zeros(view.count, dtype=bool)
        if listing.country not in self.places:
            return remote_fits
        where = self.places.index(listing.country)
        on_site = (view.of(self.country) == where) | (view.of(self.authorised) == where).any(axis=1)
        return remote_fits | on_site

    def save(self, folder: Path, about: dict | None = None) -> None:
        """Write the arrays, their vocabularies and `about` (the caller's notes) into `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", getattr(self, name), allow_pickle=False)
        described = {
            "format": FORMAT,
            "places": self.places,
            "language_codes": self.language_codes,
            "about": about or {},
        }
        (folder / "facts.json").write_text(json.dumps(described), encoding="utf-8")

    @staticmethod
    def saved_about(folder: Path) -> dict:
        """Return the `about` notes saved with facts, empty when there are none or no facts."""
        try:
            described = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return described.get("about") or {} if described.get("format") == FORMAT else {}

    @classmethod
    def load(cls, folder: Path, *, mmap: bool = True) -> ProfileFacts:
        """Read facts saved by `save`, memory-mapped unless told otherwise."""
        try:
            about = json.loads((folder / "facts.json").read_text(encoding="utf-8"))
            if about.get("format") != FORMAT:
                raise IndexLoadError(
                    f"profile facts format {about.get('format')!r} is not {FORMAT}"
                )
            arrays = {
                name: np.load(folder / f"{name}.npy", mmap_mode="r" if mmap else None)
                for name in _ARRAYS
            }
        except (OSError, ValueError, KeyError) as error:
            raise IndexLoadError(f"cannot read the profile facts in {folder}: {error}") from error
        counts = {len(array) for array in arrays.values()}
        if len(counts) != 1:
            raise IndexLoadError(f"the profile facts in {folder} have arrays of different lengths")
        return cls(
            **arrays, places=tuple(about["places"]), language_codes=tuple(about["language_codes"])
        )


class _Rows:
    """Some rows of the facts, or all of them without copying each array."""

    def __init__(self, facts: ProfileFacts, rows: np.ndarray | None) -> None:
        self.rows = None if rows is None else np.asarray(rows, dtype=np.intp)
        self.count = len(facts.ids) if rows is None else len(self.rows)

    def of(self, array: np.ndarray) -> np.ndarray:
        """Return the array's rows in this selection."""
        return array if self.rows is None else array[self.rows]


def _merged(names: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    """Return a vocabulary that keeps `names` at their codes and adds the new ones of `more`."""
    return names + tuple(name for name in dict.fromkeys(more) if name not in names)


def _recoder(names: tuple[str, ...], into: tuple[str, ...]):
    """Return a function that turns codes into `names` into codes into `into`, -1 kept."""
    table = np.array([into.index(name) for name in names] + [_UNKNOWN], dtype=np.int16)
    return lambda codes: table[np.where(codes >= 0, codes, len(names))]


def _padded(first: np.ndarray, second: np.ndarray, fill: int) -> tuple[np.ndarray, np.ndarray]:
    """Return two (n, w) arrays padded with `fill` to the wider width."""
    width = max(first.shape[1], second.shape[1])

    def pad(array: np.ndarray) -> np.ndarray:
        extra = width - array.shape[1]
        return np.pad(array, ((0, 0), (0, extra)), constant_values=fill) if extra else array

    return pad(first), pad(second)
