"""Embedding settings: checked when the app starts, carried to the encoder the services load."""

from __future__ import annotations

import pytest

from matcher.encoder import USE_MODEL
from web import create_app
from web.errors import ConfigurationError
from web.services.settings import settings_from_config


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"EMBED_BACKEND": "tensorrt"}, "backend must be auto or one of"),
        ({"EMBED_BACKEND": "onnx", "DEVICE": "cuda"}, "run on the CPU"),
        ({"EMBED_BATCH_SIZE": "many"}, "EMBED_BATCH_SIZE"),
        ({"EMBED_BATCH_SIZE": 0}, "batch_size must be at least 1"),
    ],
)
def test_the_app_refuses_embedding_settings_it_could_not_run(tmp_path, settings, message):
    with pytest.raises(ConfigurationError, match=message):
        create_app({"TESTING": True, "HOME": str(tmp_path), **settings})


def test_the_backend_and_export_folder_reach_the_encoder_settings(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "HOME": str(tmp_path),
            "EMBED_BACKEND": "onnx-int8",
            "EMBED_EXPORT_DIR": str(tmp_path / "exports"),
        }
    )
    settings = settings_from_config(app.config)
    assert (settings.encoder.backend, settings.encoder.export_dir) == (
        "onnx-int8",
        str(tmp_path / "exports"),
    )
    # Moving the corpus to multilingual USE keeps the batch size; USE itself runs in numpy.
    moved = settings.encoder_for(USE_MODEL)
    assert (moved.model, moved.backend, moved.batch_size) == (USE_MODEL, "torch", 64)
    assert settings.encoder_for("/models/other").backend == "onnx-int8"


def test_by_default_the_model_runs_in_onnx_on_the_cpu_and_in_torch_on_a_gpu(tmp_path):
    on_cpu = create_app({"TESTING": True, "HOME": str(tmp_path)})
    assert settings_from_config(on_cpu.config).encoder.backend == "onnx"
    on_gpu = create_app({"TESTING": True, "HOME": str(tmp_path), "DEVICE": "cuda"})
    assert settings_from_config(on_gpu.config).encoder.backend == "torch"


@pytest.mark.parametrize("workers", [-1, "four", 1.5, True])
def test_the_app_refuses_a_fitting_pool_size_that_is_not_a_count(tmp_path, workers):
    with pytest.raises(ConfigurationError, match="TALENT_BRIDGE_EMBED_FIT_WORKERS"):
        create_app({"TESTING": True, "HOME": str(tmp_path), "EMBED_FIT_WORKERS": workers})


@pytest.mark.parametrize("threads", [-1, "two", 0.5, False])
def test_the_app_refuses_a_query_thread_count_that_is_not_a_count(tmp_path, threads):
    with pytest.raises(ConfigurationError, match="TALENT_BRIDGE_QUERY_EMBED_THREADS"):
        create_app({"TESTING": True, "HOME": str(tmp_path), "QUERY_EMBED_THREADS": threads})


def test_queries_are_embedded_with_their_own_thread_count_and_batches_with_the_cores(tmp_path):
    app = create_app({"TESTING": True, "HOME": str(tmp_path), "QUERY_EMBED_THREADS": 2})
    settings = settings_from_config(app.config)
    assert settings.encoder.threads == 0
    assert settings.encoder_for("/models/other").threads == 0
    query = settings.query_encoder_for("/models/other")
    assert (query.model, query.backend, query.threads) == ("/models/other", "onnx", 2)
    default = create_app({"TESTING": True, "HOME": str(tmp_path)})
    assert settings_from_config(default.config).query_encoder_for(USE_MODEL).threads == 1
