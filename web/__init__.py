"""Talent Bridge web application: the app factory and its registration steps."""

from __future__ import annotations

import logging

from flask import Flask

from web.config import Config, check_embedding, check_production


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the Flask application."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    app.config.from_prefixed_env("TALENT_BRIDGE")
    if test_config is not None:
        app.config.update(test_config)
    Config.finalise(app.config, app.instance_path)
    check_production(app.config)
    check_embedding(app.config)
    register_logging(app)
    register_database(app)
    register_extensions(app)
    # Hooks first: blueprints' before-request hooks rely on the signed-in user being loaded.
    register_hooks(app)
    register_blueprints(app)
    register_error_pages(app)
    return app


def register_logging(app: Flask) -> None:
    """Send the application's log lines to stderr at the configured level."""
    logging.basicConfig(level=app.config["LOG_LEVEL"], format="%(levelname)s %(name)s: %(message)s")
    # Libraries' routine chatter (migration steps, model loading) would drown the useful lines.
    for name in ("alembic", "sentence_transformers", "httpx", "faiss"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # The development server logs every URL with its query string (search text); keep it quiet.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


def register_database(app: Flask) -> None:
    """Bind the database engine and close request sessions at teardown."""
    from web import database

    database.init_app(app)


def register_extensions(app: Flask) -> None:
    """Bind CSRF protection, translations, rate limits and security headers."""
    from web import i18n, security
    from web.extensions import babel, csrf, limiter

    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Attach the application's blueprints."""
    from web import api, i18n, pages
    from web.views import admin, auth, exile, host, overview, verification, verify_email
    from web.views import documents as documents_views
    from web.views import domains as domain_views
    from web.views import exile_contact as contact_views
    from web.views import mfa as mfa_views
    from web.views import oauth as oauth_views
    from web.views import org_approval as org_approval_views
    from web.views import protection as protection_views
    from web.views import sanctions as sanctions_views
    from web.views import vouching as vouching_views

    for blueprint in (
        pages.bp,
        auth.bp,
        i18n.bp,
        exile.bp,
        host.bp,
        overview.bp,
        admin.bp,
        api.bp,
        verification.bp,
        oauth_views.bp,
        verify_email.bp,
        domain_views.bp,
        vouching_views.bp,
        documents_views.bp,
        contact_views.bp,
        mfa_views.bp,
        protection_views.bp,
        sanctions_views.bp,
        org_approval_views.bp,
    ):
        app.register_blueprint(blueprint)


def register_error_pages(app: Flask) -> None:
    """Answer 503 (page or API error) instead of a traceback when the database is unavailable."""
    from web import unavailable

    unavailable.init_app(app)


def register_hooks(app: Flask) -> None:
    """Load the signed-in user before each request and expose helpers to templates."""
    from flask import g
    from flask_babel import get_locale

    from web.auth import load_current_user

    app.before_request(load_current_user)

    @app.context_processor
    def template_globals() -> dict:
        return {
            "current_user": g.get("user"),
            "current_locale": str(get_locale()),
            "nav_links": lambda: navigation(app, g.get("user")),
        }


def navigation(app: Flask, user) -> list[tuple[str, str]]:
    """Return the (endpoint, label) links a signed-in user's menu shows."""
    from flask_babel import gettext as _

    if user is None:
        return []
    links = {
        "exile": [
            ("exile.profile", _("My profile")),
            ("exile.matches", _("My matches")),
            ("contact.requests", _("Contact requests")),
            ("contact.privacy", _("Blocklist and privacy")),
            ("verification.index", _("Verification")),
        ],
        "host": [
            ("host.listings", _("Listings")),
            ("host.search", _("Talent search")),
            ("host.contact_requests", _("Contact requests")),
            ("overview.index", _("Talent pool")),
            ("verification.index", _("Verification")),
        ],
        "moderator": [("admin.index", _("Back office")), ("overview.index", _("Talent pool"))],
        "admin": [("admin.index", _("Back office")), ("overview.index", _("Talent pool"))],
    }[user.role]
    return [(endpoint, label) for endpoint, label in links if endpoint in app.view_functions]
