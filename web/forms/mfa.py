"""Forms for two-factor sign-in: a code, and turning the second factor off."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class CodeForm(FlaskForm):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=32)],
        description=_l("The six digits your authenticator app shows, or a recovery code."),
    )


class DisableForm(CodeForm):
    """The password and a code, to turn two-factor sign-in off."""

    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
