"""Configuration defaults; the environment (TALENT_BRIDGE_*) and tests override them."""

from __future__ import annotations

import os
from pathlib import Path


class Config:
    """Defaults for every setting the application reads."""

    SECRET_KEY = "dev-only-insecure-key"
    LOG_LEVEL = "INFO"
    # SQLAlchemy URL; empty means a SQLite file under HOME.
    DATABASE_URL = ""
    # Directory for the SQLite file, index versions and other artefacts; empty means instance/.
    HOME = ""
    # Embedding model: a sentence-transformers name or a local path; empty means the shipped model.
    MODEL = ""
    DEVICE = "cpu"
    EMBED_BATCH_SIZE = 64
    # Vectors per index above which search switches from exact to approximate (HNSW).
    INDEX_KIND = "auto"
    INDEX_APPROXIMATE_THRESHOLD = 50_000
    INDEX_THREADS = 1
    REINDEX_BATCH_SIZE = 256

    @staticmethod
    def finalise(config: dict, instance_path: str) -> None:
        """Fill the derived settings: HOME, DATABASE_URL and the index folder."""
        home = config.get("HOME") or instance_path
        config["HOME"] = str(Path(home).resolve())
        Path(config["HOME"]).mkdir(parents=True, exist_ok=True)
        # The contract names DATABASE_URL without the TALENT_BRIDGE_ prefix.
        url = config.get("DATABASE_URL") or os.environ.get("DATABASE_URL")
        if not url:
            url = f"sqlite:///{Path(config['HOME']) / 'talent-bridge.sqlite'}"
        config["DATABASE_URL"] = url
        config.setdefault("INDEX_ROOT", str(Path(config["HOME"]) / "index"))
