"""sentence-transformers models run by ONNX Runtime, exported here once from the local model folder.

The export is the model's transformer (`torch.onnx.export`, no hub); tokenising, pooling and
normalising stay as sentence-transformers does them. "onnx" gives the same vectors as torch
(cosine 1.0 on the demo sections) 1.2 to 1.8 times faster; "onnx-int8" quantises the weights
(onnxruntime's dynamic per-channel int8), 2.3 to 3.4 times faster with cosine 0.99 on average and
0.97 at worst (docs/performance.md, scripts/bench_embed.py; ratios vary by run on 2 cores).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from matcher.errors import EncoderError
from matcher.word_pieces import count_word_pieces, counting_tokenizer, truncating_tokenizer

log = logging.getLogger(__name__)

ONNX_BACKENDS = ("onnx", "onnx-int8")
# Module types a folder may list, in order, for its pipeline to be run here exactly.
TRANSFORMER = "sentence_transformers.models.Transformer"
POOLING = "sentence_transformers.models.Pooling"
NORMALIZE = "sentence_transformers.models.Normalize"
# The exported graph must reproduce torch's vectors; an export that does not is refused.
EXPORT_MIN_COSINE = 0.9999
EXPORT_CHECK_TEXTS = (
    "Backend developer, Python and PostgreSQL, six years",
    "Журналист-расследователь, работа с открытыми данными",
    "a",
)


def pipeline(folder: Path) -> tuple[str, int | None]:
    """Return a model folder's pooling mode and its token limit, if it can be run here."""
    try:
        modules = json.loads((folder / "modules.json").read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise EncoderError(f"cannot read {folder / 'modules.json'}: {error}") from error
    types = [module.get("type", "") for module in modules]
    if types not in ([TRANSFORMER, POOLING], [TRANSFORMER, POOLING, NORMALIZE]):
        raise EncoderError(
            f"the ONNX backends run Transformer + Pooling (+ Normalize) models; {folder} has "
            f"{', '.join(t.rsplit('.', 1)[-1] for t in types)}: use the torch backend"
        )
    pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text("utf-8"))
    modes = [name for name in ("mean_tokens", "cls_token") if pooling.get(f"pooling_mode_{name}")]
    others = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v is True]
    if len(modes) != 1 or len(others) != 1:
        raise EncoderError(
            f"the ONNX backends pool by mean or first token only; {folder} pools by {others}"
        )
    limit = None
    settings = folder / "sentence_bert_config.json"
    if settings.exists():
        limit = json.loads(settings.read_text("utf-8")).get("max_seq_length")
    return modes[0], limit


def weights_digest(folder: Path) -> str:
    """Return a short digest of a model folder's weights, so a changed model is exported anew."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.safetensors")) + sorted(folder.glob("pytorch_model*.bin")):
        digest.update(path.name.encode())
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


def exported_model(folder: Path, backend: str, export_dir: Path) -> Path:
    """Return the ONNX file of a model folder for a backend, exporting it first if needed."""
    pipeline(folder)  # refuse a model the runtime could not reproduce before exporting anything
    target = export_dir / f"{folder.name}-{weights_digest(folder)}"
    fp32, int8 = target / "model.onnx", target / "model-int8.onnx"
    wanted = int8 if backend == "onnx-int8" else fp32
    if wanted.exists():
        return wanted
    target.mkdir(parents=True, exist_ok=True)
    if not fp32.exists():
        _export(folder, fp32)
    if backend == "onnx-int8" and not int8.exists():
        _quantize(fp32, int8)
    return wanted


def _export(folder: Path, path: Path) -> None:
    """Export a model folder's transformer to ONNX, check it against torch, then publish it."""
    log.info("exporting %s to ONNX (once; kept in %s)", folder.name, path.parent)
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise EncoderError(f"exporting to ONNX needs torch: {error}") from error
    model = SentenceTransformer(str(folder), device="cpu")
    inner = model[0].auto_model.eval()
    sample = model.tokenizer(list(EXPORT_CHECK_TEXTS), padding=True, return_tensors="pt")
    names = [name for name in ("input_ids", "attention_mask", "token_type_ids") if name in sample]

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *inputs):
            return self.inner(**dict(zip(names, inputs, strict=True))).last_hidden_state

    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]}
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".onnx", delete=False) as handle:
        partial = Path(handle.name)
    try:
        # The tracer warns about every Python branch it records; the check below is what counts.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHiddenState(),
                tuple(sample[name] for name in names),
                str(partial),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        reference = model.encode(list(EXPORT_CHECK_TEXTS), normalize_embeddings=True)
        exported = OnnxModel(partial, folder, threads=1).encode(list(EXPORT_CHECK_TEXTS), 8)
        worst = float(np.min(np.sum(reference * exported, axis=1)))
        if worst < EXPORT_MIN_COSINE:
            raise EncoderError(f"the ONNX export of {folder.name} differs from torch: cos {worst}")
        os.replace(partial, path)
    except EncoderError:
        raise
    except Exception as error:  # noqa: BLE001  (torch's exporter raises many unrelated types)
        raise EncoderError(f"cannot export {folder.name} to ONNX: {error}") from error
    finally:
        partial.unlink(missing_ok=True)


