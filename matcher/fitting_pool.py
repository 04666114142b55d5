"""Cut many records' sections to the model's length in worker processes, for a GPU re-embed.

Word pieces are the CPU half of embedding: counting them to cut a real-length profile took about
2 ms on one core of the GPU machine (35 minutes for a million profiles), and sentence-transformers
tokenises again, in the main process, before each batch reaches the GPU. Each worker here loads
only the model's tokenizer, fits whole records exactly as `fit_sections` does in the main process,
and hands back every fitted section's word-piece ids, so the main process only runs the model
(`Encoder.encode_prepared`; docs/performance.md, "Re-embedding on a GPU").
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from pathlib import Path

import numpy as np

from matcher.chunking import fit_sections
from matcher.encoder import Encoder
from matcher.sections import Section
from matcher.word_pieces import counting_tokenizer, truncating_tokenizer


@dataclass(frozen=True)
class PreparedRecord:
    """A record's sections cut to the model, with each one's word-piece ids (special tokens in)."""

    sections: list[Section]
    ids: list[np.ndarray]


class _Tokenizers:
    """One worker's tokenizers: one counts word pieces, one adds special tokens and truncates."""

    def __init__(self, folder: str, max_tokens: int) -> None:
        self.counter = counting_tokenizer(Path(folder))
        self.finisher = truncating_tokenizer(Path(folder), max_tokens)


_worker: _Tokenizers | None = None


def _start_worker(folder: str, max_tokens: int) -> None:
    global _worker
    # The workers are the parallelism; a tokenizer's own threads in each would only contend.
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    _worker = _Tokenizers(folder, max_tokens)


def _prepare(job: tuple[list[Section], int]) -> PreparedRecord:
    sections, limit = job
    seen = {}

    def count(texts: Sequence[str]) -> list[int]:
        # As count_word_pieces, keeping each text's encoding to finish it afterwards.
        encodings = _worker.counter.encode_batch(list(texts), add_special_tokens=False)
        seen.update(zip(texts, encodings, strict=True))
        return [len(encoding.ids) for encoding in encodings]

    fitted = fit_sections(sections, count, limit)
    # A chunk joined from several sentences has not been tokenised whole yet.
    count([section.text for section in fitted if section.text not in seen])
    ids = [
        np.asarray(_worker.finisher.post_process(seen[section.text]).ids, dtype=np.int32)
        for section in fitted
    ]
    return PreparedRecord(fitted, ids)


class FittingPool:
    """Worker processes that fit records' sections to a model's tokenizer and tokenise them."""

    def __init__(self, encoder: Encoder, workers: int) -> None:
        if workers < 1:
            raise ValueError("a fitting pool needs at least one worker")
        if encoder.tokenizer_folder is None:
            raise ValueError(f"{encoder.name} has no tokenizer folder for worker processes")
        # Spawned, not forked: a fork of a process holding CUDA or tokenizer threads can hang.
        context = multiprocessing.get_context("spawn")
        arguments = (encoder.tokenizer_folder, encoder.max_tokens)
        self._pool = context.Pool(workers, _start_worker, arguments)
        self.limit, self.workers = encoder.chunk_tokens, workers

    def prepare_async(self, records: Sequence[Sequence[Section]]) -> AsyncResult:
        """Start preparing each record's sections; `.get()` returns PreparedRecords in order."""
        jobs = [(list(sections), self.limit) for sections in records]
        chunksize = max(1, len(jobs) // (self.workers * 4))
        return self._pool.map_async(_prepare, jobs, chunksize=chunksize)

    def prepare(self, records: Sequence[Sequence[Section]]) -> list[PreparedRecord]:
        """Return each record's sections fitted and tokenised, in the same order."""
        return self.prepare_async(records).get()

    def close(self) -> None:
        """Stop the workers; work still running is dropped (`prepare` waits for its own)."""
        # terminate, not close: close would first run every job still queued after an error.
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> FittingPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
