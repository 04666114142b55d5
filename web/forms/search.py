"""Talent search and candidate filters: read from the query string, never stored or logged."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import NumberInput

from web.forms.listing import LEVEL_CHOICES, country_choices, labelled, language_choices
from web.services.display import FIELD_LABELS, KIND_LABELS
from web.services.filters import ProfileFilter
from web.services.protection import PersonSearchRefused, check_search_text

MAX_QUERY_LENGTH = 200


def _capped(value: str | None) -> str | None:
    # A search is a few words; longer input is cut rather than refused.
    return " ".join(value.split())[:MAX_QUERY_LENGTH] if value else value


def not_a_person(_form, field) -> None:
    """Refuse a search for a person (ORCID iD, date, e-mail, phone) rather than for skills."""
    try:
        check_search_text(field.data)
    except PersonSearchRefused as error:
        raise ValidationError(str(error)) from None


class TalentFilterForm(FlaskForm):
    """What a host narrows the talent pool by; sent with GET, so no CSRF token."""

    class Meta:
        csrf = False

    field = SelectField(_l("Field"), choices=labelled(FIELD_LABELS, _l("Any")), default="")
    language = SelectField(_l("Speaks"), default="")
    min_level = SelectField(
        _l("At least"), choices=labelled(LEVEL_CHOICES, _l("Any level")), default=""
    )
    country = SelectField(
        _l("Can work in"),
        description=_l("Lives there, may work there or would move there."),
        default="",
    )
    remote = SelectField(
        _l("Remote work"),
        choices=[
            SelectChoice("", _l("Any")),
            SelectChoice("yes", _l("Open to remote work")),
            SelectChoice("no", _l("Prefers on-site")),
        ],
        default="",
    )
    min_years = IntegerField(
        _l("Years of experience, at least"),
        validators=[Optional(), NumberRange(min=0, max=80)],
        widget=NumberInput(min=0, max=80),
    )
    seeking = SelectField(_l("Seeking"), choices=labelled(KIND_LABELS, _l("Any")), default="")
    verified_only = BooleanField(
        _l("Verified people only"),
        description=_l(
            "People with a current check of who they are. It only narrows the results; "
            "it never changes the order."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices(_l("Any language"))
        self.country.choices = country_choices(_l("Any country"))

    def profile_filter(self) -> ProfileFilter:
        """Return the chosen filters (call after a successful validate)."""
        return ProfileFilter(
            field=self.field.data or None,
            language=self.language.data or None,
            min_level=(self.min_level.data or None) if self.language.data else None,
            country=self.country.data or None,
            remote={"yes": True, "no": False}.get(self.remote.data),
            min_years=self.min_years.data,
            seeking=self.seeking.data or None,
            verified_only=bool(self.verified_only.data),
        )


class TalentSearchForm(TalentFilterForm):
    """A free-text talent search with the same filters."""

    q = SearchField(
        _l("Who are you looking for?"),
        description=_l("Skills, a role or a topic, in any language."),
        filters=[_capped],
        validators=[not_a_person],
        render_kw={"maxlength": MAX_QUERY_LENGTH},
    )
