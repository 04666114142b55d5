"""Forms for registering, signing in and changing a password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from web.services.accounts import MIN_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class RegisterForm(FlaskForm):
    """A new exile or host account."""

    role = RadioField(
        _l("I am"),
        choices=[
            SelectChoice("exile", _l("looking for work, a fellowship, a grant or investment")),
            SelectChoice("host", _l("hiring or funding, for an organisation")),
        ],
        default="exile",
        validators=[DataRequired()],
    )
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=320)])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l("At least %(n)s characters.", n=MIN_PASSWORD_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    organization = StringField(
        _l("Organisation (hosts only)"), validators=[Optional(), Length(max=300)]
    )
    organization_kind = SelectField(
        _l("Kind of organisation"),
        choices=[
            SelectChoice("employer", _l("Employer")),
            SelectChoice("university", _l("University or institute")),
            SelectChoice("newsroom", _l("Newsroom")),
            SelectChoice("fund", _l("Fund or foundation")),
            SelectChoice("investor", _l("Investor")),
        ],
        validators=[Optional()],
    )


class PasswordForm(FlaskForm):
    """Change the password; every other session ends."""

    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)]
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )
