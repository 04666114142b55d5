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
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from matcher.fusion import FusionConfig, fuse, ranked
from scripts.evaluation.datasets import Task
from scripts.evaluation.methods import DEPTH, EmbeddingCache

DEFAULT_MODEL = "all-MiniLM-L6-v2"
MULTILINGUAL_MODEL = "use-multilingual-v3"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTER = re.compile(r"[^\W\d_]")


def _default_fusion() -> FusionConfig:
    # Chosen among 12 RRF/linear settings on the dev tasks (see the issue 5 report): linear beat
    # weighted RRF on 6 of 8 tasks; skill overlap gets little weight as the only skill task
    # (esco_skills_to_occupation) uses a proxy that punishes it.
    return FusionConfig(
        method="linear",
        weights={"semantic": 1.0, "multilingual": 1.0, "lexical": 0.3, "skills": 0.1},
        scales={"lexical": "max"},
    )


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


def served_config() -> PlatformConfig:
    """Return what the web app, API and CLI serve today: the default model, BM25 and skills,
    with `matcher.ranking`'s default weights for those signals."""
    from matcher.ranking import DEFAULT_WEIGHTS

    weights = {name: DEFAULT_WEIGHTS[name] for name in ("semantic", "lexical", "skills")}
    return PlatformConfig(
        encoders={"semantic": DEFAULT_MODEL},
        english_only=frozenset(),
        expand_all=True,
        fusion=FusionConfig(method="linear", weights=weights, scales={"lexical": "max"}),
    )


def _top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    k = min(k, scores.shape[1])
    return np.argpartition(-scores, k - 1, axis=1)[:, :k]


def mostly_cyrillic(text: str) -> bool:
    """Return whether most letters of a text are Cyrillic."""
    letters = _LETTER.findall(text)
    return bool(letters) and 2 * sum(bool(_CYRILLIC.match(c)) for c in letters) > len(letters)


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


def rank_platform(
    task: Task,
    cache: EmbeddingCache,
    depth: int = DEPTH,
    config: PlatformConfig | None = None,
) -> list[list[int]]:
    """Rank the corpus for each query by the product's fused semantic, BM25 and skill signals."""
    config = config or PlatformConfig()
    return [
        ranked(fuse(signals, config.fusion), depth)
        for signals in signal_scores(task, cache, config)
    ]
