"""Configuration defaults; the environment (TALENT_BRIDGE_*) and tests override them."""

from __future__ import annotations

import os
from pathlib import Path

TRANSLATIONS = Path(__file__).resolve().parent / "translations"


class Config:
    """Defaults for every setting the application reads."""

    # "production" (set by gunicorn.conf.py and scripts/serve.sh unless TALENT_BRIDGE_ENV says
    # otherwise) refuses to start with this development key or any key under 32 bytes.
    ENV = "development"
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
    # How the model runs: "torch", "onnx" (an export made here on first use: the same vectors,
    # faster) or "onnx-int8" (faster still, nearly the same vectors); "auto" is onnx on the CPU
    # and torch on a GPU or for USE. Measured in docs/performance.md ("Embedding").
    EMBED_BACKEND = "auto"
    # Where ONNX exports are kept; empty means ~/.cache/talent-bridge/onnx (XDG_CACHE_HOME).
    EMBED_EXPORT_DIR = ""
    # Worker processes that cut texts to the model and tokenise them during a re-index, so a GPU
    # only runs the model: 0 does it in the re-index process (right on the CPU, where the model
    # needs the cores). On a GPU host, the cores less one (docs/performance.md).
    EMBED_FIT_WORKERS = 0
    # Vectors per index above which search switches from exact to approximate (HNSW).
    INDEX_KIND = "auto"
    INDEX_APPROXIMATE_THRESHOLD = 50_000
    INDEX_THREADS = 1
    # ONNX Runtime threads embedding one query in a web worker (0: one per core). With one
    # thread, two workers at 10 clients served 62 requests/s instead of 38 (docs/performance.md).
    QUERY_EMBED_THREADS = 1
    REINDEX_BATCH_SIZE = 256

    SESSION_COOKIE_NAME = "tb_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # None: true in production (which refuses an explicit false: it is served over HTTPS only),
    # false otherwise, so the development server works over plain HTTP.
    SESSION_COOKIE_SECURE = None
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

    # Vouching (services.vouching): eligible vouchers a person needs for the vouch badge, how many
    # people one member or organisation may vouch for, and how long a personal vouch link works.
    VOUCH_THRESHOLD = 3
    VOUCH_MAX_GIVEN = 25
    VOUCH_LINK_MAX_AGE_DAYS = 30
    # Document uploads (services.uploads): files live under UPLOAD_ROOT (empty: HOME/uploads,
    # outside the static folder) until reviewed, or DOCUMENT_TTL_DAYS at most. Only the upload
    # route accepts bodies above MAX_CONTENT_LENGTH, up to UPLOAD_MAX_BYTES plus form overhead.
    UPLOAD_ROOT = ""
    UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    # Width x height above which an image is refused (a decompression bomb).
    UPLOAD_MAX_PIXELS = 60_000_000
    DOCUMENT_TTL_DAYS = 14
    # Reviews one person may have waiting at a time (bounds the disk one account can fill).
    DOCUMENT_MAX_OPEN = 2

    # Linking ORCID and GitHub (services.oauth_providers, docs/trust/oauth.md). A provider without a
    # client id is switched off. The callback URLs to register are
    # https://<host>/verification/oauth/orcid/callback and .../github/callback.
    ORCID_CLIENT_ID = ""
    ORCID_CLIENT_SECRET = ""
    ORCID_AUTHORIZE_URL = "https://orcid.org/oauth/authorize"
    ORCID_TOKEN_URL = "https://orcid.org/oauth/token"
    GITHUB_CLIENT_ID = ""
    GITHUB_CLIENT_SECRET = ""
    GITHUB_AUTHORIZE_URL = "https://github.com/login/oauth/authorize"
    GITHUB_TOKEN_URL = "https://github.com/login/oauth/access_token"
    GITHUB_API_URL = "https://api.github.com"
    # Seconds between starting a link and the provider's callback; seconds per call to a provider.
    OAUTH_STATE_MAX_AGE = 600
    OAUTH_HTTP_TIMEOUT = 10

    # E-mail checks (services.email_verification, docs/trust/email.md): how long a mailed link
    # works (seconds), links one account may be sent per hour, how long a work-domain badge
    # holds (days), and the site's public address for links in mail (scheme and host, such as
    # https://talentbridge.example). Set it in production: empty means the request's Host header.
    EMAIL_CONFIRM_MAX_AGE = 48 * 3600
    EMAIL_CONFIRM_PER_HOUR = 5
    DOMAIN_ATTESTATION_DAYS = 365
    EMAIL_LINK_BASE_URL = ""

    # Anti-scraping quotas (services.protection, docs/trust/protection.md), counted in the rate
    # limiter's storage over moving windows, per account and per approved organisation. An empty
    # value turns a quota off. Past a quota the host gets 429 and moderators a security event.
    CARD_VIEW_LIMIT_PER_ACCOUNT = "60 per hour; 300 per day"
    CARD_VIEW_LIMIT_PER_ORGANIZATION = "300 per hour; 1500 per day"
    SEARCH_PAGE_LIMIT_PER_ACCOUNT = "120 per hour; 600 per day"
    SEARCH_PAGE_LIMIT_PER_ORGANIZATION = "600 per hour; 3000 per day"
    # Two-factor sign-in (services.mfa): roles sent to set it up before any other page, and wrong
    # codes one account may try (then it waits, and moderators get a security event).
    MFA_REQUIRED_ROLES = ("host", "moderator", "admin")
    MFA_CODE_LIMIT = "5 per 5 minutes"
    # Sanctions screening (services.sanctions, docs/trust/sanctions.md). A logic-v2 score at or
    # above the threshold goes to moderators. Entries issued only by these countries (their
    # counter-sanctions on Western academics and journalists) are left out, as are datasets named
    # here (names or titles). Known birth years further apart than the tolerance halve a score.
    # A new list with fewer than MIN_KEEP_RATIO of the current entries is refused (truncated?).
    SANCTIONS_THRESHOLD = 0.7
    SANCTIONS_EXCLUDED_ISSUER_COUNTRIES = ("ru", "by", "cn")
    SANCTIONS_EXCLUDED_DATASETS = ()
    SANCTIONS_BIRTH_YEAR_TOLERANCE = 1
    SANCTIONS_MIN_KEEP_RATIO = 0.5
    SANCTIONS_MAX_CANDIDATES = 100
    SANCTIONS_KEEP_VERSIONS = 3

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
        if config.get("SESSION_COOKIE_SECURE") is None:
            config["SESSION_COOKIE_SECURE"] = config.get("ENV") == "production"


