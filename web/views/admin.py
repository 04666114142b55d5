"""A minimal back office for moderators and admins: users and organisations."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
