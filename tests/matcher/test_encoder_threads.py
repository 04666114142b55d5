"""One encoder shared by a web worker's threads: token counts and encoding at the same time."""

from __future__ import annotations

import threading
import time

import pytest

pytestmark = pytest.mark.slow

SECONDS = 3.0


def test_counting_tokens_in_one_thread_never_breaks_encoding_in_another(encoder):
    # Before the encoder's lock, a token count switched the shared tokenizer's padding off under
    # a concurrent batch: "Unable to create tensor ... activate padding" about 5 times a second.
    errors: list[str] = []
    stop = time.monotonic() + SECONDS
    long_text = ["a developer who writes Python and runs Kafka in production " * 30]

    def count() -> None:
        while time.monotonic() < stop:
            try:
                encoder.count_tokens(long_text)
            except Exception as error:  # noqa: BLE001  (any error at all is the failure)
                errors.append(repr(error))

    def encode() -> None:
        while time.monotonic() < stop:
            try:
                vectors = encoder.encode(["one two three four five six seven eight", "short"])
                assert vectors.shape == (2, encoder.dimension)
            except Exception as error:  # noqa: BLE001
                errors.append(repr(error))

    threads = [threading.Thread(target=count) for _ in range(3)]
    threads += [threading.Thread(target=encode) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
