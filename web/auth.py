"""Who is signed in: session handling with a per-user version, and access decorators."""

from __future__ import annotations

import functools

from flask import abort, g, redirect, request, session, url_for

from web.database import get_session
from web.models import User


def login(user: User) -> None:
    """Start a fresh session for the user (a new cookie, bound to their session version)."""
    session.clear()
    session.permanent = True
    session["uid"] = user.id
    session["ver"] = user.session_version


def logout() -> None:
    """Forget the current session in this browser, keeping only the interface language."""
    lang = g.user.locale if g.get("user") is not None else session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def load_current_user() -> None:
    """Set g.user from the session cookie, refusing cookies older than the user's version."""
    g.user = None
    uid = session.get("uid")
    if uid is None:
        return
    user = get_session().get(User, uid)
    if user is None or not user.is_active or session.get("ver") != user.session_version:
        # A copied cookie from before a logout or password change ends here.
        session.clear()
        return
    g.user = user


def login_required(view):
    """Send anonymous visitors to the login page."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.user is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped


def roles_required(*roles: str):
    """Allow a view only to signed-in users with one of the roles (403 for others)."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if g.user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate
