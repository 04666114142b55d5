"""Full-text candidates: BM25 (bm25s) over words stemmed as Russian or English."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from matcher.bm25 import (
    EMPTY,
    WordBatches,
    WordCounts,
    count_words,
    number_words,
    retriever,
)
from matcher.errors import IndexBuildError, IndexLoadError, IndexQueryError
from matcher.lexical_files import (
    BM25,
    CHANGE_FILES,
    COUNTS,
    IDS,
    LENGTHS,
    MANIFEST,
    check_files,
    read_manifest,
    saved_about,
    write_manifest,
)

# Bump when tokenise() changes: words stored or indexed before would no longer match a query's.
TOKENISER_VERSION = 3
_UINT16 = np.iinfo(np.uint16).max
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")
_CACHE_LIMIT = 500_000


class _Stems:
    """Stem words by script, remembering each word's stem (PyStemmer is not thread-safe)."""

    def __init__(self) -> None:
        import Stemmer
        from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_RUSSIAN

        # Function words name no skill, yet without this every Russian text matched every
        # other through «и», «в», «с». "it" is kept: it names a field.
        self.stopwords = frozenset(STOPWORDS_RUSSIAN) | (frozenset(STOPWORDS_EN) - {"it"})
        self._russian = Stemmer.Stemmer("russian")
        self._english = Stemmer.Stemmer("english")
        self._known: dict[str, str] = {}
        self._lock = threading.Lock()

    def of(self, words: list[str]) -> list[str]:
        known = self._known
        missing = [w for w in words if w not in known]
        if missing:
            with self._lock:
                if len(known) > _CACHE_LIMIT:
                    known.clear()
                for word in missing:
                    stemmer = self._russian if _CYRILLIC.search(word) else self._english
                    known[word] = stemmer.stemWord(word)
        return [known[w] for w in words]


_stems: _Stems | None = None


def _stemmer() -> _Stems:
    global _stems
    if _stems is None:
        _stems = _Stems()
    return _stems


def mostly_cyrillic(text: str, sample: int | None = None) -> bool:
    """Return whether most letters of a text (of its first `sample` characters) are Cyrillic."""
    letters = _LETTER.findall(text if sample is None else text[:sample])
    return bool(letters) and 2 * sum(bool(_CYRILLIC.match(c)) for c in letters) > len(letters)


def tokenise(texts: Sequence[str]) -> list[list[str]]:
    """Split texts into case-folded words, drop function words (Russian, English) and stem the
    rest by script: Cyrillic as Russian, else English."""
    stems = _stemmer()
    stop = stems.stopwords
    return [
        stems.of([word for word in _WORD.findall(text.casefold()) if word not in stop])
        for text in texts
    ]


def _query_words(query: str | Sequence[str]) -> list[str]:
    texts = [query] if isinstance(query, str) else list(query)
    return [word for words in tokenise(texts) for word in words]


