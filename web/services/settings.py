"""The library settings the services need, read once from the application's configuration."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from matcher.encoder import USE_MODEL, EncoderConfig
from matcher.ranking import RankingConfig


@dataclass(frozen=True)
class Settings:
    """Everything matching and re-indexing read from the configuration."""

    home: Path
    index_root: Path
    encoder: EncoderConfig
    ranking: RankingConfig
    index_kind: str
    approximate_threshold: int
    index_threads: int
    # ONNX Runtime threads embedding a query on the web path; `encoder` keeps its own, for batches.
    query_embed_threads: int
    reindex_batch_size: int
    # Worker processes that cut and tokenise texts for a re-index; 0 does it in the process.
    fit_workers: int
    # As configured ("auto" included): the encoder's own is what it resolved to for its model.
    backend: str

    def encoder_for(self, model: str) -> EncoderConfig:
        """Return the encoder settings for a given model name."""
        # USE runs in numpy whatever backend runs the sentence-transformers models.
        backend = "torch" if model == USE_MODEL else self.backend
        return replace(self.encoder, model=model, backend=backend)

    def query_encoder_for(self, model: str) -> EncoderConfig:
        """Return the encoder settings that embed one query at a time for a given model."""
        return replace(self.encoder_for(model), threads=self.query_embed_threads)


def settings_from_config(config) -> Settings:
    """Build the settings from a Flask config mapping."""
    return Settings(
        home=Path(config["HOME"]),
        index_root=Path(config["INDEX_ROOT"]),
        encoder=EncoderConfig(
            model=config["MODEL"],
            device=config["DEVICE"],
            batch_size=config["EMBED_BATCH_SIZE"],
            backend=config["EMBED_BACKEND"],
            export_dir=config["EMBED_EXPORT_DIR"],
        ),
        ranking=RankingConfig(),
        index_kind=config["INDEX_KIND"],
        approximate_threshold=config["INDEX_APPROXIMATE_THRESHOLD"],
        index_threads=config["INDEX_THREADS"],
        query_embed_threads=config["QUERY_EMBED_THREADS"],
        reindex_batch_size=config["REINDEX_BATCH_SIZE"],
        fit_workers=config["EMBED_FIT_WORKERS"],
        backend=config["EMBED_BACKEND"],
    )
