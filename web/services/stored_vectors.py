"""Records' best hits from their vectors in the database, embedding on the spot those that have
none yet (records saved after the last re-index)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np
from sqlalchemy.orm import Session

from matcher.encoder import Encoder
from matcher.ranking import SemanticHit
from web.errors import NoIndexError
from web.services.embeddings import fitted_sections, load_records, vectors_by_record
from web.services.semantic_hits import QueryVectors, best_hits

log = logging.getLogger(__name__)

# Records without stored vectors are embedded at query time only up to this many.
MAX_EMBED_AT_QUERY = 2_000


class StoredVectors:
    """Scores records on their stored vectors for one session, keeping what it had to embed."""

    def __init__(self, session: Session, model: str, encoder: Callable[[], Encoder]) -> None:
        self.session, self.model, self.encoder = session, model, encoder
        self._computed: dict[tuple[str, int], list[tuple[str, np.ndarray]]] = {}

    def hits(self, kind: str, query: QueryVectors, ids: list[int]) -> dict[int, SemanticHit]:
        """Return each record's best hit over its vectors in the database, embedding those
        that have none yet."""
        stored = vectors_by_record(self.session, kind, self.model, ids) if ids else {}
        for record_id in ids:
            if record_id not in stored and (kind, record_id) in self._computed:
                stored[record_id] = self._computed[kind, record_id]
        missing = [i for i in ids if i not in stored]
        if len(missing) > MAX_EMBED_AT_QUERY:
            raise NoIndexError(
                f"{len(missing)} {kind} have no embeddings yet; run: talent-bridge reindex"
            )
        if missing:
            log.info("embedding %s %s changed since the last re-index", len(missing), kind)
            encoder = self.encoder()
            for record in load_records(self.session, kind, missing):
                sections = fitted_sections(record, encoder)
                vectors = encoder.encode([s.text for s in sections])
                stored[record.id] = list(zip([s.key for s in sections], vectors, strict=True))
                self._computed[kind, record.id] = stored[record.id]
        return best_hits(query, stored)
