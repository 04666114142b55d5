"""Rankers compared side by side: BM25, plain MiniLM cosine and the platform's re-ranking."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from scripts.evaluation.datasets import Task

DEPTH = 100  # rankings are cut here; MRR is therefore MRR@100
_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def tokenise(texts: Sequence[str]) -> list[list[str]]:
    """Split texts into lower-case words stemmed by script: Cyrillic as Russian, else English."""
    import Stemmer

    russian, english = Stemmer.Stemmer("russian"), Stemmer.Stemmer("english")
    result = []
    for text in texts:
        words = _WORD.findall(text.casefold())
        stems = [(russian if _CYRILLIC.search(w) else english).stemWord(w) for w in words]
        result.append(stems or ["<empty>"])
    return result


def rank_bm25(task: Task, depth: int = DEPTH) -> list[list[int]]:
    """Rank the corpus for each query with bm25s (default k1, b; no stop words)."""
    import bm25s

    retriever = bm25s.BM25()
    retriever.index(tokenise(task.corpus), show_progress=False)
    k = min(depth, len(task.corpus))
    found, scores = retriever.retrieve(tokenise(task.queries), k=k, show_progress=False)
    # Rows that score 0 are arbitrary; cut them so a miss is not counted as a lucky hit.
    return [
        [int(d) for d, s in zip(row, srow, strict=True) if s > 0]
        for row, srow in zip(found, scores, strict=True)
    ]


class EmbeddingCache:
    """Embeddings of the default model, kept on disk by the hash of the texts."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._encoder = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return unit vectors for texts, reading them from the cache when present."""
        from matcher.encoder import EncoderConfig, load_encoder

        config = EncoderConfig()
        digest = hashlib.sha1(
            "\x1e".join([config.model, *texts]).encode("utf-8"), usedforsecurity=False
        ).hexdigest()
        path = self.folder / f"{digest}.npy"
        if path.exists():
            return np.load(path)
        if self._encoder is None:
            self._encoder = load_encoder(config)
        vectors = self._encoder.encode(list(texts))
        self.folder.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        return vectors


def _top(scores: np.ndarray, depth: int) -> np.ndarray:
    k = min(depth, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def cosine_scores(task: Task, cache: EmbeddingCache) -> np.ndarray:
    """Return the query x corpus cosine matrix of the default model."""
    return cache.encode(task.queries) @ cache.encode(task.corpus).T


def rank_minilm(task: Task, cache: EmbeddingCache, depth: int = DEPTH) -> list[list[int]]:
    """Rank the corpus for each query by plain cosine of the default model."""
    return _top(cosine_scores(task, cache), depth).tolist()


def rank_platform(task: Task, cache: EmbeddingCache, depth: int = DEPTH) -> list[list[int]]:
    """Re-rank the MiniLM top candidates with the product's semantic + skill-overlap weights."""
    from matcher.ranking import RankingConfig
    from matcher.skills import skill_overlap

    if task.query_skills is None or task.corpus_skills is None:
        raise ValueError(f"task {task.name} has no skill lists; the platform equals minilm")
    config = RankingConfig()
    scores = cosine_scores(task, cache)
    rankings = []
    for row, candidates in enumerate(_top(scores, depth)):
        combined = []
        for item in candidates:
            semantic = float(scores[row, item])
            # The listing (occupation) wants skills; the profile (query) offers its own.
            overlap = skill_overlap(task.corpus_skills[item], task.query_skills[row]).score
            if overlap is None:
                combined.append(semantic)
                continue
            total = config.semantic_weight + config.skills_weight
            combined.append(
                (config.semantic_weight * semantic + config.skills_weight * overlap) / total
            )
        order = sorted(range(len(candidates)), key=lambda i: (-combined[i], int(candidates[i])))
        rankings.append([int(candidates[i]) for i in order])
    return rankings
