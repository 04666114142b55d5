"""Forms of the back office."""

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A confirmation: nothing to fill in but the CSRF token."""
