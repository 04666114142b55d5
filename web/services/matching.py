"""Ranked, explained matches: listing to profiles, profile to listings, and free-text search.

Candidates come from the published index plus an exact pass over records changed since it was
built, so a record saved a moment ago is matchable at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.chunking import chunk_text
from matcher.constraints import check_constraints, cut_by, cut_summary
from matcher.documents import ListingDoc, ProfileDoc
from matcher.encoder import MULTILINGUAL_MODELS, Encoder, load_encoder
from matcher.index import VectorIndex
from matcher.profile_facts import REASONS
from matcher.ranking import Match, SemanticHit, rank_for_text, rank_listings, rank_profiles
from matcher.search_text import query_texts, record_text, record_texts
from web.errors import UnknownRecordError
from web.models import Listing, Profile
from web.services import prefilter
from web.services.candidate_documents import CandidateDocuments
from web.services.documents import listing_doc, profile_doc
from web.services.embeddings import fitted_sections, record_model, vectors_by_record
from web.services.filters import ListingFilter, ProfileFilter
from web.services.full_text import LexicalScorer
from web.services.index_reader import reader_for
from web.services.semantic_hits import QueryVectors, index_hits, indexed_hits
from web.services.settings import Settings
from web.services.stored_vectors import StoredVectors
from web.services.visibility import Viewer, verified_profile_ids, visible_ids


@dataclass(frozen=True)
class MatchResult:
    """Matches in the contract's output shape, best first, and the candidates cut before ranking.

    `cut` maps a hard constraint (`kind`, `location`, `language`) to how many candidates it left
    out among those close enough by meaning to have been ranked.
    """

    matches: list[dict]
    cut: dict[str, int] = field(default_factory=dict)


# A verdict on a record that is not shown at all (hidden from this viewer or filtered out).
_HIDDEN = "hidden"


@dataclass(frozen=True)
class Gate:
    """A query's hard constraints on candidates.

    `judge` returns the constraint a current document misses (it is cut), or None when it may be
    ranked. With a `listing`, profiles unchanged since the served index are judged on the facts
    published with it instead, thousands at once, without loading their documents.
    """

    judge: Callable[[ProfileDoc | ListingDoc], str | None]
    listing: ListingDoc | None = None


@dataclass(frozen=True)
class Candidates:
    """Records to rank with their best semantic hit, the cut counts, and full-text scores
    (None when no full-text index is served)."""

    hits: dict[int, SemanticHit]
    cut: dict[str, int]
    lexical: dict[int, float] | None


class Matcher:
    """Answers match and search queries for one session and configuration."""

    def __init__(
        self,
        session: Session,
        settings: Settings,
        *,
        today: date | None = None,
        include_all: bool = False,
        viewer: Viewer | None = None,
    ) -> None:
        self.session, self.settings = session, settings
        self.today = today or date.today()
        self.include_all = include_all
        # The host asking (their blocklist applies); None for exiles, staff and the operator.
        self.viewer = viewer
        served = {
            kind: reader_for(settings.index_root / kind).served()
            for kind in ("profiles", "listings")
        }
        self._indexes = {kind: pair.vectors for kind, pair in served.items()}
        self._lexical = {kind: pair.lexical for kind, pair in served.items()}
        self._facts = served["profiles"].facts
        # Documents looked up for filtering are those ranked afterwards: fetched once a query.
        self._documents = CandidateDocuments(session, served["profiles"].documents)
        served = next((i for i in self._indexes.values() if i is not None), None)
        self.model = served.manifest.model if served is not None else settings.encoder.model
        self.ranking = settings.ranking.for_model(self.model in MULTILINGUAL_MODELS)
        self._stored = StoredVectors(session, self.model, self.encoder)

    def encoder(self) -> Encoder:
        """Return the encoder of the served model, loading it on first use."""
        return load_encoder(self.settings.query_encoder_for(self.model))

    def matched_profiles(self, external_ids: list[str]) -> dict[str, ProfileDoc]:
        """Return the current documents of profiles this matcher returned, by external id.

        Each was read for ranking (from the documents published with the index for a profile
        unchanged since, from the database otherwise), so host cards need not load them again.
        """
        return self._documents.profiles_by_external_id(external_ids)

    # Queries ------------------------------------------------------------------------------

    def profiles_for_listing(
        self, external_id: str, k: int, filters: ProfileFilter | None = None
    ) -> list[dict]:
        """Return the best profiles for a listing."""
        return self.profiles_for_listing_explained(external_id, k, filters).matches

    def profiles_for_listing_explained(
        self, listing_ref: str | Listing, k: int, filters: ProfileFilter | None = None
    ) -> MatchResult:
        """Return the best profiles for a listing (its external id, or its row when the caller
        loaded it already) and how many hard constraints cut."""
        record = self._record(Listing, listing_ref)
        listing = listing_doc(record)
        query = self._record_vectors("listings", record)

        def judge(candidate: ProfileDoc | ListingDoc) -> str | None:
            return cut_by(check_constraints(candidate, listing, self.today))

        found = self._candidates(
            "profiles",
            query,
            k,
            filters,
            Gate(judge, listing),
            record_texts(listing),
            narrow=lambda: self._possible_profiles(listing),
        )
        records, docs = self._docs("profiles", found.hits)
        ranked = rank_profiles(listing, docs, today=self.today, **self._ranking(k, found))
        return MatchResult(_render("profiles", records, ranked), found.cut)

    def listings_for_profile(
        self, external_id: str, k: int, filters: ListingFilter | None = None
    ) -> list[dict]:
        """Return the best listings for a profile."""
        return self.listings_for_profile_explained(external_id, k, filters).matches

    def listings_for_profile_explained(
        self, profile_ref: str | Profile, k: int, filters: ListingFilter | None = None
    ) -> MatchResult:
        """Return the best listings for a profile (its external id, or its row when the caller
        loaded it already) and how many hard constraints cut."""
        record = self._record(Profile, profile_ref)
        profile = profile_doc(record)
        query = self._record_vectors("profiles", record)

        def judge(candidate: ProfileDoc | ListingDoc) -> str | None:
            return cut_by(check_constraints(profile, candidate, self.today))

        gate = Gate(judge)
        found = self._candidates("listings", query, k, filters, gate, record_texts(profile))
        records, docs = self._docs("listings", found.hits)
        ranked = rank_listings(profile, docs, today=self.today, **self._ranking(k, found))
        return MatchResult(_render("listings", records, ranked), found.cut)

    def search(
        self, text: str, kind: str, k: int, filters: ProfileFilter | ListingFilter | None = None
    ) -> list[dict]:
        """Return the profiles or listings that best fit a free text."""
        text = " ".join(text.split())
        if not text:
            raise ValueError("the search text is empty")
        encoder = self.encoder()
        chunks = chunk_text(text, encoder.count_tokens, encoder.chunk_tokens)
        query = QueryVectors([f"query#{i}" for i in range(len(chunks))], encoder.encode(chunks))
        found = self._candidates(kind, query, k, filters, texts=query_texts(text))
        records, docs = self._docs(kind, found.hits)
        ranked = rank_for_text(text, docs, **self._ranking(k, found))
        return _render(kind, records, ranked)

    # Steps --------------------------------------------------------------------------------

    def _ranking(self, k: int, found: Candidates) -> dict:
        """Return the ranking options every query shares: configuration, k, full-text scores."""
        return {"config": self.ranking, "k": k, "lexical": found.lexical}

    def _record(self, model: type[Profile] | type[Listing], ref: str | Profile | Listing):
        if isinstance(ref, model):
            return ref
        external_id = ref
        record = self.session.scalar(select(model).where(model.external_id == external_id))
        if record is None:
            noun = "profile" if model is Profile else "listing"
            raise UnknownRecordError(f"no {noun} with external_id {external_id!r}")
        return record

    def _record_vectors(self, kind: str, record: Profile | Listing) -> QueryVectors:
        stored = vectors_by_record(self.session, kind, self.model, [record.id]).get(record.id)
        if stored:
            return QueryVectors([key for key, _ in stored], np.stack([v for _, v in stored]))
        sections = fitted_sections(record, self.encoder())
        return QueryVectors(
            [s.key for s in sections], self.encoder().encode([s.text for s in sections])
        )

    def _candidates(
        self,
        kind: str,
        query: QueryVectors,
        k: int,
        filters=None,
        gate: Gate | None = None,
        texts: list[str] | None = None,
        narrow: Callable[[], np.ndarray | None] | None = None,
    ) -> Candidates:
        """Return the best semantic and full-text candidates that are visible and eligible, for
        enough records to rank, and how many close records each hard constraint cut."""
        wanted = max(50, 5 * k)
        index = self._indexes[kind]
        fresh = self._fresh_ids(kind, index)
        changed = set(fresh)
        self._documents.changed_since_index(kind, changed)
        hits = self._exact_hits(kind, query, fresh)
        lexical = self._lexical_scorer(kind, index, texts)
        # Full-text candidates join by their own rank, whatever their similarity.
        by_words = lexical.top(wanted, fresh) if lexical else {}
        if by_words:
            unseen = [i for i in by_words if i not in hits]
            hits.update(self._exact_hits(kind, query, unseen, indexed=changed))
        # Whether each record examined may be ranked: judged once a query, however often seen.
        verdicts: dict[int, str | None] = {}
        if index is not None and len(index):
            pool, limit, within = min(len(index), max(200, 20 * k)), len(index), None
            while True:
                found = index_hits(index, query, pool, exclude=changed, within=within)
                for record_id, hit in found.items():
                    if record_id not in hits or hits[record_id].score < hit.score:
                        hits[record_id] = hit
                self._judge(kind, hits, filters, gate, verdicts, changed)
                eligible = {rid: hit for rid, hit in hits.items() if verdicts[rid] is None}
                if len(eligible) >= wanted or pool >= limit:
                    break
                if within is None and narrow is not None:
                    # Strict requirements: search on among those who might meet them only.
                    possible = narrow()
                    if possible is not None:
                        within = index.ids_where("records", possible)
                        limit = len(within)
                        if not limit:
                            break
                pool = min(limit, pool * 4)
        else:
            self._judge(kind, hits, filters, gate, verdicts, changed)
            eligible = {rid: hit for rid, hit in hits.items() if verdicts[rid] is None}
        reasons = {rid: reason for rid, reason in verdicts.items() if reason not in (None, _HIDDEN)}
        best = sorted(eligible, key=lambda rid: -eligible[rid].score)[:wanted]
        # Count only the cut records that would have been ranked, not every far one examined.
        floor = eligible[best[-1]].score if len(best) == wanted else float("-inf")
        close = {rid for rid, hit in hits.items() if hit.score >= floor} | set(by_words)
        cut = cut_summary(reason for rid, reason in reasons.items() if rid in close)
        chosen = set(best) | (set(by_words) & set(eligible))
        scores = lexical.scores_of(chosen, fresh) if lexical else None
        return Candidates({rid: eligible[rid] for rid in chosen}, cut, scores)

    def _lexical_scorer(
        self, kind: str, index: VectorIndex | None, texts: list[str] | None
    ) -> LexicalScorer | None:
        """Return the full-text scorer for a query, or None when there is none to use."""
        lexical = self._lexical[kind]
        if lexical is None or texts is None or index is None or index.manifest.model != self.model:
            # While a corpus moves to another model every record is "fresh": rescoring all of
            # their texts by hand would be slow, so full text waits for the new index.
            return None
        return LexicalScorer(
            lexical.scores(texts), lexical, texts, lambda ids: self._texts(kind, ids)
        )

    def _texts(self, kind: str, ids: list[int]) -> dict[int, str]:
        """Return the full-text search text of these records, as the re-index builds it."""
        return {
            rid: record_text(held.doc) for rid, held in self._documents.fetch(kind, ids).items()
        }

    def _judge(
        self,
        kind: str,
        ids,
        filters,
        gate: Gate | None,
        verdicts: dict[int, str | None],
        changed: set[int],
    ) -> None:
        """Add a verdict for each record not yet judged: None when it may be ranked, the hard
        constraint that cuts it, or _HIDDEN when the viewer may not see it or filters drop it."""
        new = [i for i in ids if i not in verdicts]
        if not new:
            return
        visible = self._visible(kind, new, filters)
        verdicts.update((i, _HIDDEN) for i in new if i not in visible)
        if gate is None:
            verdicts.update((i, None) for i in visible)
            return
        by_facts = self._facts_verdicts(gate, visible - changed) if kind == "profiles" else {}
        verdicts.update(by_facts)
        rest = [i for i in visible if i not in by_facts]
        held = self._documents.fetch(kind, rest)
        verdicts.update((i, gate.judge(held[i].doc)) for i in rest)

    def _facts_verdicts(self, gate: Gate, unchanged: set[int]) -> dict[int, str | None]:
        """Return the verdicts the served facts give on profiles unchanged since the index."""
        if self._facts is None or gate.listing is None or not unchanged:
            return {}
        ids = np.fromiter(unchanged, dtype=np.int64, count=len(unchanged))
        rows, held = self._facts.rows_of(ids)
        reasons = self._facts.cuts(gate.listing, rows[held])
        return dict(zip(ids[held].tolist(), (REASONS[r] for r in reasons), strict=True))

    def _possible_profiles(self, listing: ListingDoc) -> np.ndarray | None:
        """Return the profiles that might pass a listing's hard constraints, or None when that
        would not leave out most of them (search them all)."""
        if self._facts is None:
            possible = prefilter.possible_profiles(self.session, listing)
            return None if possible is None else np.fromiter(possible, np.int64, len(possible))
        # Exact for every profile the index holds; changed ones are searched apart anyway.
        passing = self._facts.ids[self._facts.cuts(listing) == 0]
        return passing if len(passing) <= prefilter.MAX_SHARE * len(self._facts) else None

    def _fresh_ids(self, kind: str, index: VectorIndex | None) -> list[int]:
        """Return the records the index may not hold correctly: changed after its snapshot."""
        record = record_model(kind)
        query = select(record.id)
        if index is not None and index.manifest.model == self.model:
            since = datetime.fromisoformat(index.manifest.extra["snapshot_at"])
            query = query.where(record.updated_at >= since)
        return list(self.session.scalars(query))

    def _exact_hits(
        self,
        kind: str,
        query: QueryVectors,
        ids: list[int],
        indexed: set[int] | None = None,
    ) -> dict[int, SemanticHit]:
        """Return each record's best hit over all its section vectors. With `indexed` (the
        records changed since the index), the others' vectors come from the served index."""
        hits: dict[int, SemanticHit] = {}
        index = self._indexes[kind]
        if indexed is not None and index is not None and len(index):
            hits = indexed_hits(index, query, [i for i in ids if i not in indexed])
            ids = [i for i in ids if i not in hits]
        hits.update(self._stored.hits(kind, query, ids))
        return hits

    def _visible(self, kind: str, ids: list[int], filters=None) -> set[int]:
        """Return the records among ids that exist, that the viewer may see and pass filters."""
        allowed = visible_ids(
            self.session,
            kind,
            ids,
            self.today,
            include_all=self.include_all,
            viewer=self.viewer,
        )
        if filters is not None and filters.narrows():
            # Every API call and page brings a filter, mostly empty: reading the documents of
            # a few hundred candidates for it was the largest step of a search over HTTP.
            held = self._documents.fetch(kind, allowed)
            allowed = {rid for rid, item in held.items() if filters.accepts(item.doc)}
        if getattr(filters, "verified_only", False):
            # Verification only narrows the pool; it never changes a score.
            allowed = verified_profile_ids(self.session, allowed)
        return set(allowed)

    def _docs(self, kind: str, hits: dict[int, SemanticHit]) -> tuple[dict, list]:
        """Fetch the hit records; return them by id and as (document, hit) pairs to rank."""
        held = self._documents.fetch(kind, hits)
        return held, [(item.doc, hits[rid]) for rid, item in held.items()]


def _render(kind: str, records: dict, ranked: list[Match]) -> list[dict]:
    """Return matches in the contract's output shape, best first."""
    label = "headline" if kind == "profiles" else "title"
    return [
        {
            "external_id": records[match.id].external_id,
            "score": match.score,
            label: records[match.id].label,
            "explanation": match.explanation,
        }
        for match in ranked
    ]
