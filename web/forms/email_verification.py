"""Forms of the e-mail checks and of the moderators' domain allowlist."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

CATEGORY_LABELS = {
    "university": _l("University or institute"),
    "newsroom": _l("Newsroom"),
    "employer": _l("Employer"),
    "fund": _l("Fund or foundation"),
    "ngo": _l("Non-profit organisation"),
}


class SendLinkForm(FlaskForm):
    """Send (or send again) the link that confirms the account address."""


class WorkEmailForm(FlaskForm):
    """A work or university address to confirm."""

    address = EmailField(
        _l("Work or university e-mail"),
        # Checked by the service, which also explains look-alike and free-mail domains.
        validators=[DataRequired(), Length(max=320)],
        description=_l("We send a link there; no one else sees the address."),
    )


class ConfirmLinkForm(FlaskForm):
    """The button behind a confirmation link: the token travels in the form, not the URL."""

    token = HiddenField(validators=[DataRequired(), Length(max=500)])


class AllowedDomainForm(FlaskForm):
    """A domain moderators add to the allowlist."""

    domain = StringField(
        _l("Domain"),
        validators=[DataRequired(), Length(max=253)],
        description=_l("The organisation's own domain, such as msu.ru; its subdomains count too."),
    )
    label = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=300)])
    category = SelectField(
        _l("Category"),
        choices=[SelectChoice(value, label) for value, label in CATEGORY_LABELS.items()],
        validators=[DataRequired()],
    )


class RemoveDomainForm(FlaskForm):
    """Confirm removing a domain: nothing to fill in but the CSRF token."""
