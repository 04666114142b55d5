"""Forms for an exile's profile, its deletion and the filters on their matches.

The profile form only collects text: the contract's `ProfileRecord` judges it, so a profile typed
in here obeys exactly the rules an imported one does. `record_values` turns the form into a record
dict and `show_errors` puts the schema's complaints back next to the fields they concern.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from pydantic import ValidationError
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget, NumberInput

from web.records.fields import FIELDS, KINDS, LEVELS
from web.services.display import (
    FIELD_LABELS,
    KIND_LABELS,
    country_choices,
    language_choices,
    level_name,
)
from web.services.filters import ListingFilter

# The text fields of each repeatable entry; an entry with all of them empty is ignored.
ROW_FIELDS = {
    "experience": ("title", "organization", "start", "end", "description"),
    "education": ("degree", "field", "institution", "year"),
    "languages": ("code", "level"),
}
COUNTRY_FIELDS = ("country", "relocate_to", "work_authorization")
YES_NO = {"yes": True, "no": False}
MONTH_INPUT = {"placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}", "inputmode": "numeric"}


class CheckboxesField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ExperienceForm(Form):
    """One position in the work history."""

    title = StringField(_l("Role or title"))
    organization = StringField(
        _l("Employer"), description=_l("Hidden from hosts unless you choose to show it.")
    )
    start = StringField(_l("From"), description=_l("Month as YYYY-MM"), render_kw=MONTH_INPUT)
    end = StringField(
        _l("Until"), description=_l("YYYY-MM; empty if you still work there"), render_kw=MONTH_INPUT
    )
    description = TextAreaField(_l("What you did"))
    remove = BooleanField(_l("Remove this entry"))


class EducationForm(Form):
    """One degree."""

    degree = StringField(_l("Degree"), description=_l("For example MSc, PhD, диплом специалиста"))
    field = StringField(_l("Subject"))
    institution = StringField(
        _l("University or school"),
        description=_l("Hidden from hosts unless you choose to show it."),
    )
    year = StringField(_l("Year"), widget=NumberInput(min=1900, max=2100))
    remove = BooleanField(_l("Remove this entry"))


class LanguageForm(Form):
    """A language and how well it is spoken."""

    code = SelectField(_l("Language"))
    level = SelectField(_l("Level"))
    remove = BooleanField(_l("Remove this entry"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.code.choices = [SelectChoice("", _("Choose a language"))] + [
            SelectChoice(code, name) for code, name in language_choices()
        ]
        self.level.choices = [SelectChoice("", _("Choose a level"))] + [
            SelectChoice(level, level_name(level)) for level in LEVELS
        ]


def _rows(form_class, limit: int) -> FieldList:
    # One more than the contract allows, so a blank row still fits beside a full list.
    return FieldList(FormField(form_class), min_entries=0, max_entries=limit + 1)


class ProfileForm(FlaskForm):
    """Every field of a profile, with repeatable experience, education and languages."""

    display_name = StringField(
        _l("Display name"),
        description=_l("What hosts see instead of your name; a pseudonym is fine."),
    )
    headline = StringField(
        _l("Headline"), description=_l("For example “Backend engineer, payments”.")
    )
    field = SelectField(_l("Field"))
    summary = TextAreaField(_l("Summary"), description=_l("Any language."))
    skills = TextAreaField(_l("Skills"), description=_l("Separate skills by commas or new lines."))
    experience = _rows(ExperienceForm, 50)
    education = _rows(EducationForm, 20)
    languages = _rows(LanguageForm, 30)
    country = SelectField(_l("Country where you live now"))
    seeking = CheckboxesField(_l("I am looking for"))
    remote = SelectField(_l("Open to remote work"))
    relocate_to = StringField(
        _l("Countries you would move to"),
        description=_l("Two-letter country codes separated by commas, e.g. DE, PT."),
    )
    work_authorization = StringField(
        _l("Countries where you may work now"),
        description=_l("Two-letter country codes separated by commas, e.g. GE, AM."),
    )
    years_experience = StringField(
        _l("Years of professional experience"), widget=NumberInput(min=0, max=80)
    )
    full_name = StringField(_l("Full name"))
    name_variants = TextAreaField(
        _l("Other spellings of your name"),
        description=_l("One per line: in Cyrillic, as in your passport, and so on."),
    )
    birth_year = StringField(_l("Year of birth"), widget=NumberInput(min=1900, max=2100))
    email = EmailField(_l("Contact e-mail"))
    city = StringField(_l("City"))
    # The version of the profile the form was loaded with: a save over a newer one is refused.
    version = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Set when the profile changed elsewhere since the form was loaded.
        self.conflict = False
        self.field.choices = [SelectChoice("", _("Not stated"))] + [
            SelectChoice(code, FIELD_LABELS[code]) for code in FIELDS
        ]
        self.country.choices = [SelectChoice("", _("Not stated"))] + [
            SelectChoice(code, name) for code, name in country_choices()
        ]
        self.seeking.choices = [SelectChoice(kind, KIND_LABELS[kind]) for kind in KINDS]
        self.remote.choices = [
            SelectChoice("", _("Not stated")),
            SelectChoice("yes", _("Yes")),
            SelectChoice("no", _("No")),
        ]
        self.general_errors: list[str] = []
        self.invalid = False
        # Which form row each entry of the last record came from (blank rows are skipped).
        self._row_of: dict[str, list[int]] = {name: [] for name in ROW_FIELDS}

    # Form <-> record ---------------------------------------------------------------------

    @staticmethod
    def data_from_record(record: dict) -> dict:
        """Return the form's initial data for a profile in the contract's record format."""
        data = dict(record)
        for name in ("skills", "relocate_to", "work_authorization"):
            data[name] = ", ".join(record[name])
        data["name_variants"] = "\n".join(record["name_variants"])
        data["remote"] = {True: "yes", False: "no"}.get(record["remote"], "")
        return data

    def loaded_version(self) -> int | None:
        """Return the profile version the form was loaded with, or None if it does not say."""
        return _version(self.version.data)

    def add_row(self, section: str) -> None:
        """Append one blank entry to a repeatable section, if it has room."""
        rows = getattr(self, section, None) if section in ROW_FIELDS else None
        if rows is not None and len(rows.entries) < rows.max_entries:
            rows.append_entry()

    def add_blank_rows(self) -> None:
        """Give each repeatable section one blank entry to fill in."""
        for section in ROW_FIELDS:
            self.add_row(section)

    def record_values(self, external_id: str) -> dict:
        """Return the contract record the form describes (not yet validated)."""
        values = {"external_id": external_id}
        for name in ("display_name", "headline", "field", "summary", "country", "full_name"):
            values[name] = self[name].data
        values["email"], values["city"] = self.email.data, self.city.data
        values["skills"] = _split(self.skills.data, r"[,\n]")
        values["name_variants"] = _split(self.name_variants.data, r"\n")
        values["relocate_to"] = _split(self.relocate_to.data, r"[\s,;]+")
        values["work_authorization"] = _split(self.work_authorization.data, r"[\s,;]+")
        values["seeking"] = list(self.seeking.data or [])
        values["remote"] = YES_NO.get(self.remote.data or "")
        values["years_experience"] = _number(self.years_experience.data)
        values["birth_year"] = _number(self.birth_year.data)
        for section, names in ROW_FIELDS.items():
            values[section] = []
            self._row_of[section] = []
            for position, entry in enumerate(self[section].entries):
                row = {name: entry.form[name].data for name in names}
                if entry.form.remove.data or not any((v or "").strip() for v in row.values()):
                    continue
                if section == "education":
                    row["year"] = _number(row["year"])
                values[section].append(row)
                self._row_of[section].append(position)
        return values

    def show_errors(self, error: ValidationError, values: dict) -> None:
        """Put each of the schema's complaints next to the field it concerns."""
        self.invalid = True
        for item in error.errors():
            loc = item["loc"]
            if not loc:
                self._show_record_error(item, values)
                continue
            target = self._field_at(loc)
            name = next((part for part in reversed(loc) if isinstance(part, str)), "")
            if target is None:
                self.general_errors.append(_message(item, name))
            elif len(loc) == 2 and loc[0] == "experience" and item["type"] == "value_error":
                _add_error(target, _("The end is before the start."))
            else:
                _add_error(target, _message(item, name))

    def _field_at(self, loc: tuple):
        head = loc[0]
        if head in ROW_FIELDS:
            if len(loc) == 1 or not isinstance(loc[1], int):
                return None
            entry = self[head].entries[self._row_of[head][loc[1]]]
            if len(loc) > 2:
                return entry.form[loc[2]]
            # A whole-entry error (end before start) belongs beside the end month.
            return entry.form.end if head == "experience" else None
        return self[head] if head in self._fields else None

    def _show_record_error(self, item: dict, values: dict) -> None:
        seen: set[str] = set()
        repeated = False
        for position, row in enumerate(values.get("languages", [])):
            code = (row.get("code") or "").strip().lower()
            if code in seen:
                entry = self.languages.entries[self._row_of["languages"][position]]
                _add_error(entry.form.code, _("This language is listed twice."))
                repeated = True
            seen.add(code)
        if not repeated:
            self.general_errors.append(item["msg"].removeprefix("Value error, "))