MIN_SECRET_KEY_BYTES = 32


def check_embedding(config: dict) -> None:
    """Refuse embedding settings the encoder could not run, naming the variable to change."""
    from matcher.encoder import EncoderConfig
    from web.errors import ConfigurationError

    try:
        EncoderConfig(
            model=config.get("MODEL") or "",
            device=config.get("DEVICE") or "cpu",
            batch_size=config.get("EMBED_BATCH_SIZE") or 0,
            backend=config.get("EMBED_BACKEND") or "",
        )
    except (TypeError, ValueError) as error:
        raise ConfigurationError(
            f"TALENT_BRIDGE_MODEL, _DEVICE, _EMBED_BATCH_SIZE or _EMBED_BACKEND: {error}"
        ) from None
    for name in ("EMBED_FIT_WORKERS", "QUERY_EMBED_THREADS"):
        value = config.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigurationError(
                f"TALENT_BRIDGE_{name} must be a whole number, 0 or more, not {value!r}"
            )


def check_production(config: dict) -> None:
    """Refuse settings that are unsafe in production; other modes are not checked.

    Raises ConfigurationError naming the variable to set.
    """
    from web.errors import ConfigurationError

    if config.get("ENV") != "production":
        return
    key = config.get("SECRET_KEY")
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, bytes):
        # The environment's values are parsed as JSON: a key of digits would arrive as a number.
        raise ConfigurationError(
            "TALENT_BRIDGE_SECRET_KEY must be text (quote a key that reads as a JSON number)."
        )
    if key == Config.SECRET_KEY.encode():
        raise ConfigurationError(
            "TALENT_BRIDGE_SECRET_KEY is not set: production refuses the development key. Set it "
            f"to at least {MIN_SECRET_KEY_BYTES} random bytes, such as the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`."
        )
    if len(key) < MIN_SECRET_KEY_BYTES:
        raise ConfigurationError(
            f"TALENT_BRIDGE_SECRET_KEY is {len(key)} bytes long: production needs at least "
            f"{MIN_SECRET_KEY_BYTES} random bytes "
            "(`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
        )
    if not config.get("SESSION_COOKIE_SECURE"):
        raise ConfigurationError(
            "TALENT_BRIDGE_SESSION_COOKIE_SECURE is false: production sends the session cookie "
            "over HTTPS only. Remove the setting (it defaults to true in production) or set it "
            "to true."
        )
