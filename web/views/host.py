"""Pages for hosts: their organisation, listings, candidates, talent search and shortlists."""

from flask import Blueprint

bp = Blueprint("host", __name__, url_prefix="/host")
