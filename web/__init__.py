"""Talent Bridge web application: the app factory and its registration steps."""

from __future__ import annotations

import logging

from flask import Flask

from web.config import Config


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the Flask application."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    app.config.from_prefixed_env("TALENT_BRIDGE")
    if test_config is not None:
        app.config.update(test_config)
    Config.finalise(app.config, app.instance_path)
    register_logging(app)
    register_database(app)
    register_blueprints(app)
    return app


def register_logging(app: Flask) -> None:
    """Send the application's log lines to stderr at the configured level."""
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(levelname)s %(name)s: %(message)s")
    # Libraries' routine chatter (migration steps, model loading) would drown the useful lines.
    for name in ("alembic", "sentence_transformers", "httpx", "faiss"):
        logging.getLogger(name).setLevel(logging.WARNING)


def register_database(app: Flask) -> None:
    """Bind the database engine and close request sessions at teardown."""
    from web import database

    database.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Attach the application's blueprints."""
    from web import pages

    app.register_blueprint(pages.bp)