def _quantize(fp32: Path, int8: Path) -> None:
    """Write an int8 copy of an ONNX model (dynamic, per output channel), then publish it."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.NamedTemporaryFile(dir=int8.parent, suffix=".onnx", delete=False) as handle:
        partial = Path(handle.name)
    try:
        quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QInt8, per_channel=True)
        os.replace(partial, int8)
    finally:
        partial.unlink(missing_ok=True)


class OnnxModel:
    """One ONNX Runtime session with its model folder's tokenizer and pooling; unit vectors out.

    Tokenising uses the `tokenizers` library on the folder's tokenizer.json, the fast tokenizer
    sentence-transformers also runs: transformers' AutoTokenizer would import torch, hundreds of
    megabytes in every web worker that only embeds queries.
    """

    def __init__(self, onnx_path: Path, folder: Path, threads: int = 0) -> None:
        try:
            import onnxruntime as ort
        except ImportError as error:
            raise EncoderError(f"the ONNX backends need onnxruntime: {error}") from error
        self.pooling, limit = pipeline(folder)
        self.max_tokens = int(
            limit or _config(folder / "tokenizer_config.json", "model_max_length")
        )
        # Two tokenizers with fixed settings instead of one whose settings change per call.
        self._counter = counting_tokenizer(folder)
        self._batcher = truncating_tokenizer(folder, self.max_tokens, pad=True)
        options = ort.SessionOptions()
        # 0 lets ONNX Runtime use one thread per physical core, as torch does by default.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(onnx_path), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = [item.name for item in self.session.get_inputs()]
        self.dimension = int(self.session.get_outputs()[0].shape[-1])

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return how many word pieces each text has, special tokens excluded."""
        return count_word_pieces(self._counter, texts)

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        """Return one vector per text, batching texts of similar length as sentence-transformers."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = np.argsort([-len(text) for text in texts], kind="stable")
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            vectors[chosen] = self._batch([texts[i] for i in chosen])
        return vectors

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self._batcher.encode_batch(texts)
        arrays = {
            "input_ids": np.array([item.ids for item in encoded], dtype=np.int64),
            "attention_mask": np.array([item.attention_mask for item in encoded], dtype=np.int64),
            "token_type_ids": np.array([item.type_ids for item in encoded], dtype=np.int64),
        }
        feeds = {name: arrays[name] for name in self.inputs}
        hidden = self.session.run(None, feeds)[0]
        if self.pooling == "cls_token":
            pooled = hidden[:, 0]
        else:
            mask = arrays["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def _config(path: Path, key: str) -> int:
    """Return an integer setting of a tokenizer's JSON configuration (512 when it has none)."""
    try:
        return int(json.loads(path.read_text("utf-8")).get(key) or 512)
    except (OSError, ValueError):
        return 512


def default_export_dir() -> Path:
    """Return where exported models are kept when the configuration names no folder."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "talent-bridge" / "onnx"
