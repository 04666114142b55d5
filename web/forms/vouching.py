"""Forms of vouching: give a vouch (personally or for an organisation), take one back."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField


class VouchForm(FlaskForm):
    """Confirm a vouch; hosts choose the organisation it is given for."""

    organization = SelectField(_l("Vouch on behalf of"), coerce=int)


class RevokeVouchForm(FlaskForm):
    """Take a vouch back: nothing to fill in but the CSRF token."""


class NewLinkForm(FlaskForm):
    """Replace my vouch link: nothing to fill in but the CSRF token."""
