"""Forms of the identity-linking page (ORCID, GitHub)."""

from flask_wtf import FlaskForm


class OAuthActionForm(FlaskForm):
    """Start or remove a link: nothing to fill in but the CSRF token."""
