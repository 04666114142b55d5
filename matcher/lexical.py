"""Full-text candidates: BM25 (bm25s) over words stemmed as Russian or English."""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from matcher.bm25 import EMPTY, number_words, retriever
from matcher.errors import IndexBuildError, IndexLoadError, IndexQueryError

FORMAT = "talent-bridge-lexical"
# Bump when tokenise() or the saved layout changes: an old index would then score wrongly.
VERSION = 3
MANIFEST = "manifest.json"
_IDS = "ids.npy"
_BM25 = "bm25"

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


def _digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


class LexicalIndex:
    """BM25 over a fixed set of texts, each under an int64 id."""

    def __init__(self, retriever, ids: np.ndarray, average_length: float) -> None:
        self._retriever = retriever
        self._ids = ids
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
    def from_words(cls, batches: Iterable[tuple[Sequence[int], Sequence[Sequence[str]]]]):
        """Index texts already split by `tokenise`, given as batches of (ids, each text's words).

        A large corpus streams through here a batch at a time: only word numbers are kept.
        """
        import bm25s

        try:
            numbered = number_words(batches)
        except ValueError as error:
            raise IndexBuildError(str(error)) from error
        ids = numbered.ids
        if len(np.unique(ids)) != len(ids):
            raise IndexBuildError("ids must be unique")
        if not len(ids):
            return cls(bm25s.BM25(), ids, 0.0)
        return cls(retriever(numbered), ids, float(numbered.lengths.mean()))

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
        from, so that it can tell when they need building again (`saved_about`).
        """
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / MANIFEST).unlink(missing_ok=True)  # no manifest until the files are whole
            np.save(folder / _IDS, self._ids)
            if len(self._ids):
                self._retriever.save(str(folder / _BM25), show_progress=False)
            files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "about": dict(about or {}),
                "count": len(self._ids),
                "average_length": self._average_length,
                "files": {p.relative_to(folder).as_posix(): _digest(p) for p in files},
            }
            (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        except OSError as error:
            raise IndexBuildError(f"cannot write lexical index to {folder}: {error}") from error

    @staticmethod
    def saved_about(folder: Path) -> dict | None:
        """Return what a saved index says it was built from, or None when this code cannot read
        it (another format version, no manifest). Reads the manifest only; `load` checks all."""
        try:
            manifest = json.loads((Path(folder) / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            return None
        about = manifest.get("about")
        return about if manifest.get("version") == VERSION and isinstance(about, dict) else None

    @classmethod
    def load(cls, folder: Path, *, mmap: bool = True) -> LexicalIndex:
        """Read an index written by save, checking its manifest and every file's checksum."""
        import bm25s

        folder = Path(folder)
        try:
            manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise IndexLoadError(f"no readable lexical index manifest in {folder}") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise IndexLoadError(f"{folder} does not hold a lexical index")
        if manifest.get("version") != VERSION:
            raise IndexLoadError(
                f"lexical index in {folder} has version {manifest.get('version')}, this code "
                f"reads {VERSION}: rebuild it"
            )
        files = manifest.get("files")
        if not isinstance(files, dict) or _IDS not in files:
            raise IndexLoadError(f"lexical index manifest in {folder} lists no files")
        for name, digest in files.items():
            path = folder / name
            if not path.is_file() or _digest(path) != digest:
                raise IndexLoadError(f"lexical index file {path} is missing or corrupt: rebuild")
        try:
            ids = np.load(folder / _IDS, mmap_mode="r" if mmap else None, allow_pickle=False)
            retriever = bm25s.BM25()
            if len(ids):
                retriever = bm25s.BM25.load(
                    str(folder / _BM25), mmap=mmap, show_progress=False, verbosity=0
                )
        except (OSError, ValueError, KeyError) as error:
            raise IndexLoadError(f"cannot read lexical index in {folder}: {error}") from error
        count, average_length = manifest.get("count"), manifest.get("average_length")
        if len(ids) != count or (len(ids) and retriever.scores["num_docs"] != count):
            raise IndexLoadError(f"lexical index in {folder} does not hold {count} texts")
        if not isinstance(average_length, (int, float)) or (count and average_length <= 0):
            raise IndexLoadError(f"lexical index manifest in {folder} has no average length")
        return cls(retriever, np.asarray(ids), float(average_length))


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