class LexicalIndex:
    """BM25 over a fixed set of texts, each under an int64 id."""

    def __init__(
        self, retriever, ids: np.ndarray, average_length: float, counts: WordCounts | None = None
    ) -> None:
        self._retriever = retriever
        self._ids = ids
        # Kept by a build and by a load for changing; a served index does without them.
        self._counts = counts
        # bm25s keeps no document lengths; scoring a text outside the index needs their mean.
        self._average_length = average_length
        order = np.argsort(ids, kind="stable")
        self._sorted_ids, self._positions = ids[order], order

    @classmethod
    def build(cls, texts: Sequence[str], ids: np.ndarray) -> LexicalIndex:
        """Index texts under their ids (int64, unique, one per text)."""
        ids = np.asarray(ids)
        if ids.ndim != 1 or len(ids) != len(texts):
            raise IndexBuildError(f"got {len(texts)} texts but {ids.size} ids")
        if len(ids) and not np.issubdtype(ids.dtype, np.integer):
            raise IndexBuildError(f"ids must be integers, not {ids.dtype}")
        return cls.from_words([(ids.astype(np.int64), tokenise(texts))])

    @classmethod
    def from_words(cls, batches: WordBatches) -> LexicalIndex:
        """Index texts already split by `tokenise`, given as batches of (ids, each text's words).

        A large corpus streams through here a batch at a time: only word numbers are kept.
        """
        import bm25s

        try:
            numbered = number_words(batches)
        except ValueError as error:
            raise IndexBuildError(str(error)) from error
        if len(np.unique(numbered.ids)) != len(numbered.ids):
            raise IndexBuildError("ids must be unique")
        if not len(numbered.ids):
            return cls(bm25s.BM25(), numbered.ids, 0.0, count_words(numbered))
        return cls._of(count_words(numbered))

    @classmethod
    def _of(cls, counts: WordCounts) -> LexicalIndex:
        return cls(retriever(counts), counts.ids, float(counts.lengths.mean()), counts)

    def changed(self, dropped: Sequence[int], batches: WordBatches) -> LexicalIndex:
        """Return this index without the texts of the `dropped` ids and with the texts of
        `batches` (as `from_words` takes them) added: what a rebuild would score.

        The index must come from a build or from `load_changeable`.
        """
        if self._counts is None:
            raise IndexBuildError("this lexical index was loaded for searching: it cannot change")
        try:
            added = number_words(batches, self._counts.vocabulary)
        except ValueError as error:
            raise IndexBuildError(str(error)) from error
        kept = self._ids[~np.isin(self._ids, np.asarray(dropped, dtype=np.int64))]
        ids = np.concatenate([kept, added.ids])
        if len(np.unique(ids)) != len(ids):
            raise IndexBuildError("ids must be unique: drop a changed text before adding it")
        if not len(ids):
            return LexicalIndex.from_words([])
        return self._of(self._counts.changed(np.asarray(dropped, dtype=np.int64), added))

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> np.ndarray:
        """The ids of the indexed texts, in index order."""
        return self._ids

    def search(self, query: str | Sequence[str], k: int) -> dict[int, float]:
        """Return up to k ids with their BM25 score (only scores above 0), best first.

        A query is one text or several texts of the same query (say a title, its skills and
        their canonical names), whose words are scored together.
        """
        return self.scores(query).top(k)

    def scores(self, query: str | Sequence[str]) -> LexicalScores:
        """Score every indexed text for a query once, to take its top and look up others."""
        token_ids = self._query_tokens(query)
        if not token_ids:
            return LexicalScores(self, None)
        return LexicalScores(self, self._retriever.get_scores_from_ids(token_ids))

    def score_texts(self, query: str | Sequence[str], texts: Mapping[int, str]) -> dict[int, float]:
        """Score texts that are not in the index as if they were (only scores above 0).

        Records changed since the index was built are scored this way, with the index's word
        statistics, so that their score is comparable with `search`'s.
        """
        words = _query_words(query)
        if not words or not texts or not len(self._ids):
            return {}
        retriever = self._retriever
        if retriever.method != "lucene":
            raise IndexQueryError(f"cannot score new texts for BM25 variant {retriever.method!r}")
        indptr = retriever.scores["indptr"]
        total = retriever.scores["num_docs"]
        vocab = retriever.vocab_dict
        idf = {}
        for word in set(words):
            # A word the index never saw has document frequency 0 there.
            documents = int(indptr[vocab[word] + 1] - indptr[vocab[word]]) if word in vocab else 0
            idf[word] = math.log(1 + (total - documents + 0.5) / (documents + 0.5))
        found = {}
        for record_id, text in texts.items():
            counts = Counter(tokenise([text])[0] or [EMPTY])
            length = counts.total() / self._average_length
            norm = retriever.k1 * (1 - retriever.b + retriever.b * length)
            score = math.fsum(
                idf[word] * counts[word] / (norm + counts[word]) for word in words if counts[word]
            )
            if score > 0:
                found[int(record_id)] = score
        return found

    def positions_of(self, ids: Sequence[int]) -> np.ndarray:
        """Return each id's row in the index, or -1 for an id it does not hold."""
        wanted = np.asarray(ids, dtype=np.int64)
        if not len(wanted) or not len(self._ids):
            return np.full(len(wanted), -1, dtype=np.int64)
        slots = np.minimum(np.searchsorted(self._sorted_ids, wanted), len(self._ids) - 1)
        known = self._sorted_ids[slots] == wanted
        return np.where(known, self._positions[slots], -1)

    def _query_tokens(self, query: str | Sequence[str]) -> list[int]:
        if not len(self._ids):
            return []
        words = _query_words(query)
        vocab = self._retriever.vocab_dict
        return [vocab[word] for word in words if word in vocab]

    def save(self, folder: Path, *, about: Mapping[str, str] | None = None) -> None:
        """Write the index into folder, with a manifest that load checks.

        `about` is kept in the manifest for the caller: say, what the indexed texts were built
        from and when, so that it can tell when they need building again or which changed since
        (`saved_about`). An index that can change is saved with its word counts, so that
        `load_changeable` can read it back changeable.
        """
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / MANIFEST).unlink(missing_ok=True)  # no manifest until the files are whole
            np.save(folder / IDS, self._ids)
            if len(self._ids):
                self._retriever.save(str(folder / BM25), show_progress=False)
            if len(self._ids) and self._counts is not None:
                np.save(folder / COUNTS, _compact(self._counts.counts))
                np.save(folder / LENGTHS, self._counts.lengths)
            write_manifest(folder, len(self._ids), self._average_length, about)
        except OSError as error:
            raise IndexBuildError(f"cannot write lexical index to {folder}: {error}") from error

    @staticmethod
    def saved_about(folder: Path) -> dict | None:
        """Return what a saved index says it was built from, or None when this code cannot read
        it (another format version, no manifest). Reads the manifest only; `load` checks all."""
        return saved_about(Path(folder))

    @classmethod
    def load(cls, folder: Path, *, mmap: bool = True) -> LexicalIndex:
        """Read an index written by save to search it, checking its manifest and the checksum
        of every file a search reads."""
        import bm25s

        folder = Path(folder)
        manifest = read_manifest(folder)
        check_files(folder, manifest, lambda name: name not in CHANGE_FILES)
        try:
            ids = np.load(folder / IDS, mmap_mode="r" if mmap else None, allow_pickle=False)
            retriever = bm25s.BM25()
            if len(ids):
                retriever = bm25s.BM25.load(
                    str(folder / BM25), mmap=mmap, show_progress=False, verbosity=0
                )
        except (OSError, ValueError, KeyError) as error:
            raise IndexLoadError(f"cannot read lexical index in {folder}: {error}") from error
        count, average_length = manifest.get("count"), manifest.get("average_length")
        if len(ids) != count or (len(ids) and retriever.scores["num_docs"] != count):
            raise IndexLoadError(f"lexical index in {folder} does not hold {count} texts")
        if not isinstance(average_length, (int, float)) or (count and average_length <= 0):
            raise IndexLoadError(f"lexical index manifest in {folder} has no average length")
        return cls(retriever, np.asarray(ids), float(average_length))

    @classmethod
    def load_changeable(cls, folder: Path) -> LexicalIndex:
        """Read an index saved with its word counts, to change it."""
        folder = Path(folder)
        index = cls.load(folder)
        if not len(index):
            return cls.from_words([])
        manifest = read_manifest(folder)
        if not all(name in manifest["files"] for name in CHANGE_FILES):
            raise IndexLoadError(f"lexical index in {folder} was saved without word counts")
        check_files(folder, manifest, lambda name: name in CHANGE_FILES)
        try:
            counts, lengths = (
                np.load(folder / name, mmap_mode="r", allow_pickle=False) for name in CHANGE_FILES
            )
        except (OSError, ValueError) as error:
            raise IndexLoadError(f"cannot read lexical index in {folder}: {error}") from error
        scores = index._retriever.scores
        if len(lengths) != len(index):
            raise IndexLoadError(f"lexical index in {folder} has text lengths missing")
        if len(counts) != len(scores["indices"]):
            raise IndexLoadError(f"lexical index in {folder} has word counts missing")
        counted = WordCounts(
            ids=index.ids,
            lengths=lengths,
            indptr=scores["indptr"],
            rows=scores["indices"],
            counts=counts,
            vocabulary=index._retriever.vocab_dict,
        )
        return cls(index._retriever, index.ids, index._average_length, counted)