def _add_error(field, message: str) -> None:
    # A field's errors are a tuple until WTForms validates it; the schema validates instead.
    field.errors = [*field.errors, message]


def _version(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _split(text: str | None, separators: str) -> list[str]:
    return [part.strip() for part in re.split(separators, text or "") if part.strip()]


def _number(text) -> object:
    # A non-number is passed on as text so that the schema names the field that holds it.
    text = str(text if text is not None else "").strip()
    if not text:
        return None
    return int(text) if re.fullmatch(r"[+-]?\d{1,9}", text) else text


def _message(item: dict, name: str) -> str:
    """Return the schema's complaint about one field in the reader's language."""
    kind, ctx, value = item["type"], item.get("ctx") or {}, item.get("input")
    if kind == "missing" or (value is None and kind.endswith("_type")):
        return _("This field is required.")
    if kind == "string_too_long":
        return _("Use at most %(n)s characters.", n=ctx.get("max_length"))
    if kind == "too_long":
        return _("At most %(n)s entries.", n=ctx.get("max_length"))
    if kind in ("int_type", "int_parsing"):
        return _("Enter a whole number.")
    if kind == "greater_than_equal":
        return _("Enter %(n)s or more.", n=ctx.get("ge"))
    if kind == "less_than_equal":
        return _("Enter %(n)s or less.", n=ctx.get("le"))
    if kind == "string_pattern_mismatch":
        return _("Enter an e-mail address such as name@example.org.")
    if kind in ("literal_error", "list_type"):
        return _("Choose one of the options.")
    if kind == "value_error":
        if "control characters" in item["msg"]:
            return _("Remove the invisible control characters from this text.")
        if name in COUNTRY_FIELDS:
            return _(
                "“%(value)s” is not a two-letter country code (ISO 3166-1, such as DE or GE).",
                value=value,
            )
        if name == "code":
            return _("Choose a language from the list.")
        if name == "level":
            return _("Choose a level from the list.")
        if name in ("start", "end"):
            return _(
                "“%(value)s” is not a month in the form YYYY-MM, such as 2021-09.", value=value
            )
    return item["msg"].removeprefix("Value error, ")


class DeleteProfileForm(FlaskForm):
    """Confirms deleting one's own profile (the form carries only the CSRF token)."""


class MatchFilterForm(FlaskForm):
    """Narrows an exile's matches; sent by GET, as filters are not personal data."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Kind"), default="")
    country = SelectField(_l("Country"), default="")
    remote = SelectField(_l("Remote"), default="")
    sponsorship = SelectField(_l("Visa sponsorship"), default="")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice("", _("Any kind"))] + [
            SelectChoice(kind, KIND_LABELS[kind]) for kind in KINDS
        ]
        self.country.choices = [SelectChoice("", _("Any country"))] + [
            SelectChoice(code, name) for code, name in country_choices()
        ]
        self.remote.choices = [
            SelectChoice("", _("Any")),
            SelectChoice("yes", _("Remote")),
            SelectChoice("no", _("Not remote")),
        ]
        self.sponsorship.choices = [
            SelectChoice("", _("Any")),
            SelectChoice("yes", _("Offered")),
            SelectChoice("no", _("Not offered")),
        ]

    def listing_filter(self) -> ListingFilter:
        """Return the filter the chosen options describe."""
        return ListingFilter(
            kind=self.kind.data or None,
            country=self.country.data or None,
            remote=YES_NO.get(self.remote.data or ""),
            visa_sponsorship=YES_NO.get(self.sponsorship.data or ""),
        )
