"""Worker processes that cut and tokenise sections give what the main process would."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.chunking import fit_sections
from matcher.fitting_pool import FittingPool
from matcher.sections import Section

LONG_SUMMARY = " ".join(
    f"Sentence {n} tells how I led the migration of service {n} to PostgreSQL and Kubernetes."
    for n in range(60)
)
# One white-space word of hundreds of word pieces: cut over the limit, so the ids are truncated.
ONE_LONG_WORD = "a-" * 300


def records() -> list[list[Section]]:
    return [
        [Section("overview", "headline and skills", "Backend engineer. Skills: Python, Go.")],
        [
            Section("overview", "headline and skills", "Историк. Навыки: архивы."),
            Section("summary", "summary", LONG_SUMMARY),
            Section("experience:0", "experience: Tester", "Tester. " + ONE_LONG_WORD),
        ],
        [],
    ]


@pytest.fixture(scope="module")
def prepared(encoder):
    with FittingPool(encoder, workers=2) as pool:
        return pool.prepare(records())


def test_the_workers_cut_sections_exactly_as_the_main_process(prepared, encoder):
    expected = [fit_sections(s, encoder.count_tokens, encoder.chunk_tokens) for s in records()]

    assert [record.sections for record in prepared] == expected
    assert len(prepared[1].sections) > 3  # the summary was cut into parts


def test_the_ids_are_the_models_own_with_start_and_end_marks_and_truncated(prepared, encoder):
    texts = [section.text for record in prepared for section in record.sections]
    ids = [item for record in prepared for item in record.ids]
    expected = encoder._tokenizer(texts, truncation=True, max_length=encoder.max_tokens)

    assert [item.tolist() for item in ids] == expected["input_ids"]
    assert max(len(item) for item in ids) == encoder.max_tokens


def test_vectors_run_from_the_ids_match_those_from_the_texts(prepared, encoder):
    texts = [section.text for record in prepared for section in record.sections]
    ids = [item for record in prepared for item in record.ids]

    from_ids = encoder.encode_prepared(texts, ids)

    assert from_ids.dtype == np.float32
    np.testing.assert_allclose(from_ids, encoder.encode(texts), atol=1e-5)
    assert encoder.encode_prepared([], []).shape == (0, encoder.dimension)


def test_a_pool_needs_a_worker(encoder):
    with pytest.raises(ValueError, match="at least one worker"):
        FittingPool(encoder, workers=0)
