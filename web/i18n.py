"""The interface language: English or Russian, chosen by the user and remembered."""

from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, request, session, url_for

from web.database import get_session

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """Return the user's language, else this browser's choice, else the best Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    user = g.get("user")
    if user is not None and user.locale in languages:
        return user.locale
    if session.get("lang") in languages:
        return session["lang"]
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


@bp.post("/language")
def switch():
    """Switch the interface language and remember it for the user."""
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if g.get("user") is not None:
            g.user.locale = lang
            get_session().commit()
    target = request.form.get("next", "")
    return redirect(
        target if target.startswith("/") and not target.startswith("//") else url_for("pages.index")
    )
