"""Cut sections longer than a model reads into chunks that each fit, at sentence borders."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from matcher.sections import Section

_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+")

TokenCounter = Callable[[Sequence[str]], list[int]]


def _pieces(text: str) -> list[str]:
    return [piece for piece in _SENTENCE_END.split(text) if piece.strip()]


def _split_words(text: str, count: TokenCounter, limit: int) -> list[str]:
    """Split one over-long sentence at word borders."""
    # Word-piece tokenizers split at white space first, so word counts add up.
    words = text.split()
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for word, length in zip(words, count(words), strict=True):
        if current and used + length > limit:
            chunks.append(" ".join(current))
            current, used = [], 0
        current.append(word)
        used += length
    if current:
        chunks.append(" ".join(current))
    return chunks


def chunk_text(text: str, count: TokenCounter, limit: int) -> list[str]:
    """Split a text into chunks of at most `limit` tokens, keeping sentences whole if possible."""
    if count([text])[0] <= limit:
        return [text]
    return _chunks(text, count, limit)


def _chunks(text: str, count: TokenCounter, limit: int) -> list[str]:
    """Split a text known to be over `limit` tokens at sentence (or word) borders."""
    sentences = _pieces(text)
    lengths = count(sentences)
    chunks: list[str] = []
    current: list[str] = []
    used = 0
    for sentence, length in zip(sentences, lengths, strict=True):
        if length > limit:
            if current:
                chunks.append(" ".join(current))
                current, used = [], 0
            chunks.extend(_split_words(sentence, count, limit))
            continue
        # A joining space can add a token; leave one spare per sentence.
        if current and used + length + 1 > limit:
            chunks.append(" ".join(current))
            current, used = [], 0
        current.append(sentence)
        used += length + 1
    if current:
        chunks.append(" ".join(current))
    return chunks


def fit_sections(sections: Sequence[Section], count: TokenCounter, limit: int) -> list[Section]:
    """Return the sections with every over-long one replaced by numbered chunks."""
    fitted: list[Section] = []
    # One count for all the sections: a tokenizer call costs about as much again per call as
    # per text, and a long profile has twenty sections.
    lengths = count([section.text for section in sections]) if sections else []
    for section, length in zip(sections, lengths, strict=True):
        chunks = [section.text] if length <= limit else _chunks(section.text, count, limit)
        if len(chunks) == 1:
            fitted.append(section)
            continue
        for number, chunk in enumerate(chunks, start=1):
            fitted.append(
                Section(
                    f"{section.key}#{number}",
                    f"{section.label} (part {number} of {len(chunks)})",
                    chunk,
                )
            )
    return fitted
