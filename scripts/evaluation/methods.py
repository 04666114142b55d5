"""Baseline rankers compared side by side: BM25 and plain cosine of MiniLM and of USE."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from matcher.encoder import DEFAULT_MODEL, USE_MODEL
from scripts.evaluation.datasets import Task

DEPTH = 100  # rankings are cut here; MRR is therefore MRR@100
BASELINES = ("bm25", "minilm", "use")  # what the platform must beat, all plain


def tokenise(texts: Sequence[str]) -> list[list[str]]:
    """Split texts as the product's lexical index does; a text without words gets one token."""
    from matcher.lexical import tokenise as product_tokenise

    return [stems or ["<empty>"] for stems in product_tokenise(texts)]


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
    """Embeddings of any encoder model, kept on disk by the hash of the model and the texts."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._encoders: dict[str, object] = {}

    def encode(self, texts: Sequence[str], model: str = DEFAULT_MODEL) -> np.ndarray:
        """Return unit vectors of model for texts, reading them from the cache when present."""
        from matcher.encoder import EncoderConfig, load_encoder

        digest = hashlib.sha1(
            "\x1e".join([model, *texts]).encode("utf-8"), usedforsecurity=False
        ).hexdigest()
        path = self.folder / f"{digest}.npy"
        if path.exists():
            return np.load(path)
        if model not in self._encoders:
            self._encoders[model] = load_encoder(EncoderConfig(model=model))
        vectors = self._encoders[model].encode(list(texts))
        self.folder.mkdir(parents=True, exist_ok=True)
        # Several runs may share the cache: write aside, then rename, so no reader sees half a file.
        partial = path.with_name(f"{digest}.{os.getpid()}.partial.npy")
        np.save(partial, vectors)
        os.replace(partial, path)
        return vectors


def _top(scores: np.ndarray, depth: int) -> np.ndarray:
    k = min(depth, scores.shape[1])
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def cosine_scores(task: Task, cache: EmbeddingCache, model: str = DEFAULT_MODEL) -> np.ndarray:
    """Return the query x corpus cosine matrix of one model (the default one unless named)."""
    return cache.encode(task.queries, model) @ cache.encode(task.corpus, model).T


def rank_cosine(
    task: Task, cache: EmbeddingCache, model: str, depth: int = DEPTH
) -> list[list[int]]:
    """Rank the corpus for each query by plain cosine of one model."""
    return _top(cosine_scores(task, cache, model), depth).tolist()


def rank_baseline(
    name: str, task: Task, cache: EmbeddingCache, depth: int = DEPTH
) -> list[list[int]]:
    """Rank the corpus for each query by one of BASELINES."""
    if name == "bm25":
        return rank_bm25(task, depth)
    return rank_cosine(task, cache, {"minilm": DEFAULT_MODEL, "use": USE_MODEL}[name], depth)
