"""Forms of contact requests, the privacy page (blocklist, employers) and account erasure."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SearchField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from web.forms.profile import CheckboxesField
from web.models import REVEALABLE_FIELDS
from web.services.contact import PURPOSE_MAX, PURPOSE_MIN
from web.services.display import country_choices

REVEALABLE_LABELS = {
    "full_name": _l("Full name"),
    "email": _l("Contact e-mail"),
    "city": _l("City"),
    "employers": _l("Employer and institution names"),
}


class ContactRequestForm(FlaskForm):
    """A host asking a person for contact: why, and optionally for which listing."""

    purpose = TextAreaField(
        _l("Why do you want to get in touch?"),
        description=_l(
            "The person reads this before deciding. Say who you are and what you offer "
            "(%(min)s to %(max)s characters).",
            min=PURPOSE_MIN,
            max=PURPOSE_MAX,
        ),
        validators=[
            DataRequired(message=_l("Say why you want to get in touch.")),
            Length(
                min=PURPOSE_MIN,
                max=PURPOSE_MAX,
                message=_l(
                    "Write %(min)s to %(max)s characters.", min=PURPOSE_MIN, max=PURPOSE_MAX
                ),
            ),
        ],
        render_kw={"maxlength": PURPOSE_MAX, "rows": 6},
    )
    organization_id = SelectField(_l("On behalf of"), coerce=int)
    listing_id = SelectField(_l("About the listing"), coerce=int, default=0)

    def set_choices(self, organizations, listings) -> None:
        """Offer the host's approved organisations and their listings."""
        self.organization_id.choices = [SelectChoice(org.id, org.name) for org in organizations]
        if self.organization_id.data is None and organizations:
            # Most hosts belong to one organisation: the form then does not ask.
            self.organization_id.data = organizations[0].id
        self.listing_id.choices = [SelectChoice(0, _l("No particular listing"))] + [
            SelectChoice(item.id, item.title) for item in listings
        ]


class AcceptForm(FlaskForm):
    """What the person reveals to the organisation when accepting."""

    fields = CheckboxesField(
        _l("Share with this organisation"),
        choices=[SelectChoice(name, REVEALABLE_LABELS[name]) for name in REVEALABLE_FIELDS],
        validators=[InputRequired(message=_l("Choose at least one thing to share."))],
    )


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token travels."""


class BlockOrganizationForm(FlaskForm):
    """Hide the profile from one organisation found by name."""

    organization_id = IntegerField(validators=[InputRequired()])


class OrganizationSearchForm(FlaskForm):
    """Find an organisation to block by part of its name; sent with GET."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Organisation name"),
        validators=[Length(max=100)],
        render_kw={"maxlength": 100},
    )


class PrivacyForm(FlaskForm):
    """Host countries to hide from, and whether hosts see employer and institution names."""

    blocked_countries = SelectMultipleField(
        _l("Hide my profile from organisations registered in"),
        description=_l("Hold Ctrl (or ⌘) to choose several countries."),
        render_kw={"size": 10},
    )
    show_employers = BooleanField(
        _l("Show employer and institution names to hosts"),
        description=_l(
            "Off by default: names of employers and universities can identify you. Hosts to "
            "whom you reveal them through a contact request see them either way."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.blocked_countries.choices = [
            SelectChoice(code, name) for code, name in country_choices()
        ]


class EraseAccountForm(FlaskForm):
    """Confirm erasing the account with the password."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_l("Enter your password to confirm."))],
    )
