"""The talent-pool overview: aggregate charts drawn on the server as SVG."""

from flask import Blueprint

bp = Blueprint("overview", __name__, url_prefix="/pool")
