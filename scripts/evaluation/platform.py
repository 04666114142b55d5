"""The platform's own ranking, measured against the baselines on every task.

It uses the product's parts, not copies: `matcher.lexical` (BM25 with Russian/English stemming),
`matcher.fusion`, `matcher.skills` and, where it exists, `matcher.taxonomy` to add canonical English
skill names to a Cyrillic query's words. Candidates are the union of each encoder's top
`candidates` and BM25's top `candidates`; each signal scores every candidate it can (a cosine for
every candidate, BM25 only where a query word occurs, skill overlap only where both sides list
skills), and the fused order is cut at `depth`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from matcher.encoder import DEFAULT_MODEL
from matcher.encoder import USE_MODEL as MULTILINGUAL_MODEL
from matcher.fusion import FusionConfig, fuse
from matcher.lexical import mostly_cyrillic
from scripts.evaluation.datasets import Task
from scripts.evaluation.methods import DEPTH, EmbeddingCache

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _default_fusion() -> FusionConfig:
    # Fitted by `python -m scripts.fit_fusion` on the even-numbered queries of six dev tasks
    # (docs/quality.md, "How the fusion was chosen"); skills keep a small fixed weight, as the
    # only task with skill lists uses a proxy that punishes overlap.
    return FusionConfig(
        method="linear",
        weights={"semantic": 0.5, "multilingual": 0.2, "lexical": 0.2, "skills": 0.1},
        scales={"lexical": "max"},
    )


def _default_cross_weights() -> dict[str, float]:
    # Across scripts the English-only encoder scores nothing and BM25 matches only the few
    # shared Latin words, so the multilingual encoder carries the pair (fitted as above).
    # Shares like the weights above, so a pair's score is on the same 0..1 scale either way.
    return {"multilingual": 0.91, "lexical": 0.045, "skills": 0.045}


@dataclass(frozen=True)
class PlatformConfig:
    """Which signals the platform ranking uses and how it fuses them."""

    # Signal name -> encoder model name; each gives one cosine signal.
    encoders: dict[str, str] = field(
        default_factory=lambda: {"semantic": DEFAULT_MODEL, "multilingual": MULTILINGUAL_MODEL}
    )
    lexical: bool = True
    skills: bool = True
    expand: bool = True  # add canonical English skill names to a Cyrillic query's BM25 words
    # As the product's full-text index does: every query's and every corpus text's BM25 words
    # get the English names of the canonical skills they mention (`matcher.search_text`).
    expand_all: bool = False
    candidates: int = 200  # per source, before fusion
    # Signals of English-only encoders: they score a pair only when neither text is mostly
    # Cyrillic, since their cosine between Russian texts or across languages is mostly noise.
    english_only: frozenset[str] = frozenset({"semantic"})
    fusion: FusionConfig = field(default_factory=_default_fusion)
    # Weights for a pair where one text is mostly Cyrillic and the other is not; None: fusion's.
    cross_weights: Mapping[str, float] | None = field(default_factory=_default_cross_weights)


def served_config(model: str = DEFAULT_MODEL) -> PlatformConfig:
    """Return what the web app, API and CLI serve with model: its cosine, BM25 and skills, with
    `matcher.ranking`'s default weights for those signals and its cross-script factors."""
    from matcher.encoder import MULTILINGUAL_MODELS
    from matcher.ranking import DEFAULT_WEIGHTS, RankingConfig

    weights = {name: DEFAULT_WEIGHTS[name] for name in ("semantic", "lexical", "skills")}
    factors = RankingConfig().for_model(model in MULTILINGUAL_MODELS).cross_script
    cross = None
    if factors is not None:
        cross = {name: weight * factors.get(name, 1.0) for name, weight in weights.items()}
    return PlatformConfig(
        encoders={"semantic": model},
        english_only=frozenset(),
        expand_all=True,
        fusion=FusionConfig(method="linear", weights=weights, scales={"lexical": "max"}),
        cross_weights=cross,
    )


def _top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, scores.shape[1])
    return np.argpartition(-scores, k - 1, axis=1)[:, :k]


def expansions(queries: Sequence[str]) -> list[list[str]]:
    """Return canonical English skill names found in each Cyrillic query (none if no taxonomy)."""
    try:
        from matcher.taxonomy import load_taxonomy
    except ImportError:
        return [[] for _ in queries]
    taxonomy = load_taxonomy()
    return [
        [skill.label for skill in taxonomy.find_in_text(query)] if _CYRILLIC.search(query) else []
        for query in queries
    ]


