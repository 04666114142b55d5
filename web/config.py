"""Configuration defaults; the environment (TALENT_BRIDGE_*) and tests override them."""

from __future__ import annotations

import os
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


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

    SESSION_COOKIE_NAME = "tb_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # True in production behind HTTPS (TALENT_BRIDGE_SESSION_COOKIE_SECURE=true).
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    LANGUAGES = ("en", "ru")
    BABEL_DEFAULT_LOCALE = "en"

    # Rate limits: memory for one process; redis://host:port/db shares them between workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_KEY_PREFIX = "tb"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMIT_PER_ACCOUNT = "5 per minute; 30 per hour"
    LOGIN_LIMIT_PER_ADDRESS = "30 per minute; 300 per hour"
    # Outgoing mail: without an SMTP host, messages go to the outbox table (development, tests).
    MAIL_FROM = "Talent Bridge <no-reply@talent-bridge.invalid>"
    MAIL_SMTP_HOST = ""
    MAIL_SMTP_PORT = 587
    MAIL_SMTP_STARTTLS = True
    MAIL_SMTP_USER = ""
    MAIL_SMTP_PASSWORD = ""

    # How many reverse proxies set X-Forwarded-For in front of the app (0: trust none).
    PROXY_COUNT = 0

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
        translations = sorted(str(p) for p in TRANSLATIONS.iterdir() if p.is_dir())
        config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(translations))
