"""Public pages: the landing page with the platform's current state."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import func, select

from web.database import get_session
from web.models import Listing, Profile

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    """Show the landing page."""
    session = get_session()
    counts = {
        "profiles": session.scalar(select(func.count()).select_from(Profile)),
        "listings": session.scalar(select(func.count()).select_from(Listing)),
    }
    return render_template("index.html", counts=counts)