def signal_scores(task: Task, cache: EmbeddingCache, config: PlatformConfig) -> list[dict]:
    """Return, per query, every signal's scores over the query's fused candidate set."""
    from matcher.lexical import LexicalIndex
    from matcher.skills import skill_overlap

    cosines = {
        name: cache.encode(task.queries, model=model) @ cache.encode(task.corpus, model=model).T
        for name, model in config.encoders.items()
    }
    tops = {name: _top_rows(scores, config.candidates) for name, scores in cosines.items()}
    lexical_hits: list[dict[int, float]] = [{} for _ in task.queries]
    if config.lexical:
        corpus, extra = task.corpus, [[] for _ in task.queries]
        if config.expand_all:
            from matcher.search_text import query_texts

            corpus = ["\n".join(query_texts(text)) for text in task.corpus]
            extra = [query_texts(query)[1:] for query in task.queries]
        elif config.expand:
            extra = expansions(task.queries)
        index = LexicalIndex.build(corpus, np.arange(len(corpus), dtype=np.int64))
        lexical_hits = [
            index.search([query, *words], config.candidates)
            for query, words in zip(task.queries, extra, strict=True)
        ]
    russian_queries = [mostly_cyrillic(text) for text in task.queries]
    russian_corpus = np.array([mostly_cyrillic(text) for text in task.corpus], dtype=bool)
    with_skills = config.skills and task.query_skills is not None and task.corpus_skills is not None
    result = []
    for row in range(len(task.queries)):
        pool = set(lexical_hits[row])
        for top in tops.values():
            pool.update(int(i) for i in top[row])
        items = np.array(sorted(pool), dtype=np.int64)
        signals = {}
        for name, scores in cosines.items():
            usable = items
            if name in config.english_only:
                usable = items[~russian_corpus[items]] if not russian_queries[row] else items[:0]
            signals[name] = dict(zip(usable.tolist(), scores[row, usable].tolist(), strict=True))
        if config.lexical:
            signals["lexical"] = lexical_hits[row]
        if with_skills:
            overlaps = {}
            for item in items.tolist():
                # The listing (occupation) wants skills; the profile (query) offers its own.
                score = skill_overlap(task.corpus_skills[item], task.query_skills[row]).score
                # A zero overlap says nothing a rank could use; ties at 0 would be ordered by id.
                if score:
                    overlaps[item] = score
            signals["skills"] = overlaps
        result.append(signals)
    return result


@dataclass(frozen=True)
class QuerySignals:
    """One query's candidates, each signal's part at weight 1, and which pairs cross scripts."""

    items: np.ndarray  # corpus rows, ascending
    names: tuple[str, ...]
    parts: np.ndarray  # len(items) x len(names)
    cross: np.ndarray  # per candidate: exactly one of the two texts is mostly Cyrillic


def query_signals(task: Task, cache: EmbeddingCache, config: PlatformConfig) -> list[QuerySignals]:
    """Return every query's signals as `matcher.fusion` scales them, ready to be weighed."""
    russian_corpus = np.array([mostly_cyrillic(text) for text in task.corpus], dtype=bool)
    result = []
    for query, signals in zip(task.queries, signal_scores(task, cache, config), strict=True):
        # As `matcher.ranking` does, a signal that scores no candidate is not in play.
        names = tuple(sorted(name for name, values in signals.items() if values))
        unit = replace(config.fusion, weights=dict.fromkeys(names, 1.0))
        fused = fuse(signals, unit)
        items = np.array(sorted(fused), dtype=np.int64)
        parts = np.array(
            [[fused[item].contributions.get(name, 0.0) for name in names] for item in items]
        ).reshape(len(items), len(names))
        cross = russian_corpus[items] != mostly_cyrillic(query)
        result.append(QuerySignals(items, names, parts, cross))
    return result


def _weights_of(names: Sequence[str], weights: Mapping[str, float], default: float) -> np.ndarray:
    """Return the weight of each named signal, in order."""
    return np.array([float(weights.get(name, default)) for name in names])


def order(query: QuerySignals, same: np.ndarray, cross: np.ndarray, depth: int) -> list[int]:
    """Return corpus rows by weighed score, best first, equal scores by ascending row."""
    scores = np.where(query.cross, query.parts @ cross, query.parts @ same)
    return query.items[np.lexsort((query.items, -scores))[:depth]].tolist()


def pair_weights(config: PlatformConfig, names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return the weights for pairs in one script and for pairs across scripts, each as shares
    of the signals in play (as `matcher.ranking` fuses), so both kinds of pair score on one
    scale."""
    fusion = config.fusion
    same = _weights_of(names, fusion.weights, fusion.default_weight)
    cross = same if config.cross_weights is None else _weights_of(names, config.cross_weights, 0.0)
    return shares(same), shares(cross)


def shares(weights: np.ndarray) -> np.ndarray:
    """Return weights divided by their sum (unchanged if they sum to 0)."""
    total = weights.sum()
    return weights / total if total > 0 else weights


def rank_platform(
    task: Task,
    cache: EmbeddingCache,
    depth: int = DEPTH,
    config: PlatformConfig | None = None,
) -> list[list[int]]:
    """Rank the corpus for each query by the product's fused semantic, BM25 and skill signals."""
    config = config or PlatformConfig()
    return [
        order(query, *pair_weights(config, query.names), depth)
        for query in query_signals(task, cache, config)
    ]
