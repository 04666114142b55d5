"""The library settings the services need, read once from the application's configuration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from matcher.encoder import EncoderConfig
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
    reindex_batch_size: int

    def encoder_for(self, model: str) -> EncoderConfig:
        """Return the encoder settings for a given model name."""
        return EncoderConfig(
            model=model, device=self.encoder.device, batch_size=self.encoder.batch_size
        )


def settings_from_config(config) -> Settings:
    """Build the settings from a Flask config mapping."""
    return Settings(
        home=Path(config["HOME"]),
        index_root=Path(config["INDEX_ROOT"]),
        encoder=EncoderConfig(
            model=config["MODEL"], device=config["DEVICE"], batch_size=config["EMBED_BATCH_SIZE"]
        ),
        ranking=RankingConfig(),
        index_kind=config["INDEX_KIND"],
        approximate_threshold=config["INDEX_APPROXIMATE_THRESHOLD"],
        index_threads=config["INDEX_THREADS"],
        reindex_batch_size=config["REINDEX_BATCH_SIZE"],
    )
