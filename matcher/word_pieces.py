"""A model folder's fast tokenizer (`tokenizer.json`) with fixed settings, without torch.

sentence-transformers runs the same tokenizer through transformers, which imports torch: hundreds
of megabytes in a web worker that only embeds queries, or in a worker process that only cuts
texts. A `tokenizers.Tokenizer` keeps truncation and padding as state, so each use gets its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from matcher.errors import EncoderError


def _load(folder: Path):
    from tokenizers import Tokenizer

    source = folder / "tokenizer.json"
    if not source.exists():
        raise EncoderError(f"a fast tokenizer is needed: {source} is missing")
    return Tokenizer.from_file(str(source))


def counting_tokenizer(folder: Path):
    """Return the folder's tokenizer that neither truncates nor pads, to count word pieces."""
    tokenizer = _load(folder)
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def truncating_tokenizer(folder: Path, max_tokens: int, *, pad: bool = False):
    """Return the folder's tokenizer cutting at `max_tokens` (special tokens in); with `pad`,
    padding a batch to its longest text with the folder's own padding token."""
    tokenizer = _load(folder)
    padding = tokenizer.padding or {"pad_id": 0, "pad_token": "[PAD]"}
    tokenizer.no_padding()
    if pad:
        # The file may pad to a fixed length; a batch only needs its longest text's.
        tokenizer.enable_padding(pad_id=padding["pad_id"], pad_token=padding["pad_token"])
    tokenizer.enable_truncation(max_tokens)
    return tokenizer


def count_word_pieces(counter, texts: Sequence[str]) -> list[int]:
    """Return how many word pieces each text has, special tokens excluded."""
    encoded = counter.encode_batch(list(texts), add_special_tokens=False)
    return [len(item.ids) for item in encoded]
