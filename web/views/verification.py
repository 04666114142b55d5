"""The verification hub: every check a person or host can complete, its state, and its badge."""

from __future__ import annotations

from flask import Blueprint, current_app, g, render_template

from web.auth import login_required
from web.database import get_session
from web.services import attestations, badges
from web.services.verification_checks import checks_for

bp = Blueprint("verification", __name__, url_prefix="/verification")


@bp.get("")
@login_required
def index():
    """Show the signed-in user's badges and the checks they can still complete."""
    session = get_session()
    current = attestations.current_for_users(session, [g.user.id])[g.user.id]
    checks = [
        check
        for check in checks_for(session, g.user)
        if check.endpoint is None or check.endpoint in current_app.view_functions
    ]
    return render_template("verification/index.html", badges=badges.badges(current), checks=checks)
