"""Forms of the moderators' sanctions and organisation-approval pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired


class DecisionForm(FlaskForm):
    """A moderator's decision on one screening hit."""

    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice(
                "false_positive", _l("False positive: a different person or organisation")
            ),
            SelectChoice("true_match", _l("True match: the listed person or organisation")),
        ],
        validators=[DataRequired(message=_l("Choose false positive or true match."))],
    )
