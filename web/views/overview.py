"""The talent-pool overview: aggregate charts drawn on the server as SVG, and a health check."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import Blueprint, abort, current_app, g, jsonify, render_template
from flask_babel import get_locale

from web.auth import login_required
from web.charts import bar_chart
from web.database import get_session
from web.services import access, overview

bp = Blueprint("overview", __name__, url_prefix="/pool")


@bp.get("")
@login_required
def index():
    """Show the pool's aggregates to hosts and staff."""
    if not access.can_search_talent(g.user):
        abort(403)
    figures = overview.pool_figures(get_session(), date.today())
    return render_template(
        "overview/index.html",
        charts=overview.pool_charts(figures, str(get_locale())),
        total=figures.total,
        minimum=overview.MIN_GROUP,
        bar_chart=bar_chart,
    )


@bp.get("/healthz")
def health():
    """Report that this worker answers, and which index versions it serves (no model needed)."""
    versions = overview.index_versions(Path(current_app.config["INDEX_ROOT"]))
    return jsonify(status="ok", index_versions=versions)