def _compact(counts: np.ndarray) -> np.ndarray:
    """Return word counts in two bytes each where they fit (at 1M profiles, 305 -> 152 MB)."""
    return counts.astype(np.uint16) if counts.max(initial=0) <= _UINT16 else counts


class LexicalScores:
    """One query's BM25 score of every text in an index."""

    def __init__(self, index: LexicalIndex, scores: np.ndarray | None) -> None:
        self._index, self._scores = index, scores

    def top(self, k: int) -> dict[int, float]:
        """Return up to k ids with their score (only scores above 0), best first; ties by id."""
        if k < 1:
            raise IndexQueryError("k must be at least 1")
        scores = self._scores
        if scores is None:
            return {}
        hits = np.flatnonzero(scores > 0)
        if len(hits) > k:
            # argpartition keeps every score tied with the k-th; the sort below cuts to k by id.
            cut = np.partition(scores[hits], len(hits) - k)[len(hits) - k]
            hits = hits[scores[hits] >= cut]
        found_ids = self._index.ids[hits]
        order = np.lexsort((found_ids, -scores[hits]))[:k]
        return {int(found_ids[i]): float(scores[hits[i]]) for i in order}

    def of(self, ids: Iterable[int]) -> dict[int, float]:
        """Return the scores of these ids that the index holds and that score above 0."""
        if self._scores is None:
            return {}
        wanted = [int(i) for i in ids]
        found = {}
        for position, record_id in zip(self._index.positions_of(wanted), wanted, strict=True):
            if position >= 0 and self._scores[position] > 0:
                found[record_id] = float(self._scores[position])
        return found
