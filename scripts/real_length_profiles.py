"""Profiles as long as real CVs, written with sentences of real resumes (benchmarks only).

Each profile's word-piece total is drawn from a log-normal fitted to what issue 6 measured on
real Russian IT resumes with the default model's tokenizer: median 1,683, 90th percentile 4,145.
The sentences come from real English resumes in ../shared/bench (resume_categories_en, its 166
distinct texts, and vanetik_cv_vacancy); their licences allow measuring, not shipping, so they
stay out of the product.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matcher.documents import EducationItem, ExperienceItem, ProfileDoc

MEDIAN_PIECES = 1683
P90_PIECES = 4145
_Z90 = 1.2815515655446004  # the standard normal's 90th percentile
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|\s\*\s|\s•\s")
_WORD = re.compile(r"[A-Za-z][A-Za-z+#.-]{2,}")


@dataclass(frozen=True)
class SentencePool:
    """Real resume sentences in reading order, with their word-piece counts."""

    sentences: list[str]
    pieces: np.ndarray


def resume_texts(bench: Path) -> list[str]:
    """Return the distinct resume texts of the two resume folders under bench."""
    csv.field_size_limit(10_000_000)
    texts: dict[str, None] = {}
    with (bench / "resume_categories_en" / "UpdatedResumeDataSet.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts[row["Resume"].strip()] = None
    for path in sorted((bench / "vanetik_cv_vacancy" / "CV_txt").glob("*.txt")):
        texts[path.read_text(encoding="utf-8", errors="replace").strip()] = None
    return [text for text in texts if text]


def sentence_pool(texts: Sequence[str], count_tokens: Callable[[list[str]], list[int]]):
    """Return every sentence of three words or more, counted in word pieces."""
    sentences = []
    for text in texts:
        for piece in _SENTENCE_END.split(text):
            sentence = " ".join(piece.split())
            if len(sentence.split()) >= 3:
                sentences.append(sentence)
    return SentencePool(sentences, np.asarray(count_tokens(sentences), dtype=np.int64))


def real_length_profiles(count: int, pool: SentencePool, seed: int = 7) -> list[ProfileDoc]:
    """Return `count` profiles whose texts add up to real-CV word-piece totals."""
    rng = np.random.default_rng(seed)
    sigma = math.log(P90_PIECES / MEDIAN_PIECES) / _Z90
    total = len(pool.sentences)
    profiles = []
    for number in range(count):
        target = rng.lognormal(math.log(MEDIAN_PIECES), sigma)
        position, used, taken = int(rng.integers(total)), 0, []
        while used < target:
            taken.append(pool.sentences[position])
            used += int(pool.pieces[position])
            position = (position + 1) % total
        profiles.append(_profile(number, taken, rng))
    return profiles


def _profile(number: int, sentences: list[str], rng: np.random.Generator) -> ProfileDoc:
    summary_end = max(1, len(sentences) // 10)
    experience, start = [], summary_end
    while start < len(sentences):
        end = start + int(rng.integers(3, 13))
        group = sentences[start:end]
        experience.append(
            ExperienceItem(title=" ".join(group[0].split()[:6]), description=" ".join(group[1:]))
        )
        start = end
    words = list(dict.fromkeys(_WORD.findall(" ".join(sentences))))
    return ProfileDoc(
        id=number + 1,
        headline=" ".join(sentences[0].split()[:10]),
        field="it",
        summary=" ".join(sentences[:summary_end]),
        skills=tuple(words[:12]),
        experience=tuple(experience),
        education=(EducationItem(degree="MSc", field="Computer Science"),),
    )
