"""The ONNX embedding backends against torch, on the shipped model exported in the test session."""

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from matcher.encoder import (
    DEFAULT_MODEL,
    USE_MODEL,
    EncoderConfig,
    OnnxEncoder,
    load_encoder,
    resolve_model_path,
)
from matcher.errors import EncoderError

TEXTS = [
    "Backend developer: Python, Django, PostgreSQL; six years in fintech",
    "Журналист-расследователь, работа с открытыми данными и источниками",
    "Kurator, Theaterpädagogik und Dramaturgie",
    "a",
    # Longer than the model's 256 word pieces: both backends must cut it the same way.
    "machine learning engineer building recommendation systems " * 40,
]


@pytest.fixture(scope="session")
def export_dir(tmp_path_factory):
    """Return one export folder for the session: each backend is exported once."""
    return tmp_path_factory.mktemp("onnx-exports")


@pytest.fixture(scope="session")
def onnx_encoder(export_dir):
    """Return the shipped model run by ONNX Runtime (fp32)."""
    return load_encoder(EncoderConfig(backend="onnx", export_dir=str(export_dir)))


def test_onnx_gives_torchs_vectors(encoder, onnx_encoder):
    assert isinstance(onnx_encoder, OnnxEncoder)
    assert (onnx_encoder.name, onnx_encoder.dimension) == (DEFAULT_MODEL, encoder.dimension)
    assert onnx_encoder.max_tokens == encoder.max_tokens == 256
    exported, reference = onnx_encoder.encode(TEXTS), encoder.encode(TEXTS)
    assert exported.dtype == np.float32 and exported.shape == reference.shape
    assert np.allclose(np.linalg.norm(exported, axis=1), 1.0, atol=1e-5)
    assert np.min(np.sum(exported * reference, axis=1)) > 0.9999
    assert onnx_encoder.encode([]).shape == (0, encoder.dimension)


def test_onnx_keeps_rows_in_order_across_batches(export_dir):
    small = load_encoder(EncoderConfig(backend="onnx", batch_size=2, export_dir=str(export_dir)))
    together = small.encode(TEXTS)
    alone = np.vstack([small.encode([text]) for text in TEXTS])
    assert np.allclose(together, alone, atol=1e-5)


def test_onnx_counts_word_pieces_as_torch(encoder, onnx_encoder):
    assert onnx_encoder.count_tokens(TEXTS) == encoder.count_tokens(TEXTS)
    assert onnx_encoder.count_tokens([]) == []


def test_int8_is_close_to_torch_and_the_export_is_reused(encoder, export_dir):
    config = EncoderConfig(backend="onnx-int8", export_dir=str(export_dir))
    int8 = load_encoder(config)
    cosine = np.sum(int8.encode(TEXTS) * encoder.encode(TEXTS), axis=1)
    assert cosine.mean() > 0.98 and cosine.min() > 0.95
    (folder,) = export_dir.iterdir()
    files = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    assert set(files) == {"model.onnx", "model-int8.onnx"}
    OnnxEncoder(config)  # a second load finds both files and exports nothing
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == files


def test_a_model_with_layers_onnx_cannot_run_is_refused(tmp_path, export_dir):
    model = tmp_path / "with-dense"
    shutil.copytree(resolve_model_path(DEFAULT_MODEL), model)
    modules = json.loads((model / "modules.json").read_text())
    modules.append(
        {"idx": 3, "name": "3", "path": "3_Dense", "type": "sentence_transformers.models.Dense"}
    )
    (model / "modules.json").write_text(json.dumps(modules))
    with pytest.raises(EncoderError, match="use the torch backend"):
        OnnxEncoder(EncoderConfig(model=str(model), backend="onnx", export_dir=str(export_dir)))


def test_the_thread_setting_reaches_the_onnx_session_and_changes_no_vector(
    export_dir, onnx_encoder
):
    one = load_encoder(EncoderConfig(backend="onnx", export_dir=str(export_dir), threads=1))
    assert one is not onnx_encoder
    assert one._model.session.get_session_options().intra_op_num_threads == 1
    assert onnx_encoder._model.session.get_session_options().intra_op_num_threads == 0
    assert np.allclose(one.encode(TEXTS), onnx_encoder.encode(TEXTS), atol=1e-5)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"threads": -1}, "threads must be a whole number"),
        ({"threads": "two"}, "threads must be a whole number"),
        ({"backend": "tensorrt"}, "backend must be auto or one of torch, onnx, onnx-int8"),
        ({"backend": "onnx", "model": USE_MODEL}, "runs in numpy"),
        ({"backend": "onnx", "device": "cuda"}, "run on the CPU"),
    ],
)
def test_impossible_backend_settings_are_refused(settings, message):
    with pytest.raises(ValueError, match=message):
        EncoderConfig(**settings)


def test_a_missing_model_folder_is_named(tmp_path):
    with pytest.raises(EncoderError, match="not a local folder"):
        OnnxEncoder(EncoderConfig(model=str(tmp_path / "nothing"), backend="onnx"))


@pytest.mark.parametrize(
    ("settings", "backend"),
    [
        ({}, "onnx"),
        ({"device": "cuda"}, "torch"),
        ({"model": USE_MODEL}, "torch"),
    ],
)
def test_auto_runs_onnx_on_the_cpu_and_torch_elsewhere(settings, backend):
    assert EncoderConfig(backend="auto", **settings).backend == backend


def test_running_an_exported_model_does_not_import_torch(onnx_encoder, export_dir):
    code = f"""
import sys
from matcher.encoder import EncoderConfig, load_encoder
encoder = load_encoder(EncoderConfig(backend="onnx", export_dir={str(export_dir)!r}))
encoder.encode(["a query"]), encoder.count_tokens(["a query"])
heavy = ("torch", "transformers", "sentence_transformers")
print(sorted(name for name in heavy if name in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stderr
