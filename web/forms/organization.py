"""The form of a host organisation's page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, Optional, ValidationError

from web.forms.listing import country_choices

ORGANIZATION_KIND_LABELS = {
    "employer": _l("Employer"),
    "university": _l("University or institute"),
    "newsroom": _l("Newsroom"),
    "fund": _l("Fund or foundation"),
    "investor": _l("Investor"),
}


class OrganizationForm(FlaskForm):
    """What a host may change about their organisation (the name is fixed)."""

    kind = SelectField(
        _l("Kind of organisation"),
        choices=[SelectChoice("", _l("Not stated"))]
        + [SelectChoice(value, label) for value, label in ORGANIZATION_KIND_LABELS.items()],
        default="",
    )
    country = SelectField(_l("Country"), default="")
    website = URLField(
        _l("Website"),
        validators=[Optional(), Length(max=500), URL(message=_l("Enter a full web address."))],
        description=_l("Starting with https://"),
    )
    description = TextAreaField(
        _l("About the organisation"), validators=[Optional(), Length(max=10_000)]
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(_l("Not stated"))

    def validate_website(self, field) -> None:
        """Accept only web addresses (no javascript:, data: or mail links)."""
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Enter a full web address."))
