"""The form that puts a profile on a shortlist."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

NOTE_LENGTH = 1000


class ShortlistForm(FlaskForm):
    """Add one profile (by external id) to a listing's shortlist, with an optional note."""

    external_id = HiddenField(validators=[DataRequired(), Length(max=200)])
    note = StringField(
        _l("Note (only your organisation sees it)"), validators=[Length(max=NOTE_LENGTH)]
    )
    next = HiddenField()
