"""Pages for exiles: their profile, their matches, and their profile as a host sees it."""

from flask import Blueprint

bp = Blueprint("exile", __name__, url_prefix="/me")
